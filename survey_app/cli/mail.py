"""`flask mail …`: the mail worker and the bounce intakes."""

import click
from flask import current_app
from flask.cli import AppGroup

from survey_app.cli.signals import stop_on_signals
from survey_app.core.db import db
from survey_app.mailing.bounce_records import record_bounces
from survey_app.mailing.inbound import poll_imap_bounces, start_bounce_intake
from survey_app.mailing.settings import smtp_pool, worker_settings
from survey_app.mailing.worker import run_once

group = AppGroup("mail", help="Gửi thư.")


@group.command("worker")
@click.option("--once", is_flag=True, help="Gửi đến khi không còn thư đến hạn rồi thoát.")
@click.option("--idle", default=2.0, help="Giây chờ khi không có thư.")
def mail_worker(once, idle):
    """Send what is due from the outbox (any number of workers on PostgreSQL, one on SQLite)."""
    settings, pool, stop = worker_settings(), smtp_pool(), stop_on_signals()
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
    app = current_app._get_current_object()

    def on_bounce(bounces) -> None:
        with app.app_context():
            record_bounces(bounces)
            db.session.commit()
    return on_bounce


@group.command("bounces-smtp")
@click.option("--host", default=None, help="Mặc định BOUNCE_SMTP_HOST.")
@click.option("--port", default=None, type=int, help="Mặc định BOUNCE_SMTP_PORT.")
def mail_bounces_smtp(host, port):
    """Receive delivery status notifications for bounces+<id>@… over SMTP and record them."""
    cfg = current_app.config
    host, port = host or cfg["BOUNCE_SMTP_HOST"], port or cfg["BOUNCE_SMTP_PORT"]
    stop = stop_on_signals()
    controller = start_bounce_intake(host, port, _bounce_recorder())
    click.echo(f"Đang nhận thư báo lỗi tại {host}:{port}.")
    try:
        stop.wait()
    finally:
        controller.stop()


@group.command("bounces-imap")
@click.option("--once", is_flag=True, help="Đọc hộp thư một lần rồi thoát.")
@click.option("--every", default=300.0, help="Giây giữa hai lần đọc.")
def mail_bounces_imap(once, every):
    """Poll the bounce mailbox (BOUNCE_IMAP_*) and record the bounces found."""
    cfg = current_app.config
    if not cfg.get("BOUNCE_IMAP_HOST"):
        raise click.ClickException("Chưa cấu hình BOUNCE_IMAP_HOST (và BOUNCE_IMAP_USERNAME, BOUNCE_IMAP_PASSWORD).")
    stop, on_bounce = stop_on_signals(), _bounce_recorder()
    while not stop.is_set():
        read = poll_imap_bounces(cfg["BOUNCE_IMAP_HOST"], cfg["BOUNCE_IMAP_PORT"], cfg["BOUNCE_IMAP_USERNAME"],
                                 cfg["BOUNCE_IMAP_PASSWORD"], ssl=cfg["BOUNCE_IMAP_SSL"],
                                 folder=cfg["BOUNCE_IMAP_FOLDER"], on_bounce=on_bounce)
        click.echo(f"Đã đọc {read} thư trong hộp thư báo lỗi.")
        if once:
            break
        stop.wait(every)
