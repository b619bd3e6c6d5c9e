"""Nothing lost, nothing sent twice beyond what was in flight: real `flask mail worker` processes on PostgreSQL,
killed with SIGKILL, run three at once, and facing a server that defers 30% of messages."""

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey_app.mailing.models import OutboxMessage

from .seeding import seed_campaign

ROOT = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE)

pytestmark = pytest.mark.slow


@pytest.fixture
def postgres(app):
    """The URL of this run's PostgreSQL database, for the worker processes."""
    if app.config["BACKEND"] != "postgres":
        pytest.skip("several workers and SKIP LOCKED need PostgreSQL (a single worker only on SQLite)")
    return app.config["SQLALCHEMY_DATABASE_URI"]


def start_worker(url: str, port: int, **env) -> subprocess.Popen:
    """`flask mail worker` in its own process, on the test database, sending to 127.0.0.1:port."""
    environment = {**os.environ, "SURVEY_APP_CONFIG": "testing", "TEST_DATABASE_URL": url,
                   "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "MAIL_BATCH_SIZE": "100",
                   "MAIL_LEASE_SECONDS": "2", "MAIL_BACKOFF_BASE": "0.5", "SMTP_CONNECTIONS": "5", **env}
    args = [sys.executable, "-m", "flask", "--app", "wsgi", "mail", "worker", "--idle", "0.2"]
    return subprocess.Popen(args + (["--once"] if env.get("ONCE") else []), cwd=ROOT, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def received_ids(recorder) -> Counter:
    return Counter(MESSAGE_ID.search(content).group(1).decode() for _, _, content in list(recorder.messages))


def count(db, *conditions) -> int:
    db.session.rollback()  # a fresh snapshot of what the workers wrote
    return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions))


def expected_ids(db) -> set[str]:
    return {f"<{mid}.par@moha.gov.vn>" for mid in db.session.scalars(select(OutboxMessage.id))}


def wait_for_new_mail(recorder, seen: int, process, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while len(recorder.messages) == seen and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def test_kill_9_again_and_again_loses_nothing(db, postgres, make_campaign, recorder, smtp_server):
    seed_campaign(make_campaign(), 5000, status="queued", domains=("hanoi.gov.vn", "bacninh.gov.vn", "hue.gov.vn"))
    rng, kills, in_flight = random.Random(5), 0, 0
    started = time.monotonic()
    while count(db, OutboxMessage.status != "sent") and time.monotonic() - started < 120:
        worker = start_worker(postgres, smtp_server.port)
        wait_for_new_mail(recorder, len(recorder.messages), worker)
        time.sleep(rng.uniform(0.3, 0.8))
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            kills += 1
            # Rows the dead worker held: claimed, maybe sent, never written back. Only these can go twice.
            in_flight += count(db, OutboxMessage.status == "claimed",
                               OutboxMessage.claimed_by.endswith(f":{worker.pid}"))
    # However slow the machine, what the killed workers left is sent by a last worker that is let finish.
    for _ in range(5):
        if not count(db, OutboxMessage.status != "sent"):
            break
        time.sleep(2.5)  # the lease of the last killed worker's rows runs out
        start_worker(postgres, smtp_server.port, ONCE="1").communicate(timeout=300)
    received = received_ids(recorder)
    duplicates = sum(received.values()) - len(received)
    print(f"\n{kills} kills, {in_flight} messages in flight at the kills, {duplicates} sent twice, "
          f"{len(received)} distinct delivered in {time.monotonic() - started:.1f} s")
    assert kills >= 3, "the workers were killed while sending"
    assert count(db, OutboxMessage.status != "sent") == 0
    assert set(received) == expected_ids(db), "every message arrived"
    assert duplicates <= in_flight


def test_three_workers_at_once_send_each_message_exactly_once(db, postgres, make_campaign, recorder, smtp_server):
    seed_campaign(make_campaign(), 3000, status="queued", domains=("hanoi.gov.vn", "danang.gov.vn"))
    workers = [start_worker(postgres, smtp_server.port, MAIL_LEASE_SECONDS="60", ONCE="1") for _ in range(3)]
    outputs = [worker.communicate(timeout=90) for worker in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], [err[-2000:] for _, err in outputs]
    per_worker = [int(re.search(r"Đã gửi (\d+) thư", out).group(1)) for out, _ in outputs]
    received = received_ids(recorder)
    print(f"\nsent per worker: {per_worker}")
    assert sum(received.values()) == len(received) == 3000, "no message twice, none missing"
    assert set(received) == expected_ids(db)
    assert sum(per_worker) == 3000 and sum(1 for n in per_worker if n) >= 2, "the work was shared"


def test_a_server_deferring_30_percent_gets_everything_in_the_end_without_a_hot_loop(
        db, postgres, make_campaign, recorder, smtp_server):
    seed_campaign(make_campaign(), 600, status="queued")
    rng, attempts = random.Random(7), {}

    def defer_some(envelope):
        key = MESSAGE_ID.search(envelope.content).group(1).decode()
        attempts.setdefault(key, []).append(time.monotonic())
        if rng.random() < 0.3:
            return rng.choice(["421 4.7.0 Quá nhiều kết nối, thử lại sau", "451 4.3.0 Tạm thời không nhận thư"])
        return None
    recorder.data_reply = defer_some
    worker = start_worker(postgres, smtp_server.port, MAIL_BACKOFF_BASE="0.5", MAIL_BACKOFF_CAP="4",
                          MAIL_LEASE_SECONDS="60")
    deadline = time.monotonic() + 60
    while count(db, OutboxMessage.status != "sent") and time.monotonic() < deadline:
        time.sleep(0.2)
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=20)
    assert worker.returncode == 0, err[-2000:]
    assert "Đã gửi" in out, "SIGTERM ends the worker cleanly"
    received = received_ids(recorder)
    tries = sum(len(times) for times in attempts.values())
    gaps = [b - a for times in attempts.values() for a, b in zip(times, times[1:], strict=False)]
    print(f"\n{len(received)} delivered after {tries} attempts; shortest wait before a retry {min(gaps):.2f} s")
    left = db.session.execute(select(OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.last_error)
                              .where(OutboxMessage.status != "sent")).all()
    assert left == [] and len(received) == 600
    assert tries < 600 * 2, "about 1/0.7 attempts per message, not a loop"
    assert min(gaps) >= 0.5 * 0.8 - 0.05, "every retry waited its backoff"
