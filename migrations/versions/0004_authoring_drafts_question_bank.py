"""Authoring: drafts, publishing, question bank (placeholder until filled in)

Revision ID: 0004_authoring
Revises: 0003_reports
Create Date: 2026-11-22 20:40:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0004_authoring'
down_revision = '0003_reports'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
