"""`flask` commands: thin — parse arguments, call a rule, commit, print."""

import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from werkzeug.serving import run_simple

from survey_app.accounts.services import create_user
from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import DomainError

users = AppGroup("users", help="Tài khoản người dùng.")
mail = AppGroup("mail", help="Gửi thư.")
audit_cli = AppGroup("audit", help="Nhật ký kiểm toán.")
demo = AppGroup("demo", help="Dữ liệu minh họa.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(["moha_admin", "moha_viewer", "locality_officer"]))
@click.option("--locality", "locality_code", default=None)
def create_user_command(email, password, role, locality_code):
    """Create an account (a locality officer needs --locality CODE)."""
    try:
        user = create_user(email=email, password=password, role=role, locality_code=locality_code, actor="cli")
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.email} ({role}).")


def worker_settings():
    from survey_app.mailing.compose import DkimKey
    from survey_app.mailing.worker import WorkerSettings
    cfg = current_app.config
    dkim = None
    if cfg.get("DKIM_KEY_FILE") and cfg.get("DKIM_SELECTOR") and cfg.get("DKIM_DOMAIN"):
        dkim = DkimKey(cfg["DKIM_SELECTOR"], cfg["DKIM_DOMAIN"], Path(cfg["DKIM_KEY_FILE"]).read_bytes())
    return WorkerSettings(worker_id=f"{socket.gethostname()}:{os.getpid()}", public_base_url=cfg["PUBLIC_BASE_URL"],
                          mail_from=cfg["MAIL_FROM"], bounce_domain=cfg["BOUNCE_DOMAIN"],
                          batch_size=cfg["MAIL_BATCH_SIZE"], lease_seconds=cfg["MAIL_LEASE_SECONDS"],
                          backoff_base=cfg["MAIL_BACKOFF_BASE"], backoff_cap=cfg["MAIL_BACKOFF_CAP"], dkim=dkim)


def smtp_pool():
    from survey_app.mailing.rates import parse_domain_limits
    from survey_app.mailing.smtp_types import SmtpSettings
    from survey_app.mailing.transport import SmtpPool
    cfg = current_app.config
    limits, default = parse_domain_limits(cfg["MAIL_DOMAIN_LIMITS"], cfg["SMTP_CONNECTIONS"])
    return SmtpPool(SmtpSettings(host=cfg["SMTP_HOST"], port=cfg["SMTP_PORT"], security=cfg["SMTP_SECURITY"],
                                 username=cfg["SMTP_USERNAME"], password=cfg["SMTP_PASSWORD"],
                                 connections=cfg["SMTP_CONNECTIONS"]), limits=limits, default_limit=default)


def _stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT: the worker finishes its batch, writes it back and exits."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop


@mail.command("worker")
@click.option("--once", is_flag=True, help="Gửi đến khi không còn thư đến hạn rồi thoát.")
@click.option("--idle", default=2.0, help="Giây chờ khi không có thư.")
def mail_worker(once, idle):
    """Send what is due from the outbox (any number of workers on PostgreSQL, one on SQLite)."""
    from survey_app.mailing.worker import run_once
    settings, pool, stop = worker_settings(), smtp_pool(), _stop_on_signals()
    sent = 0
    try:
        while not stop.is_set():
            done = run_once(pool, settings, stop)
            sent += done
            if once:
                break
            if not done:
                stop.wait(idle)
    finally:
        pool.close()
    click.echo(f"Đã gửi {sent} thư.")


def _bounce_recorder():
    from survey_app.mailing.bounce_records import record_bounces
    app = current_app._get_current_object()

    def on_bounce(bounces) -> None:
        with app.app_context():
            record_bounces(bounces)
            db.session.commit()
    return on_bounce


@mail.command("bounces-smtp")
@click.option("--host", default=None, help="Mặc định BOUNCE_SMTP_HOST.")
@click.option("--port", default=None, type=int, help="Mặc định BOUNCE_SMTP_PORT.")
def mail_bounces_smtp(host, port):
    """Receive delivery status notifications for bounces+<id>@… over SMTP and record them."""
    from survey_app.mailing.inbound import start_bounce_intake
    cfg = current_app.config
    host, port = host or cfg["BOUNCE_SMTP_HOST"], port or cfg["BOUNCE_SMTP_PORT"]
    stop = _stop_on_signals()
    controller = start_bounce_intake(host, port, _bounce_recorder())
    click.echo(f"Đang nhận thư báo lỗi tại {host}:{port}.")
    try:
        stop.wait()
    finally:
        controller.stop()


@mail.command("bounces-imap")
@click.option("--once", is_flag=True, help="Đọc hộp thư một lần rồi thoát.")
@click.option("--every", default=300.0, help="Giây giữa hai lần đọc.")
def mail_bounces_imap(once, every):
    """Poll the bounce mailbox (BOUNCE_IMAP_*) and record the bounces found."""
    from survey_app.mailing.inbound import poll_imap_bounces
    cfg = current_app.config
    if not cfg.get("BOUNCE_IMAP_HOST"):
        raise click.ClickException("Chưa cấu hình BOUNCE_IMAP_HOST (và BOUNCE_IMAP_USERNAME, BOUNCE_IMAP_PASSWORD).")
    stop, on_bounce = _stop_on_signals(), _bounce_recorder()
    while not stop.is_set():
        read = poll_imap_bounces(cfg["BOUNCE_IMAP_HOST"], cfg["BOUNCE_IMAP_PORT"], cfg["BOUNCE_IMAP_USERNAME"],
                                 cfg["BOUNCE_IMAP_PASSWORD"], ssl=cfg["BOUNCE_IMAP_SSL"],
                                 folder=cfg["BOUNCE_IMAP_FOLDER"], on_bounce=on_bounce)
        click.echo(f"Đã đọc {read} thư trong hộp thư báo lỗi.")
        if once:
            break
        stop.wait(every)


@audit_cli.command("verify")
def audit_verify():
    """Check the audit log's hash chain; exit 1 on any break."""
    problems = audit.verify()
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    click.echo("Nhật ký kiểm toán toàn vẹn.")


@demo.command("load")
def demo_load():
    """Load the demo campaign, lists and accounts (idempotent); prints the accounts."""
    from survey_app.demo import load_demo
    for line in load_demo():
        click.echo(line)
    db.session.commit()


@demo.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000)
def demo_serve(host, port):
    """Embedded setup: the mail catcher, the scheduler (mail worker, jobs) and the web app in one process."""
    from survey_app.mailing.inbound import start_mail_catcher
    from survey_app.scheduler import start_embedded
    cfg = current_app.config
    catcher = start_mail_catcher(cfg["SMTP_HOST"], cfg["SMTP_PORT"], Path(cfg["MAIL_CATCHER_DIR"]))
    scheduler = start_embedded(current_app._get_current_object())
    click.echo(f"Ứng dụng: http://{host}:{port}/   Hộp thư thử nghiệm: http://{host}:{port}/_mail/")
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        scheduler.shutdown(wait=False)
        catcher.stop()


jobs = AppGroup("jobs", help="Tác vụ định kỳ.")


@jobs.command("run")
def jobs_run():
    """The production scheduler process: deadline locks and scheduled reminders (mail workers send)."""
    from survey_app.scheduler import start_embedded
    scheduler = start_embedded(current_app._get_current_object(), with_mail=False)
    click.echo("Đang chạy tác vụ định kỳ; Ctrl+C để dừng.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        scheduler.shutdown()


def init_app(app: Flask) -> None:
    for group in (users, mail, audit_cli, demo, jobs):
        app.cli.add_command(group)
