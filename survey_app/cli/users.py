"""`flask users …`: accounts."""

import click
from flask.cli import AppGroup

from survey_app.accounts.services import create_user
from survey_app.core.db import db
from survey_app.core.errors import DomainError

group = AppGroup("users", help="Tài khoản người dùng.")


@group.command("create")
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
