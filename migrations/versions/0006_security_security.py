"""Security: confirmed e-mail addresses, anonymised accounts

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
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(timezone=True),
                                      nullable=True))
    # Accounts that existed before confirmation was required are trusted.
    op.execute("UPDATE user_account SET email_confirmed_at = created_at")


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
        batch_op.drop_column('email_confirmed_at')
