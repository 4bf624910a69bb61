"""Organisations, cohorts and reports (placeholder until filled in)

Revision ID: 0003_reports
Revises: 0002_audit
Create Date: 2026-11-22 20:40:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0003_reports'
down_revision = '0002_audit'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
