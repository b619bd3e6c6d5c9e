"""Answering through the HTML form: drafts, missing answers, confirmation, receipt, other questionnaires."""

import gzip
import re

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.links import link_token
from survey_app.responses.models import Response
from tests.responses.conftest import all_answers


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _form(client, token) -> tuple[str, dict]:
    page = client.get(f"/s/{token}").get_data(as_text=True)
    payload = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    return page, payload


def test_a_saved_draft_comes_back_checked_on_the_next_visit(client, make_invitation):
    invitation, token = make_invitation()
    page, payload = _form(client, token)
    first = payload["questionnaire"]["sections"][0]["questions"][0]
    r = client.post(f"/s/{token}", data={"csrf_token": _csrf(page), "action": "save",
                                         f"q.{first['code']}": first["options"][1]["value"]})
    assert r.status_code == 200 and "Đã lưu nháp" in r.get_data(as_text=True)
    again = client.get(f"/s/{token}").get_data(as_text=True)
    assert re.search(rf'name="q\.{first["code"]}" value="{first["options"][1]["value"]}"[^>]* checked', again)
    assert re.search(r'id="answered">1<', again)


def test_confirm_with_missing_answers_marks_each_question_and_links_to_it(client, make_invitation):
    invitation, token = make_invitation()
    page, payload = _form(client, token)
    codes = list(all_answers(payload))
    r = client.post(f"/s/{token}", data={"csrf_token": _csrf(page), "action": "confirm", f"q.{codes[0]}": "KB"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    assert f'href="#q-{codes[1]}"' in html and f'href="#q-{codes[0]}"' not in html
    assert re.search(rf'id="q-{codes[1]}" aria-describedby="err-{codes[1]}', html)
    assert f'id="err-{codes[1]}"' in html
    assert _stored(invitation).answers == {codes[0]: "KB"}, "what was given is kept as a draft"


def test_confirm_then_submit_ends_with_a_receipt_and_nothing_changes_after(client, make_invitation):
    invitation, token = make_invitation()
    page, payload = _form(client, token)
    answers = {f"q.{code}": value for code, value in all_answers(payload).items()}
    confirm = client.post(f"/s/{token}", data={"csrf_token": _csrf(page), "action": "confirm", **answers})
    assert confirm.status_code == 200 and "Xác nhận gửi phiếu" in confirm.get_data(as_text=True)
    done = client.post(f"/s/{token}", data={"csrf_token": _csrf(confirm.get_data(as_text=True)), "action": "submit"},
                       follow_redirects=True)
    receipt = _stored(invitation).receipt
    assert done.status_code == 200 and receipt and receipt in done.get_data(as_text=True)
    later = client.post(f"/s/{token}", data={"csrf_token": _csrf(page), "action": "save",
                                             **dict.fromkeys(answers, "KB")})
    assert receipt in later.get_data(as_text=True)
    assert _stored(invitation).answers == all_answers(payload)


def test_a_form_post_without_its_csrf_token_keeps_the_answers_on_the_page_and_stores_nothing(client, make_invitation):
    invitation, token = make_invitation()
    _, payload = _form(client, token)
    code, value = next(iter(all_answers(payload).items()))
    for forged in ({}, {"csrf_token": "0" * 32}, {"csrf_token": "mã giả mạo"}):
        r = client.post(f"/s/{token}", data={"action": "save", f"q.{code}": value, **forged})
        assert r.status_code == 400, forged
        assert re.search(rf'name="q\.{code}" value="{value}"[^>]* checked', r.get_data(as_text=True))
    assert _stored(invitation) is None


def test_a_department_leader_sees_a_link_to_the_other_questionnaire(client, make_invitation):
    invitation, token = make_invitation(group="LD_SO", org="Sở Y tế")
    page, payload = _form(client, token)
    assert len(payload["other_links"]) == 1
    other = payload["other_links"][0]
    assert other["url"] in page and "Bộ Y tế" in other["about"]
    assert client.get(other["url"]).status_code == 200


def test_the_json_form_carries_no_scores_or_criteria(client, make_invitation):
    _, token = make_invitation()
    question = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()[
        "questionnaire"]["sections"][0]["questions"][0]
    assert set(question) == {"code", "text", "required", "options"}
    assert set(question["options"][0]) == {"value", "label"}


def test_the_page_is_gzipped_for_clients_that_accept_it_and_stays_under_60_kb(client, make_invitation):
    _, token = make_invitation()
    plain = client.get(f"/s/{token}")
    packed = client.get(f"/s/{token}", headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < 60 * 1024 and len(packed.data) < len(plain.data) / 3


def test_a_draft_page_is_gzipped_whole_and_reads_the_same(client, make_invitation):
    """The blank form reuses its compressed questions; a page with answers is compressed as it is."""
    _, token = make_invitation()
    payload = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    client.post(f"/s/{token}", json={"answers": all_answers(payload), "action": "save"})
    plain = client.get(f"/s/{token}")
    packed = client.get(f"/s/{token}", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(packed.data) == plain.data and b"checked" in plain.data


def test_pages_are_not_cached_and_set_a_private_device_cookie(client, make_invitation):
    _, token = make_invitation()
    r = client.get(f"/s/{token}")
    cookie = r.headers["Set-Cookie"]
    assert r.headers["Cache-Control"] == "no-store"
    assert "sa_device=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def _stored(invitation):
    db.session.expire_all()
    return db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def test_opening_the_page_takes_the_same_few_queries_however_many_questionnaires(client, make_invitation):
    from sqlalchemy import event
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    one, one_token = make_invitation()
    two, two_token = make_invitation(group="LD_SO", org="Sở Y tế")
    client.get(f"/s/{one_token}"), client.get(f"/s/{two_token}")  # parse and cache both questionnaires
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get(f"/s/{one_token}")
        alone = len(statements)
        statements.clear()
        client.get(f"/s/{two_token}")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == alone <= 5, statements


def test_a_form_left_open_after_the_browser_restarts_still_saves(app, client, make_invitation):
    invitation, token = make_invitation()
    page, payload = _form(client, token)
    code, value = next(iter(all_answers(payload).items()))
    fresh = app.test_client()  # no cookies: the browser was closed and reopened
    r = fresh.post(f"/s/{token}", data={"csrf_token": _csrf(page), "action": "save", f"q.{code}": value})
    assert r.status_code == 200 and _stored(invitation).answers == {code: value}
    other, _ = make_invitation()
    forged = fresh.post(f"/s/{link_token(other)}", data={"csrf_token": _csrf(page), "action": "save"})
    assert forged.status_code == 400, "a form token opens only its own invitation"
