"""`flask demo …`: the embedded demo of `make run`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from werkzeug.serving import run_simple

from survey_app.core.db import db
from survey_app.demo import load_demo
from survey_app.mailing.inbound import start_mail_catcher
from survey_app.scheduler import start_embedded

group = AppGroup("demo", help="Dữ liệu minh họa.")


@group.command("load")
def demo_load():
    """Load the demo campaign, lists and accounts (idempotent); prints the accounts."""
    for line in load_demo():
        click.echo(line)
    db.session.commit()


@group.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000)
def demo_serve(host, port):
    """Embedded setup: the mail catcher, the scheduler (mail worker, jobs) and the web app in one process."""
    cfg = current_app.config
    catcher = start_mail_catcher(cfg["SMTP_HOST"], cfg["SMTP_PORT"], Path(cfg["MAIL_CATCHER_DIR"]))
    scheduler = start_embedded(current_app._get_current_object())
    click.echo(f"Ứng dụng: http://{host}:{port}/   Hộp thư thử nghiệm: http://{host}:{port}/_mail/")
    try:
        run_simple(host, port, current_app._get_current_object(), threaded=True)
    finally:
        scheduler.shutdown(wait=False)
        catcher.stop()
