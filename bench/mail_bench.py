"""50,000 invitations from the outbox into Postfix's smtp-sink, side by side with smtp-source into the same sink.

Run: .venv/bin/python bench/mail_bench.py [--messages 50000] [--workers 1 2] [--profile]

- Needs PostgreSQL (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/bench_mail; the
  database is created if missing and its schema is rebuilt by the migrations — never point it at real data).
- Installs Debian's postfix package with apt-get if smtp-sink is missing; runs /usr/sbin/smtp-sink and
  /usr/sbin/smtp-source directly and refuses to run while a Postfix daemon (master) is running.
- The outbox is filled with bulk inserts (respondents, invitations, one outbox row each), as dispatch
  would leave it; dispatch itself is not timed. Timed: claim → build → send → status written back.
- "CPU per message" is the worker processes' own user+system time (not PostgreSQL's, not the sink's).
"""

import argparse
import cProfile
import multiprocessing
import os
import pstats
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SINK, SOURCE = "/usr/sbin/smtp-sink", "/usr/sbin/smtp-source"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/bench_mail"
LOCALITIES = ["01", "79", "48", "31", "92"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_postfix_tools() -> None:
    """smtp-sink and smtp-source from Debian's postfix package; never a running Postfix daemon."""
    if subprocess.run(["pgrep", "-x", "master"], capture_output=True).returncode == 0:
        sys.exit("A Postfix daemon (master) is running; stop it first (this benchmark never leaves one running).")
    if not (os.path.exists(SINK) and os.path.exists(SOURCE)):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "postfix"], check=True, env=env)
        # The package's scripts may start the daemon; stop it so none is left behind.
        subprocess.run(["postfix", "stop"], capture_output=True)


