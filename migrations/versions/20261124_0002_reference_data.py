"""Reference data: the 34 provinces, the 63 former provinces, the evaluated ministries, departments → ministries.

Revision ID: 7c1e2a900002
Revises: 1571fcfe4898
Create Date: 2026-11-24 01:05:00
"""
from alembic import op

from survey_app.reference.seed import sync_reference

revision = "7c1e2a900002"
down_revision = "1571fcfe4898"
branch_labels = None
depends_on = None


def upgrade():
    # Idempotent: inserts what is missing and updates what changed.
    sync_reference(op.get_bind())


def downgrade():
    for table in ("department_ministries", "former_provinces"):
        op.execute(f"DELETE FROM {table}")
