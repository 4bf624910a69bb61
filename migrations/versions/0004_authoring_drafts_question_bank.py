"""Authoring: drafts, publishing, question bank

Revision ID: 0004_authoring
Revises: 0003_reports
Create Date: 2026-11-22 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_authoring'
down_revision = '0003_reports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draft_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_draft_file_module_id_module')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_draft_file_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_file')),
    sa.UniqueConstraint('module_id', 'path', name=op.f('uq_draft_file_module_id_path'))
    )
    with op.batch_alter_table('draft_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_file_module_id'), ['module_id'], unique=False)

    with op.batch_alter_table('question_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('question_response', schema=None) as batch_op:
        batch_op.drop_column('shown')

    with op.batch_alter_table('draft_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_file_module_id'))
    op.drop_table('draft_file')
