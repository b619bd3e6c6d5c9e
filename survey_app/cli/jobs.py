"""`flask jobs …`: the production scheduler process."""

import time

import click
from flask import current_app
from flask.cli import AppGroup

from survey_app.scheduler import start_embedded

group = AppGroup("jobs", help="Tác vụ định kỳ.")


@group.command("run")
def jobs_run():
    """The production scheduler process: deadline locks and scheduled reminders (mail workers send)."""
    scheduler = start_embedded(current_app._get_current_object(), with_mail=False)
    click.echo("Đang chạy tác vụ định kỳ; Ctrl+C để dừng.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        scheduler.shutdown()
