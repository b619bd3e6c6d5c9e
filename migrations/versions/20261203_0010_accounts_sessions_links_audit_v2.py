"""Server-side sessions, password links, account mail in the outbox, and the keyed audit chain (seq, version).

Existing audit entries keep their digest: they become version 1 (plain SHA-256, checked as before) and get
their place in the chain (seq) in id order; entries written from now on are version 2 (HMAC of every column,
core/audit.py). Nothing is re-hashed, so `flask audit verify` still passes on a database made by older code.

Revision ID: 3a7c0d2e0010
Revises: 6458685375cf
Create Date: 2026-12-03 17:00:21.044276

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3a7c0d2e0010'
down_revision = '6458685375cf'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('invite', 'reminder', 'notice')"
NEW_KINDS = "kind IN ('invite', 'reminder', 'notice', 'account')"


def upgrade():
    op.create_table('password_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('set', 'reset')", name=op.f('ck_password_links_purpose')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_links'))
    )
    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_links_user_id'), ['user_id'], unique=False)

    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_sessions_token_hash'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    op.execute("UPDATE audit_entries SET seq = numbered.n FROM "
               "(SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM audit_entries) AS numbered "
               "WHERE audit_entries.id = numbered.id")
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.alter_column('seq', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('version', existing_type=sa.Integer(), server_default=None)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_entries_seq'), ['seq'])

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('campaign_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.drop_constraint(op.f('ck_outbox_messages_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_messages_kind'), NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM outbox_messages WHERE kind = 'account'")
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_messages_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_messages_kind'), OLD_KINDS)
        batch_op.alter_column('campaign_id', existing_type=sa.INTEGER(), nullable=False)

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_entries_seq'), type_='unique')
        batch_op.drop_column('version')
        batch_op.drop_column('seq')

    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
    op.drop_table('user_sessions')
    with op.batch_alter_table('password_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_links_user_id'))
    op.drop_table('password_links')
