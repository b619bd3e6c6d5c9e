"""Issue 10 item 4: with RATELIMIT_STORAGE_URI naming a shared store (Redis), the login limit holds across
worker processes (with the default memory:// each process counts alone). Two real processes, the local Redis."""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/15"
WORKER = """
import json, sys
from config.settings import Testing
from survey_app import create_app

class Worker(Testing):
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "3 per minute"

config = Worker()
config.SQLALCHEMY_DATABASE_URI, config.RATELIMIT_STORAGE_URI, config.RATELIMIT_KEY_PREFIX = sys.argv[1:4]
client = create_app(config).test_client()
codes = [client.post("/api/v1/auth/token", json={"email": "a@moha.gov.vn", "password": "sai"}).status_code
         for _ in range(2)]
print(json.dumps(codes))
"""


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _worker(app, storage: str, prefix: str) -> list[int]:
    """One worker process making two failed sign-ins; the HTTP statuses it got."""
    out = subprocess.run([sys.executable, "-c", WORKER, app.config["SQLALCHEMY_DATABASE_URI"], storage, prefix],
                         cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_two_workers_share_the_login_limit_through_redis(app, db):
    if not _redis_up():
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"
    assert _worker(app, REDIS, prefix) + _worker(app, REDIS, prefix) == [401, 401, 401, 429]

