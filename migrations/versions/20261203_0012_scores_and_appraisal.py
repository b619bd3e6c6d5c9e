"""Score computations with their unit results, and appraisal uploads and points.

Revision ID: f8465b628edc
Revises: 3a7c0d2e0010
Create Date: 2026-12-03 17:02:42.537986

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f8465b628edc'
down_revision = '3a7c0d2e0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appraisal_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_appraisal_uploads_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_appraisal_uploads_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_uploads'))
    )
    with op.batch_alter_table('appraisal_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_uploads_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('score_computations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('model_checksum', sa.String(length=64), nullable=False),
    sa.Column('input_hash', sa.String(length=64), nullable=False),
    sa.Column('model', sa.JSON(), nullable=False),
    sa.Column('resamples', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('computed_by_id', sa.Integer(), nullable=True),
    sa.Column('computed_by', sa.String(length=200), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(status = 'published') = (published_at IS NOT NULL)", name=op.f('ck_score_computations_published_at')),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_score_computations_status')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_score_computations_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['computed_by_id'], ['users.id'], name=op.f('fk_score_computations_computed_by_id_users')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_score_computations_published_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_computations'))
    )
    with op.batch_alter_table('score_computations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_computations_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('appraisal_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('criterion_code', sa.String(length=30), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('points >= 0', name=op.f('ck_appraisal_points_points')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_appraisal_points_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_appraisal_points_locality_id_localities')),
    sa.ForeignKeyConstraint(['upload_id'], ['appraisal_uploads.id'], name=op.f('fk_appraisal_points_upload_id_appraisal_uploads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_points')),
    sa.UniqueConstraint('campaign_id', 'locality_id', 'criterion_code', name=op.f('uq_appraisal_points_campaign_id'))
    )
    with op.batch_alter_table('appraisal_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_points_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('unit_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('computation_id', sa.Integer(), nullable=False),
    sa.Column('locality_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('survey_points', sa.Float(), nullable=False),
    sa.Column('survey_max', sa.Float(), nullable=False),
    sa.Column('appraisal_points', sa.Float(), nullable=False),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('index', sa.Float(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('classes', sa.JSON(), nullable=False),
    sa.Column('is_voided', sa.Boolean(), nullable=False),
    sa.Column('index_low', sa.Float(), nullable=True),
    sa.Column('index_high', sa.Float(), nullable=True),
    sa.Column('rank_low', sa.Integer(), nullable=True),
    sa.Column('rank_high', sa.Integer(), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['computation_id'], ['score_computations.id'], name=op.f('fk_unit_scores_computation_id_score_computations')),
    sa.ForeignKeyConstraint(['locality_id'], ['localities.id'], name=op.f('fk_unit_scores_locality_id_localities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_scores')),
    sa.UniqueConstraint('computation_id', 'locality_id', name=op.f('uq_unit_scores_computation_id'))
    )
    with op.batch_alter_table('unit_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_scores_computation_id'), ['computation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('unit_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_scores_computation_id'))

    op.drop_table('unit_scores')
    with op.batch_alter_table('appraisal_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_points_campaign_id'))

    op.drop_table('appraisal_points')
    with op.batch_alter_table('score_computations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_computations_campaign_id'))

    op.drop_table('score_computations')
    with op.batch_alter_table('appraisal_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_uploads_campaign_id'))

    op.drop_table('appraisal_uploads')
