"""Integrity: each locality's risk as the latest scan gave it.

Revision ID: 3d1e5a7c0014
Revises: e541acd3872f
Create Date: 2026-12-03 21:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '3d1e5a7c0014'
down_revision = 'e541acd3872f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('integrity_risks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('risk', sa.Float(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('risk >= 0 AND risk <= 1', name=op.f('ck_integrity_risks_risk')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_integrity_risks_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_integrity_risks_locality_id_localities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integrity_risks')),
    sa.UniqueConstraint('campaign_id', 'locality_id', name=op.f('uq_integrity_risks_campaign_id'))
    )
    with op.batch_alter_table('integrity_risks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integrity_risks_campaign_id'), ['campaign_id'], unique=False)


def downgrade():
    with op.batch_alter_table('integrity_risks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integrity_risks_campaign_id'))
    op.drop_table('integrity_risks')
