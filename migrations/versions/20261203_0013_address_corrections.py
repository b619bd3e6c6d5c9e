"""Address corrections (pending MOHA approval off the official domains); import warnings naming other lists removed.

Revision ID: e541acd3872f
Revises: f8465b628edc
Create Date: 2026-12-03 21:09:04.765345

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e541acd3872f'
down_revision = 'f8465b628edc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('address_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('old_address', sa.String(length=254), nullable=False),
    sa.Column('new_address', sa.String(length=254), nullable=False),
    sa.Column('is_official', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_by', sa.String(length=254), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refusal_reason', sa.String(length=1000), nullable=True),
    sa.Column('replacement_id', sa.Integer(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name=op.f('ck_address_corrections_decided_at')),
    sa.CheckConstraint("status IN ('pending', 'applied', 'refused')", name=op.f('ck_address_corrections_status')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_address_corrections_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_address_corrections_decided_by_id_users')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_address_corrections_locality_id_localities')),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_messages.id'], name=op.f('fk_address_corrections_message_id_outbox_messages')),
    sa.ForeignKeyConstraint(['notice_id'], ['outbox_messages.id'], name=op.f('fk_address_corrections_notice_id_outbox_messages')),
    sa.ForeignKeyConstraint(['replacement_id'], ['outbox_messages.id'], name=op.f('fk_address_corrections_replacement_id_outbox_messages')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_address_corrections_requested_by_id_users')),
    sa.ForeignKeyConstraint(['respondent_id'], ['respondents.id'], name=op.f('fk_address_corrections_respondent_id_respondents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_address_corrections'))
    )
    with op.batch_alter_table('address_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_address_corrections_campaign_id'), ['campaign_id'], unique=False)
    _forget_other_lists()


#: The import used to warn "… cũng có trong danh sách của 42", telling an officer who is on another list.
_OTHER_LIST = "cũng có trong danh sách của"


def _forget_other_lists():
    """Drop that warning from every stored import report (MOHA now sees the overlap computed when it looks)."""
    lists = sa.table("respondent_lists", sa.column("id", sa.Integer), sa.column("warnings", sa.JSON))
    bind = op.get_bind()
    for list_id, warnings in bind.execute(sa.select(lists.c.id, lists.c.warnings)).all():
        kept = [w for w in warnings or [] if _OTHER_LIST not in str(w)]
        if len(kept) != len(warnings or []):
            bind.execute(lists.update().where(lists.c.id == list_id).values(warnings=kept))



def downgrade():
    with op.batch_alter_table('address_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_address_corrections_campaign_id'))

    op.drop_table('address_corrections')
