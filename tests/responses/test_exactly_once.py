"""Exactly once: concurrent submits of one invitation over real HTTP store one response; it never changes."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.responses.models import Response, ResponseEvent
from tests.responses.conftest import all_answers

CLIENTS = 20


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _get(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())


@pytest.fixture
def needs_row_locks(app):
    if app.config["BACKEND"] != "postgres":
        pytest.skip("concurrent writers over HTTP need PostgreSQL; SQLite serialises the whole file")


def test_twenty_concurrent_submits_store_one_response(needs_row_locks, live_server, make_invitation):
    invitation, token = make_invitation()
    url = f"{live_server}/s/{token}"
    answers = all_answers(_get(url))
    start, results = threading.Barrier(CLIENTS), []

    def submit() -> None:
        start.wait()
        results.append(_post(url, {"answers": answers, "action": "submit"}))

    threads = [threading.Thread(target=submit) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (CLIENTS - 1), statuses
    receipt = next(body["receipt"] for status, body in results if status == 200)
    assert all(body["error"] == "already_submitted" and "đã được gửi" in body["message"]
               and body["receipt"] == receipt for status, body in results if status == 409)
    db.session.expire_all()
    stored = db.session.scalars(select(Response).where(Response.invitation_id == invitation.id)).all()
    assert [(r.status, r.receipt) for r in stored] == [("submitted", receipt)]
    submits = db.session.scalar(select(func.count()).select_from(ResponseEvent).where(
        ResponseEvent.invitation_id == invitation.id, ResponseEvent.kind == "submit"))
    assert submits == 1


def test_a_submitted_response_never_changes(client, make_invitation):
    invitation, token = make_invitation()
    form = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    answers = all_answers(form)
    first = client.post(f"/s/{token}", json={"answers": answers, "action": "submit"}).get_json()
    for action in ("save", "submit"):
        r = client.post(f"/s/{token}", json={"answers": all_answers(form, pick=1), "action": action})
        assert r.status_code == 409 and r.get_json()["error"] == "already_submitted"
    db.session.expire_all()
    stored = db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    assert (stored.answers, stored.receipt) == (answers, first["receipt"])


def test_a_submit_with_required_answers_missing_stores_nothing_and_names_them(client, make_invitation):
    invitation, token = make_invitation()
    answers = all_answers(client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json())
    dropped = sorted(answers)[:2]
    r = client.post(f"/s/{token}", json={"answers": {k: v for k, v in answers.items() if k not in dropped},
                                          "action": "submit"})
    assert r.status_code == 422 and {e["field"] for e in r.get_json()["errors"]} == set(dropped)
    db.session.expire_all()
    assert invitation.submitted_at is None
    assert db.session.scalar(select(Response).where(Response.invitation_id == invitation.id)) is None


def test_concurrent_first_saves_keep_one_draft_with_every_answer(live_server, make_invitation):
    """Autosave from two tabs at once: on SQLite too, no save is lost and none fails."""
    invitation, token = make_invitation()
    url = f"{live_server}/s/{token}"
    answers = list(all_answers(_get(url)).items())[:8]
    start, results = threading.Barrier(len(answers)), []

    def save(code: str, value: str) -> None:
        start.wait()
        results.append(_post(url, {"answers": {code: value}, "action": "save"}))

    threads = [threading.Thread(target=save, args=item) for item in answers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(status for status, _ in results) == [200] * len(answers), results
    db.session.expire_all()
    drafts = db.session.scalars(select(Response).where(Response.invitation_id == invitation.id)).all()
    assert len(drafts) == 1 and drafts[0].answers == dict(answers)
