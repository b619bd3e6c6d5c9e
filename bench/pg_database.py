"""The PostgreSQL database a bench measures: the production settings pointing at it, and a fresh, migrated copy.

Used by the benches that seed 127.0.0.1:5432 (user postgres): respond, scoring, progress, integrity_scan;
the last three measure inside `seeded(...)`.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = ["-h", "127.0.0.1", "-U", "postgres"]


def environment(db_name: str) -> dict:
    """The environment of an app in production configuration on database `db_name`."""
    env = dict(os.environ, SURVEY_APP_CONFIG="production", SECRET_KEY="bench-secret-key-" + "x" * 32,
               AUDIT_KEY="bench-audit-key-" + "y" * 32, PUBLIC_BASE_URL="http://127.0.0.1",
               DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{db_name}")
    env.pop("TEST_DATABASE_URL", None)
    return env


def create_database(env: dict, db_name: str) -> None:
    """Drop and create `db_name`, then build its schema with the migrations."""
    subprocess.run(["dropdb", *PG, "--if-exists", db_name], check=True)
    subprocess.run(["createdb", *PG, db_name], check=True)
    subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)


@contextmanager
def seeded(db_name: str, *, reuse: bool, seed: Callable):
    """(app, campaign) inside the app's context: the app as wsgi.py builds it for gunicorn, on a fresh, migrated
    `db_name` where `seed()` wrote the campaign (with `reuse`, the campaign a previous run left), analysed."""
    env = environment(db_name)
    if not reuse:
        create_database(env, db_name)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import select

    from survey_app.campaigns.models import Campaign
    from survey_app.core.db import db
    from wsgi import app
    with app.app_context():
        started = time.perf_counter()
        campaign = db.session.scalar(select(Campaign)) if reuse else seed()
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        subprocess.run(["psql", *PG, "-q", "-d", db_name, "-c", "VACUUM ANALYZE"], check=True)
        yield app, campaign
