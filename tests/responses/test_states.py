"""Every state of a link has its own Vietnamese page (with whom to contact) and its own JSON answer."""

from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer

from survey_app.core.db import db, utcnow
from survey_app.invitations.links import token_for
from tests.responses.conftest import all_answers

JSON = {"Accept": "application/json"}
CONTACT = "xin liên hệ"


def _void(invitation):
    invitation.is_void = True


def _expired(invitation):
    invitation.campaign.list_deadline = utcnow() - timedelta(days=20)
    invitation.campaign.response_deadline = utcnow() - timedelta(minutes=1)


def _closed(invitation):
    invitation.campaign.status = "closed"


STATES = {"void": (_void, "Phiếu này đã bị hủy"), "expired": (_expired, "Đã hết hạn trả lời"),
          "closed": (_closed, "Kỳ khảo sát đã kết thúc")}


@pytest.mark.parametrize("state", STATES)
def test_a_link_that_cannot_take_answers_says_why_and_whom_to_contact(client, make_invitation, state):
    invitation, token = make_invitation()
    change, title = STATES[state]
    change(invitation)
    db.session.commit()
    page = client.get(f"/s/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 410 and title in html and CONTACT in html.lower()
    assert client.get(f"/s/{token}", headers=JSON).get_json()["status"] == "draft"
    assert client.get(f"/s/{token}", headers=JSON).get_json()["state"] == state
    post = client.post(f"/s/{token}", json={"answers": {}, "action": "save"})
    assert post.status_code == 409 and post.get_json()["status"] == state
    form_post = client.post(f"/s/{token}", data={"action": "save"})
    assert title in form_post.get_data(as_text=True)


def test_a_submitted_link_shows_its_receipt_and_refuses_more(client, make_invitation):
    invitation, token = make_invitation()
    answers = all_answers(client.get(f"/s/{token}", headers=JSON).get_json())
    receipt = client.post(f"/s/{token}", json={"answers": answers, "action": "submit"}).get_json()["receipt"]
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert receipt in page and CONTACT in page.lower()
    got = client.get(f"/s/{token}", headers=JSON).get_json()
    assert (got["status"], got["receipt"]) == ("submitted", receipt)
    again = client.post(f"/s/{token}", json={"answers": answers, "action": "save"})
    assert again.status_code == 409 and again.get_json()["error"] == "already_submitted"


def _forged(invitation) -> str:
    return URLSafeSerializer("not-the-key", salt="survey_app.invitation").dumps([invitation.id, invitation.nonce])


UNKNOWN = {"garbage": lambda inv: "abc.def", "forged": _forged,
           "other nonce": lambda inv: token_for(inv.id, "0" * 16),
           "no such invitation": lambda inv: token_for(10**9, "x")}


@pytest.mark.parametrize("kind", UNKNOWN)
def test_an_unknown_or_forged_link_is_404_with_whom_to_contact(client, make_invitation, kind):
    invitation, _ = make_invitation()
    token = UNKNOWN[kind](invitation)
    page = client.get(f"/s/{token}")
    assert page.status_code == 404 and "Đường dẫn không hợp lệ" in page.get_data(as_text=True)
    assert CONTACT in page.get_data(as_text=True).lower()
    assert client.get(f"/s/{token}", headers=JSON).get_json()["status"] == "unknown"
    assert client.post(f"/s/{token}", json={"answers": {}, "action": "submit"}).status_code == 404
