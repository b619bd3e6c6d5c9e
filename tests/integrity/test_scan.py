"""Scanning the live database: the export analysed offline gives the same flags; re-scans are idempotent,
decisions stay, new evidence updates the flag and says so; the export carries no name, mailbox or address."""

import io
import json

import pytest
from click.testing import CliRunner

from survey_app import scheduler
from survey_app.core.db import db
from survey_app.integrity.analysis import analyze
from survey_app.integrity.export import read_records, write_jsonl
from survey_app.integrity.flags import list_flags, review_flag
from survey_app.integrity.records import read_jsonl
from survey_app.integrity.scan import list_risks, scan_campaign, scan_surveying_campaigns
from survey_app.respondents.models import Respondent
from tests.integrity.builders import device, dispatch_people, honest, submit, uniform


@pytest.fixture
def answered(app, db, make_campaign):
    """Hà Nội: one phone answers seven invitations, five others honestly; HCMC: six honest; three left."""
    campaign = make_campaign()
    invitations = dispatch_people(campaign, {"01": 15, "79": 6})
    phone = device(app, "one-phone")
    for invitation in invitations["01"][:7]:
        assert submit(phone, "", invitation, uniform) == 200
    for invitation in invitations["01"][7:12] + invitations["79"]:
        assert submit(device(app, f"phone-{invitation.id}"), "", invitation, honest) == 200
    return campaign, invitations


def _without_cluster(flags):
    return [{k: v for k, v in flag.items() if k != "cluster"} for flag in flags]


def test_analysing_the_export_gives_the_same_flags_as_scanning(answered):
    campaign, _ = answered
    out = io.StringIO()
    write_jsonl(read_records(campaign), out)
    offline = analyze(read_jsonl(out.getvalue().splitlines()))
    scan = scan_campaign(campaign, actor="test")
    assert json.dumps(offline, sort_keys=True) == json.dumps(scan.result, sort_keys=True)
    stored = {(f.rule, tuple(f.invitation_ids), f.severity) for f in list_flags(campaign.id)}
    assert stored == {(f["rule"], tuple(f["response_ids"]), f["severity"]) for f in offline["flags"]}
    assert {r["code"]: r["risk"] for r in list_risks(campaign.id)} == {
        r["code"]: r["risk"] for r in offline["localities"]}
    assert any(f["severity"] != "low" for f in offline["flags"])


def test_the_export_holds_keyed_hashes_only(app, answered, tmp_path):
    campaign, _ = answered
    path = str(tmp_path / "export.jsonl")
    result = CliRunner().invoke(app.cli, ["integrity", "export", "--campaign", campaign.code, path],
                                catch_exceptions=False)
    assert result.exit_code == 0 and "18 phiếu" in result.output
    text = open(path, encoding="utf-8").read()
    people = db.session.query(Respondent).all()
    assert not any(p.email in text or p.full_name in text for p in people)
    assert "127.0.0.1" not in text and "one-phone" not in text
    line = json.loads(text.splitlines()[0])
    assert len(line["device"]) == 64 and len(line["ip"]) == 64


def test_a_rescan_is_idempotent_and_keeps_decisions(answered, make_user):
    campaign, _ = answered
    first = scan_campaign(campaign, actor="test")
    admin = make_user("moha_admin")
    flag = next(f for f in list_flags(campaign.id) if f.severity != "low")
    review_flag(flag, decision="dismissed", reason="Máy dùng chung của văn phòng", actor=admin)
    db.session.commit()
    again = scan_campaign(campaign, actor="test")
    assert again.saved.new == [] and again.saved.updated == [] and again.saved.unchanged == len(first.result["flags"])
    assert flag.status == "dismissed" and not flag.has_new_evidence


def test_new_evidence_updates_a_decided_flag_and_says_so(app, answered, make_user):
    campaign, invitations = answered
    scan_campaign(campaign, actor="test")
    flag = next(f for f in list_flags(campaign.id) if f.severity != "low")
    review_flag(flag, decision="confirmed", reason="Xác minh: một người trả lời thay", actor=make_user())
    db.session.commit()
    before = len(flag.invitation_ids)
    assert submit(device(app, "one-phone"), "", invitations["01"][12], uniform) == 200
    scan = scan_campaign(campaign, actor="test")
    db.session.commit()
    assert scan.saved.updated == [flag.id]
    db.session.refresh(flag)
    assert flag.status == "confirmed" and flag.has_new_evidence and len(flag.invitation_ids) == before + 1


def test_the_scheduled_scan_covers_surveying_campaigns(answered):
    campaign, _ = answered
    assert campaign.status == "surveying"
    assert scan_surveying_campaigns() == 1
    assert list_flags(campaign.id)


def test_the_scan_command_stores_the_flags_and_names_an_unknown_campaign(app, answered):
    campaign, _ = answered
    runner = CliRunner()
    done = runner.invoke(app.cli, ["integrity", "scan", "--campaign", campaign.code], catch_exceptions=False)
    assert done.exit_code == 0 and "Đã quét 18 phiếu" in done.output
    assert list_flags(campaign.id)
    unknown = runner.invoke(app.cli, ["integrity", "scan", "--campaign", "KHONG_CO"])
    assert unknown.exit_code != 0 and "KHONG_CO" in unknown.output


def test_the_scheduler_runs_the_scan():
    assert (scheduler.scan_integrity, 900) in scheduler.JOBS
