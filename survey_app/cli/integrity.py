"""`flask integrity …`: interference detection (analyze runs without a database)."""

import json
import sys

import click
from flask.cli import AppGroup

from survey_app.core.errors import InvalidInput
from survey_app.integrity.analysis import analyze
from survey_app.integrity.records import read_jsonl

group = AppGroup("integrity", help="Phát hiện can thiệp vào việc trả lời phiếu.")


@group.command("analyze")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def integrity_analyze(path):
    """Analyse an exported JSON-lines file offline and print the flags and locality risks as JSON."""
    try:
        with open(path, encoding="utf-8-sig") as lines:
            records = read_jsonl(lines)
    except InvalidInput as error:
        click.echo(error.message, err=True)
        for problem in error.errors:
            click.echo(problem["message"], err=True)
        sys.exit(2)
    click.echo(json.dumps(analyze(records), ensure_ascii=False, sort_keys=True))
