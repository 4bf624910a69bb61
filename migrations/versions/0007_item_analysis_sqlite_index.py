"""Item analysis on SQLite: an index that holds the answers too

PostgreSQL's item-analysis index already carries ``answer`` (INCLUDE); SQLite
has no INCLUDE, so it gets an index with ``answer`` as its last key, and the
report reads every response from the index alone.

Revision ID: 0007_item_analysis_sqlite
Revises: 0006_security
Create Date: 2026-11-23 00:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_item_analysis_sqlite'
down_revision = '0006_security'
branch_labels = None
depends_on = None

INDEX = 'ix_question_response_item_analysis_sqlite'


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.create_index(INDEX, 'question_response',
                        ['attempt_id', 'question_key', 'score', 'answer'])


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.drop_index(INDEX, table_name='question_response')
