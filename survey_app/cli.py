"""`flask` commands: thin — parse arguments, call a rule, commit, print."""

import os
import socket
import sys
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
    from survey_app.mailing.worker import WorkerSettings
    cfg = current_app.config
    return WorkerSettings(worker_id=f"{socket.gethostname()}:{os.getpid()}", public_base_url=cfg["PUBLIC_BASE_URL"],
                          mail_from=cfg["MAIL_FROM"], bounce_domain=cfg["BOUNCE_DOMAIN"])


def smtp_pool():
    from survey_app.mailing.transport import SmtpPool, SmtpSettings
    cfg = current_app.config
    return SmtpPool(SmtpSettings(host=cfg["SMTP_HOST"], port=cfg["SMTP_PORT"], security=cfg["SMTP_SECURITY"],
                                 username=cfg["SMTP_USERNAME"], password=cfg["SMTP_PASSWORD"],
                                 connections=cfg["SMTP_CONNECTIONS"]))


@mail.command("worker")
@click.option("--once", is_flag=True, help="Gửi đến khi không còn thư đến hạn rồi thoát.")
@click.option("--idle", default=2.0, help="Giây chờ khi không có thư.")
def mail_worker(once, idle):
    """Send what is due from the outbox (any number of workers on PostgreSQL)."""
    from survey_app.mailing.worker import run_once
    settings, pool = worker_settings(), smtp_pool()
    try:
        while True:
            sent = run_once(pool, settings)
            if once:
                click.echo(f"Đã gửi {sent} thư.")
                return
            if not sent:
                time.sleep(idle)
    finally:
        pool.close()


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
