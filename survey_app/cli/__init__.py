"""`flask` commands: thin — parse arguments, call a rule, commit, print. One module per command group."""

from flask import Flask

from survey_app.cli import audit, demo, integrity, jobs, mail, users

GROUPS = (users.group, mail.group, audit.group, demo.group, jobs.group, integrity.group)


def init_app(app: Flask) -> None:
    for group in GROUPS:
        app.cli.add_command(group)
