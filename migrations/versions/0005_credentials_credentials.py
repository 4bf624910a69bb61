"""Credentials: signing keys, revocation (placeholder until filled in)

Revision ID: 0005_credentials
Revises: 0004_authoring
Create Date: 2026-11-22 20:40:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0005_credentials'
down_revision = '0004_authoring'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
