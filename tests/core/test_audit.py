"""The audit log: one entry per decision, chained by hashes that expose any edit."""

from sqlalchemy import select, text

from survey_app.core import audit
from survey_app.core.audit import AuditEntry


def test_each_decision_appends_a_chained_entry(db, make_campaign):
    campaign = make_campaign()
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries] == ["campaign.create", "campaign.open"]
    assert entries[1].prev_hash == entries[0].hash
    assert entries[0].object_id == str(campaign.id)
    assert audit.verify() == []


def test_an_edited_entry_breaks_the_chain(db, make_campaign):
    make_campaign()
    db.session.execute(text("UPDATE audit_entries SET details = :forged WHERE action = 'campaign.create'"),
                       {"forged": '{"code": "forged"}'})
    db.session.commit()
    problems = audit.verify()
    assert len(problems) == 1 and "campaign.create" in problems[0]


def test_a_removed_entry_breaks_the_chain(db, make_campaign):
    make_campaign()
    make_campaign()
    db.session.execute(text("DELETE FROM audit_entries WHERE id = (SELECT MIN(id) + 1 FROM audit_entries)"))
    db.session.commit()
    assert any("đứt" in p for p in audit.verify())


def test_flask_audit_verify_exits_non_zero_on_a_broken_chain(app, db, make_campaign):
    make_campaign()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    db.session.execute(text("UPDATE audit_entries SET actor_label = 'someone else'"))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
