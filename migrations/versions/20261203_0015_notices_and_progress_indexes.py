"""Notices for MOHA and localities (audience, kind, dedupe), per-person notice settings, progress indexes.

Revision ID: 5b1e0c9d0015
Revises: 3d1e5a7c0014
Create Date: 2026-12-03 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5b1e0c9d0015'
down_revision = '3d1e5a7c0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('locality_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('audience', sa.String(length=10), nullable=False, server_default='locality'))
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_notifications_dedupe_key'), ['dedupe_key'])
    op.create_table('notice_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_email_off', sa.Boolean(), nullable=False),
    sa.Column('seen_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notice_preferences_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notice_preferences'))
    )
    # The overview's and the desk's counts read invitations of one campaign by locality, and invite messages
    # of one campaign by respondent.
    op.create_index('ix_invitations_campaign_locality', 'invitations', ['campaign_id', 'locality_id'])
    op.create_index('ix_outbox_campaign_kind_respondent', 'outbox_messages', ['campaign_id', 'kind', 'respondent_id'])
    op.create_index('ix_invitations_campaign_created', 'invitations', ['campaign_id', 'created_at'])


def downgrade():
    op.drop_index('ix_invitations_campaign_created', table_name='invitations')
    op.drop_index('ix_outbox_campaign_kind_respondent', table_name='outbox_messages')
    op.drop_index('ix_invitations_campaign_locality', table_name='invitations')
    op.drop_table('notice_preferences')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notifications_dedupe_key'), type_='unique')
        batch_op.drop_column('dedupe_key')
        batch_op.drop_column('kind')
        batch_op.drop_column('audience')
        batch_op.alter_column('locality_id', existing_type=sa.Integer(), nullable=False)
