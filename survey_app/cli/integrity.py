"""`flask integrity …`: interference detection (analyze runs without a database; export and scan read it)."""

import json
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.integrity.analysis import analyze
from survey_app.integrity.export import read_records, write_jsonl
from survey_app.integrity.records import read_jsonl
from survey_app.integrity.scan import scan_campaign

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


def _campaign(code: str):
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == code))
    if campaign is None:
        raise click.ClickException(f"Không có kỳ khảo sát mã '{code}'.")
    return campaign


@group.command("export")
@click.option("--campaign", "code", required=True, help="Mã kỳ khảo sát, ví dụ PAR2025.")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def integrity_export(code, path):
    """Write the campaign's submitted responses as JSON lines (keyed hashes only, no names or addresses)."""
    records = read_records(_campaign(code))
    with open(path, "w", encoding="utf-8") as out:
        count = write_jsonl(records, out)
    click.echo(f"Đã ghi {count} phiếu vào {path}.")


@group.command("scan")
@click.option("--campaign", "code", required=True, help="Mã kỳ khảo sát, ví dụ PAR2025.")
def integrity_scan(code):
    """Run the detectors on the live database and store the flags (a re-scan is idempotent)."""
    scan = scan_campaign(_campaign(code), actor="cli")
    db.session.commit()
    click.echo(f"Đã quét {scan.responses} phiếu: {len(scan.result['flags'])} cảnh báo "
               f"({len(scan.saved.new)} mới, {len(scan.saved.updated)} có bằng chứng mới).")
