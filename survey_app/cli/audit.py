"""`flask audit …`: the audit log."""

import sys

import click
from flask.cli import AppGroup

from survey_app.core import audit, audit_anchor

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


@group.command("anchor")
def audit_anchor_command():
    """Append the chain's current head to the anchor file (start it after upgrading an older database)."""
    status = audit.chain_status()
    if status.entries:
        audit_anchor.append(status.entries, status.head)
    click.echo(f"Đã neo {status.entries} mục; mục cuối {status.head[:16]}…")
