"""`flask audit …`: the audit log."""

import sys

import click
from flask.cli import AppGroup

from survey_app.core import audit

group = AppGroup("audit", help="Nhật ký kiểm toán.")


@group.command("verify")
def audit_verify():
    """Check the audit log's hash chain; exit 1 on any break."""
    problems = audit.verify()
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    click.echo("Nhật ký kiểm toán toàn vẹn.")
