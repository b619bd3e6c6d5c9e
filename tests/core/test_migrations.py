"""Migrations are the only source of the schema: they must agree with the models on every database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from survey_app.reference.models import DepartmentMinistry, FormerProvince, Locality
from survey_app.reference.seed import sync_reference


def _render(diff) -> str:
    return repr(diff)[:300]


def test_models_and_migrations_agree(app, db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, db.metadata)
    assert diffs == [], "models differ from migrations:\n" + "\n".join(_render(d) for d in diffs)


def test_reference_data_is_loaded_once_however_often_upgrade_runs(app, db):
    counts = lambda: [db.session.scalar(select(func.count()).select_from(m))  # noqa: E731
                      for m in (Locality, FormerProvince, DepartmentMinistry)]
    before = counts()
    with db.engine.begin() as conn:
        sync_reference(conn)
        sync_reference(conn)
    assert counts() == before
    assert before[0] == 34 + 15 and before[1] == 63


def test_upgrade_on_an_up_to_date_database_changes_nothing(app, db):
    upgrade()
    assert db.session.scalar(select(func.count()).select_from(Locality)) == 49


def test_postgresql_may_scan_the_progress_tables_in_parallel(app, db):
    """Migration 0016: the overview's join of invitations to invite messages can use two workers (docs/progress.md)."""
    if app.config["BACKEND"] != "postgres":
        return  # SQLite has no parallel scans; nothing to set
    options = dict(db.session.execute(text(
        "SELECT relname, reloptions FROM pg_class WHERE relname IN ('invitations', 'outbox_messages')")).all())
    assert options == {"invitations": ["parallel_workers=2"], "outbox_messages": ["parallel_workers=2"]}
