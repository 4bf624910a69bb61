"""Security: password reset, privacy (placeholder until filled in)

Revision ID: 0006_security
Revises: 0005_credentials
Create Date: 2026-11-22 20:40:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0006_security'
down_revision = '0005_credentials'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
