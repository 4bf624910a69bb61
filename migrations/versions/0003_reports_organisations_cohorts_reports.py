"""Organisations, cohorts and reports: cohorts, pre-tests, report indexes

Revision ID: 0003_reports
Revises: 0002_audit
Create Date: 2026-11-22 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_reports'
down_revision = '0002_audit'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohort',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('instructor_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('join_code', sa.String(length=32), nullable=False),
    sa.Column('open', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['instructor_id'], ['user_account.id'], name=op.f('fk_cohort_instructor_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_cohort_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort')),
    sa.UniqueConstraint('join_code', name=op.f('uq_cohort_join_code'))
    )
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_instructor_id'), ['instructor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('cohort_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_cohort_member_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_cohort_member_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_member')),
    sa.UniqueConstraint('cohort_id', 'user_id', name=op.f('uq_cohort_member_cohort_id_user_id'))
    )
    with op.batch_alter_table('cohort_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_member_user_id'), ['user_id'], unique=False)

    op.create_table('cohort_module',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_cohort_module_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_cohort_module_module_id_module')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_module')),
    sa.UniqueConstraint('cohort_id', 'module_id', name=op.f('uq_cohort_module_cohort_id_module_id'))
    )
    with op.batch_alter_table('cohort_module', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_module_module_id'), ['module_id'], unique=False)

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='quiz', nullable=False))
        batch_op.create_index('ix_quiz_attempt_module_kind', ['module_id', 'kind', 'version_id', 'score'], unique=False)

    with op.batch_alter_table('question_response', schema=None) as batch_op:
        batch_op.create_index('ix_question_response_item_analysis', ['attempt_id', 'question_key', 'score'], unique=False, postgresql_include=['answer'])

    with op.batch_alter_table('module_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pretest', sa.Boolean(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('module_version', schema=None) as batch_op:
        batch_op.drop_column('pretest')

    with op.batch_alter_table('question_response', schema=None) as batch_op:
        batch_op.drop_index('ix_question_response_item_analysis')

    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempt_module_kind')
        batch_op.drop_column('kind')

    with op.batch_alter_table('cohort_module', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_module_module_id'))
    op.drop_table('cohort_module')

    with op.batch_alter_table('cohort_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_member_user_id'))
    op.drop_table('cohort_member')

    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_instructor_id'))
    op.drop_table('cohort')
