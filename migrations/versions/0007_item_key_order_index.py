"""Item analysis on SQLite: responses in (question, answer) order

SQLite groups by sorting every row it aggregates. With this index, the item
analysis of a large scope reads the responses already grouped by question key
and answer, from the index alone (see coursehub/reports/items.py).

Revision ID: 0007_item_key_order
Revises: 0006_security
Create Date: 2026-11-23 00:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_item_key_order'
down_revision = '0006_security'
branch_labels = None
depends_on = None

INDEX = 'ix_question_response_item_key_order'


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.create_index(INDEX, 'question_response',
                        ['question_key', 'answer', 'attempt_id', 'score'])


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.drop_index(INDEX, table_name='question_response')