def start_sink(port: int) -> subprocess.Popen:
    user = ["-u", "nobody"] if os.geteuid() == 0 else []  # smtp-sink drops root privileges
    sink = subprocess.Popen([SINK, *user, "-4", f"127.0.0.1:{port}", "1024"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return sink
        time.sleep(0.05)
    sink.kill()
    sys.exit("smtp-sink did not start")


def run_source(port: int, messages: int, size: int) -> float:
    """smtp-source: `messages` messages of `size` bytes over 10 kept-open sessions (-d); returns messages/s."""
    started = time.perf_counter()
    subprocess.run([SOURCE, "-4", "-d", "-s", "10", "-m", str(messages), "-l", str(size), "-f", "bounces@moha.gov.vn",
                    "-t", "nguoinhan@hanoi.gov.vn", f"127.0.0.1:{port}"], check=True)
    return messages / (time.perf_counter() - started)


def make_app(url: str, port: int):
    from config.settings import Testing
    from survey_app import create_app
    config = Testing()
    config.SQLALCHEMY_DATABASE_URI = url
    config.SMTP_PORT = port
    config.SMTP_CONNECTIONS = 50
    config.PUBLIC_BASE_URL = "https://khaosat.moha.gov.vn"
    return create_app(config)


def prepare_database(url: str, messages: int) -> None:
    """A fresh schema (migrations), a surveying campaign and `messages` queued invitations."""
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from config.settings import database_url
    target = make_url(database_url(url))
    try:
        create_engine(target).connect().close()
    except OperationalError:
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    with create_engine(target).begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    app = make_app(url, 0)
    with app.app_context():
        upgrade()
        seed(messages)


def seed(messages: int) -> None:
    from datetime import timedelta

    from survey_app.campaigns.services import create_campaign, open_campaign
    from survey_app.core.db import db, utcnow
    from tests.mailing.seeding import seed_campaign
    now = utcnow()
    campaign = create_campaign(code="BENCH", title="Đo tốc độ gửi thư", year=2025, model="par-2025",
                               list_deadline=now + timedelta(days=5), response_deadline=now + timedelta(days=30),
                               actor="bench")
    open_campaign(campaign, actor="bench")
    db.session.commit()
    share = messages // len(LOCALITIES)
    for i, code in enumerate(LOCALITIES):
        n = share + (messages - share * len(LOCALITIES) if i == 0 else 0)
        seed_campaign(campaign, n, code=code, status="queued",
                      domains=(f"{code}a.gov.vn", f"{code}b.gov.vn", "gmail.com"))


def requeue(url: str) -> None:
    """Every message back to queued, events dropped, statistics fresh, so each run starts alike."""
    from sqlalchemy import create_engine, text

    from config.settings import database_url
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DELETE FROM mail_events"))
        conn.execute(text("UPDATE outbox_messages SET status='queued', attempts=0, sent_at=NULL, message_id='', "
                          "next_attempt_at=now(), claimed_by=NULL, claimed_until=NULL, last_code=NULL, "
                          "last_error=NULL"))
        conn.execute(text("VACUUM ANALYZE outbox_messages"))
        conn.execute(text("VACUUM ANALYZE mail_events"))
    engine.dispose()


def worker_process(url: str, port: int, number: int, start, results, profile: bool) -> None:
    """One worker: waits for the start signal, sends until nothing is due, reports (sent, CPU seconds)."""
    from survey_app.mailing.settings import smtp_pool, worker_settings
    from survey_app.mailing.worker import run_once
    app = make_app(url, port)
    with app.app_context():
        settings = worker_settings()
        settings.worker_id = f"bench:{number}"
        pool = smtp_pool()
        start.wait()
        cpu = time.process_time()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        sent = run_once(pool, settings)
        if profiler:
            profiler.disable()
            profiler.dump_stats(f"/tmp/mail_bench_worker{number}.prof")
        cpu = time.process_time() - cpu
        pool.close()
    results.put((sent, cpu))


def run_workers(url: str, port: int, workers: int, profile: bool) -> tuple[int, float, float]:
    """(sent, wall seconds, CPU seconds) for `workers` processes draining the outbox together."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [context.Process(target=worker_process, args=(url, port, n, start, results, profile))
                 for n in range(workers)]
    for process in processes:
        process.start()
    time.sleep(4)  # imports and connections are ready before the clock starts
    began = time.perf_counter()
    start.set()
    outcomes = [results.get() for _ in processes]
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    return sum(s for s, _ in outcomes), wall, sum(c for _, c in outcomes)


def message_size(url: str, port: int) -> int:
    """The size of one real invitation, so smtp-source sends messages as large as ours."""
    from survey_app.core.db import db
    from survey_app.mailing.envelopes import load_batch
    from survey_app.mailing.models import OutboxMessage
    from survey_app.mailing.settings import worker_settings
    app = make_app(url, port)
    with app.app_context():
        first = db.session.scalar(db.select(OutboxMessage.id).order_by(OutboxMessage.id).limit(1))
        size = len(load_batch([first], worker_settings()).envelopes[0].data)
        db.session.rollback()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--profile", action="store_true", help="cProfile each worker into /tmp/mail_bench_worker*.prof")
    args = parser.parse_args()
    ensure_postfix_tools()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    print(f"Preparing {args.messages} queued invitations in {url} …", flush=True)
    prepare_database(url, args.messages)
    port = free_port()
    sink = start_sink(port)
    try:
        size = message_size(url, port)
        source_rate = run_source(port, args.messages, size)
        print(f"smtp-source: {source_rate:,.0f} messages/s ({args.messages} messages of {size} bytes, "
              "10 sessions kept open)")
        for workers in args.workers:
            requeue(url)
            sent, wall, cpu = run_workers(url, port, workers, args.profile)
            rate = sent / wall
            print(f"{workers} worker(s): {sent} sent in {wall:.1f} s = {rate:,.0f} messages/s, "
                  f"{rate / source_rate:.3f}× smtp-source, CPU {cpu / max(sent, 1) * 1e3:.3f} ms/message")
    finally:
        sink.terminate()
        sink.wait()
    if args.profile:
        pstats.Stats("/tmp/mail_bench_worker0.prof").sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    if shutil.which("pg_isready") and subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        sys.exit("PostgreSQL is not answering on 127.0.0.1:5432.")
    main()
