"""The receipt shows when the answers were sent and a printable copy of them; long forms list their sections."""

import re

from survey_app.core.clock import show
from survey_app.core.db import db
from tests.responses.conftest import all_answers

JSON = {"Accept": "application/json"}


def test_the_receipt_shows_the_time_and_a_copy_of_the_answers(client, make_invitation):
    invitation, token = make_invitation()
    payload = client.get(f"/s/{token}", headers=JSON).get_json()
    answers = all_answers(payload)
    client.post(f"/s/{token}", json={"answers": answers, "action": "submit"})
    db.session.refresh(invitation)
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert f"Phiếu đã gửi lúc <strong>{show(invitation.submitted_at)}</strong>" in page
    first = payload["questionnaire"]["sections"][0]["questions"][0]
    assert "Bản sao câu trả lời" in page and first["options"][0]["label"] in page
    assert "@media print" in client.get("/static/respond.css").get_data(as_text=True)


def test_the_form_lists_its_sections_to_jump_to(client, make_invitation):
    _, token = make_invitation()
    payload = client.get(f"/s/{token}", headers=JSON).get_json()
    page = client.get(f"/s/{token}").get_data(as_text=True)
    sections = payload["questionnaire"]["sections"]
    if len(sections) > 2:
        toc = re.search(r'<nav class="toc".*?</nav>', page, re.S).group(0)
        assert all(f'href="#s-{s["code"]}"' in toc for s in sections)


def test_the_sticky_bars_leave_room_for_the_focused_answer(client):
    css = client.get("/static/respond.css").get_data(as_text=True)
    assert "scroll-padding-bottom" in css and "scroll-margin-bottom" in css
