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


# Issue 10 item 8: every column hashed, the chain keyed with an HMAC, its head anchored outside the database.

import pytest  # noqa: E402

from survey_app.core import audit_anchor  # noqa: E402


@pytest.fixture
def anchored(app, tmp_path):
    """The anchor file of this test (the suite's default is none)."""
    path = tmp_path / "audit-anchor.log"
    audit_anchor.configure(path, app.config["AUDIT_KEY"].encode())
    yield path
    audit_anchor.configure(None, app.config["AUDIT_KEY"].encode())


def _entries(db, n: int):
    for i in range(n):
        audit.record("test.action", ("thing", i), actor="test", details={"i": i})
        db.session.commit()


def test_each_commit_appends_the_head_to_the_anchor_file(db, anchored):
    _entries(db, 3)
    lines = anchored.read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2", "3"]
    assert audit.chain_status().anchored == 3 and audit.verify() == []


def test_a_rolled_back_decision_anchors_nothing(db, anchored):
    _entries(db, 1)
    audit.record("test.action", ("thing", 9), actor="test")
    db.session.rollback()
    _entries(db, 1)
    assert audit.verify() == []


def test_deleting_the_last_rows_is_caught(db, anchored):
    _entries(db, 4)
    db.session.execute(text("DELETE FROM audit_entries WHERE seq > 2"))
    db.session.commit()
    assert any("các mục cuối đã bị xóa" in p for p in audit.verify())


def test_changing_actor_id_is_caught(db, make_user):
    admin, other = make_user(), make_user()
    audit.record("test.action", ("thing", 1), actor=admin)
    db.session.commit()
    db.session.execute(text("UPDATE audit_entries SET actor_id = :other WHERE action = 'test.action'"),
                       {"other": other.id})
    db.session.commit()
    assert any("test.action" in p for p in audit.verify())


@pytest.mark.parametrize("column,value", [("object_id", "'999'"), ("object_type", "'x'"), ("action", "'forged'"),
                                          ("seq", "seq + 100"), ("version", "1")])
def test_changing_any_column_is_caught(db, column, value):
    _entries(db, 2)
    db.session.execute(text(f"UPDATE audit_entries SET {column} = {value} WHERE seq = 2"))
    db.session.commit()
    assert audit.verify() != []


def test_rewriting_a_row_and_recomputing_every_later_hash_without_the_key_is_caught(app, db, anchored):
    """The forger knows the scheme but not the key: he recomputes each HMAC with a key of his own."""
    _entries(db, 4)
    forged_key = b"guessed"
    rows = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    rows[1].details = {"i": "forged"}
    prev = rows[0].hash
    audit._key, real = forged_key, audit._key
    try:
        for row in rows[1:]:
            row.prev_hash = prev
            row.hash = prev = audit.digest(row)
    finally:
        audit._key = real
    db.session.commit()
    problems = audit.verify()
    assert any("nội dung đã bị sửa" in p for p in problems)
    assert any("khác với bản đã neo" in p for p in problems)


def test_rewriting_with_the_key_is_still_caught_by_the_anchor(db, anchored):
    """Even someone holding the key (an insider on the app server) cannot rewrite what was anchored."""
    _entries(db, 3)
    rows = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    rows[1].details, prev = {"i": "forged"}, rows[0].hash
    for row in rows[1:]:
        row.prev_hash = prev
        row.hash = prev = audit.digest(row)
    db.session.commit()
    assert [p for p in audit.verify() if "khác với bản đã neo" in p] == [
        "Mục thứ 2 khác với bản đã neo (mục đã bị viết lại).", "Mục thứ 3 khác với bản đã neo (mục đã bị viết lại)."]


def test_a_forged_anchor_line_is_caught(db, anchored):
    _entries(db, 2)
    with anchored.open("a") as file:
        file.write("5 " + "0" * 64 + " " + "f" * 64 + "\n")
    assert any("chữ ký sai" in p for p in audit.verify())


def test_a_missing_anchor_file_is_reported_and_flask_audit_anchor_starts_it(app, db, anchored):
    _entries(db, 2)
    anchored.unlink()
    assert any("Không thấy tệp neo" in p for p in audit.verify())
    assert app.test_cli_runner().invoke(args=["audit", "anchor"]).exit_code == 0
    assert audit.verify() == []


def test_entries_of_the_earlier_code_still_verify_and_are_protected_by_the_next_keyed_entry(db):
    """Version 1 entries (written before this change: SHA-256 of fewer columns) keep their digest."""
    import hashlib
    import json
    from datetime import UTC, datetime
    at = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)
    fields = [audit.GENESIS, at.isoformat(), "cli", "user.create", "users", "1", {"role": "moha_admin"}]
    legacy = hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                       default=str).encode()).hexdigest()
    db.session.execute(text("INSERT INTO audit_entries (seq, version, at, actor_label, action, object_type, object_id,"
                            " details, prev_hash, hash) VALUES (1, 1, :at, 'cli', 'user.create', 'users', '1', "
                            "'{\"role\": \"moha_admin\"}', :genesis, :hash)"),
                       {"at": at, "genesis": audit.GENESIS, "hash": legacy})
    db.session.commit()
    audit.record("test.action", ("thing", 1), actor="test")
    db.session.commit()
    status = audit.chain_status()
    assert status.intact and status.entries == 2 and status.legacy == 1
    db.session.execute(text("UPDATE audit_entries SET hash = :h WHERE seq = 1"), {"h": "a" * 64})
    db.session.commit()
    assert audit.verify() != []
