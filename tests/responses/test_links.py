"""Reissued links kill the old one; failed token look-ups are rate-limited per client, valid links never."""

import pytest
from sqlalchemy import select

from survey_app.core.audit import AuditEntry
from survey_app.core.db import db
from survey_app.invitations.links import link_token
from survey_app.invitations.reissue import reissue_link


def test_reissuing_a_link_kills_the_old_one_and_is_audited(client, make_invitation):
    invitation, old = make_invitation()
    reissue_link(invitation, actor="test")
    db.session.commit()
    assert client.get(f"/s/{old}").status_code == 404
    assert client.get(f"/s/{link_token(invitation)}").status_code == 200
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "invitation.reissue_link"))
    assert entry.object_id == str(invitation.id)


def test_the_api_reissues_for_moha_admin_only(client, make_invitation, make_user, api_headers):
    invitation, old = make_invitation()
    url = f"/api/v1/invitations/{invitation.id}/reissue"
    assert client.post(url, headers=api_headers(make_user("moha_viewer"))).status_code == 403
    r = client.post(url, headers=api_headers(make_user("moha_admin")))
    assert r.status_code == 200
    new_path = "/" + r.get_json()["url"].split("/", 3)[3]
    assert client.get(new_path).status_code == 200 and client.get(f"/s/{old}").status_code == 404
    assert client.post("/api/v1/invitations/999999/reissue",
                       headers=api_headers(make_user("moha_admin"))).status_code == 404


def test_a_void_invitation_gets_no_new_link(client, make_invitation, make_user, api_headers):
    invitation, _ = make_invitation()
    invitation.is_void = True
    db.session.commit()
    r = client.post(f"/api/v1/invitations/{invitation.id}/reissue", headers=api_headers(make_user("moha_admin")))
    assert r.status_code == 409


@pytest.fixture
def limited_client(limited_app):
    """A second app on the same database with the token look-up limit on."""
    return limited_app(TOKEN_RATE_LIMIT="5 per minute").test_client()


def test_failed_lookups_are_limited_per_client_and_valid_links_still_open(limited_client, make_invitation):
    _, token = make_invitation()
    guesser, colleague = {"REMOTE_ADDR": "198.51.100.7"}, {"REMOTE_ADDR": "198.51.100.8"}
    codes = [limited_client.get(f"/s/guess{i}", environ_base=guesser).status_code for i in range(7)]
    assert codes == [404] * 5 + [429] * 2
    page = limited_client.get("/s/guess-more", environ_base=guesser)
    assert "quá nhiều" in page.get_data(as_text=True) and "xin liên hệ" in page.get_data(as_text=True)
    assert limited_client.post("/s/guess", json={"answers": {}}, environ_base=guesser).status_code == 429
    assert limited_client.get("/s/guess", environ_base=colleague).status_code == 404
    assert limited_client.get(f"/s/{token}", environ_base=guesser).status_code == 200, \
        "the guesser's own valid link is not blocked by failures"
    assert limited_client.get(f"/s/{token}", environ_base=colleague).status_code == 200
