"""Voids over the API: responses void at once, a locality waits for a second admin, revoking restores exactly what
no other void covers, bad input is 422 naming the field, and nothing is ever deleted."""

import pytest
from sqlalchemy import func, select

from survey_app.core.audit import list_entries
from survey_app.core.db import db
from survey_app.integrity.models import VoidDecision
from survey_app.invitations.models import Invitation
from survey_app.scoring.reading import read_voids
from tests.integrity.builders import dispatch_people


@pytest.fixture
def setup(make_campaign, make_user, api_headers):
    campaign = make_campaign()
    invitations = dispatch_people(campaign, {"01": 4, "79": 3})
    admins = [api_headers(make_user("moha_admin")) for _ in range(2)]
    return campaign, invitations, admins


def _void_states(campaign) -> dict[int, bool]:
    db.session.expire_all()
    return dict(db.session.execute(select(Invitation.id, Invitation.is_void)
                                   .where(Invitation.campaign_id == campaign.id)).all())


def test_a_void_of_responses_is_in_force_at_once_and_overlaps_revoke_cleanly(client, setup):
    campaign, invitations, (admin, second) = setup
    url = f"/api/v1/campaigns/{campaign.id}/voids"
    ids = [i.id for i in invitations["01"]]
    one = client.post(url, headers=admin, json={"scope": "responses", "invitations": ids[:2], "reason": "Trùng phiếu"})
    assert one.status_code == 201 and one.get_json()["status"] == "active"
    locality = client.post(url, headers=admin, json={"scope": "locality", "locality": "01", "reason": "Can thiệp"})
    assert client.post(f"{url}/{locality.get_json()['id']}/approve", headers=second).status_code == 200
    assert client.post(f"{url}/{locality.get_json()['id']}/approve", headers=second).status_code == 409
    revoked = client.post(f"{url}/{one.get_json()['id']}/revoke", headers=second, json={"reason": "Nhầm phiếu"})
    assert revoked.status_code == 200
    states = _void_states(campaign)
    assert all(states[i] for i in ids), "the locality void still covers them"
    assert not any(states[i.id] for i in invitations["79"])
    client.post(f"{url}/{locality.get_json()['id']}/revoke", headers=admin, json={"reason": "Thanh tra: hợp lệ"})
    assert not any(_void_states(campaign).values())
    assert db.session.scalar(select(func.count()).select_from(VoidDecision)) == 2, "nothing is deleted"
    actions = [e.action for e in list_entries()]
    assert {"integrity.void_responses", "integrity.void_request", "integrity.void_approve",
            "integrity.void_revoke"} <= set(actions)


@pytest.mark.parametrize("body,field", [
    ({"scope": "everything", "reason": "Lý do đủ dài"}, "scope"),
    ({"scope": "locality", "locality": "ZZ", "reason": "Lý do đủ dài"}, "locality"),
    ({"scope": "locality", "locality": "01", "reason": ""}, "reason"),
    ({"scope": "responses", "invitations": [], "reason": "Lý do đủ dài"}, "invitations"),
    ({"scope": "responses", "invitations": [999999], "reason": "Lý do đủ dài"}, "invitations"),
    ({"scope": "responses", "invitations": ["1"], "reason": "Lý do đủ dài"}, "invitations"),
    ({"scope": "locality", "locality": "01", "reason": "Lý do đủ dài", "flags": [424242]}, "flags"),
])
def test_bad_void_bodies_are_422_naming_the_field(client, setup, body, field):
    campaign, _, (admin, _) = setup
    response = client.post(f"/api/v1/campaigns/{campaign.id}/voids", headers=admin, json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.get_json()["errors"]] == [field]
    assert db.session.scalar(select(func.count()).select_from(VoidDecision)) == 0


def test_officers_never_learn_of_flags_or_voids_and_viewers_cannot_decide(client, setup, make_user, api_headers):
    campaign, invitations, (admin, _) = setup
    url = f"/api/v1/campaigns/{campaign.id}"
    client.post(f"{url}/voids", headers=admin, json={"scope": "locality", "locality": "01", "reason": "Can thiệp"})
    officer = api_headers(make_user("locality_officer", locality="01"))
    viewer = api_headers(make_user("moha_viewer"))
    for path in ("/voids", "/integrity/flags", "/integrity/localities"):
        assert client.get(url + path, headers=officer).status_code == 404
        assert client.get(url + path, headers=viewer).status_code == 200
    assert client.post(f"{url}/voids/1/approve", headers=viewer).status_code == 403
    assert client.post(f"{url}/voids/1/approve", headers=officer).status_code == 404
    assert client.post(f"{url}/integrity/scan", headers=viewer).status_code == 403


def test_scores_read_an_approved_locality_void_and_forget_a_revoked_one(client, setup):
    campaign, invitations, (admin, second) = setup
    url = f"/api/v1/campaigns/{campaign.id}/voids"
    vid = client.post(url, headers=admin, json={"scope": "locality", "locality": "79", "reason": "Can thiệp"}
                      ).get_json()["id"]
    assert read_voids(campaign.id).localities == frozenset()
    client.post(f"{url}/{vid}/approve", headers=second)
    voids = read_voids(campaign.id)
    assert voids.localities == {"79"} and {i.id for i in invitations["79"]} <= voids.invitations
    client.post(f"{url}/{vid}/revoke", headers=second, json={"reason": "Thanh tra: hợp lệ"})
    assert read_voids(campaign.id).localities == frozenset() and not read_voids(campaign.id).invitations


def test_progress_counts_void_invitations_apart(client, setup, make_user, api_headers):
    campaign, invitations, (admin, second) = setup
    url = f"/api/v1/campaigns/{campaign.id}"
    ids = [i.id for i in invitations["01"][:2]]
    client.post(f"{url}/voids", headers=admin, json={"scope": "responses", "invitations": ids, "reason": "Trùng"})
    vid = client.post(f"{url}/voids", headers=admin, json={"scope": "locality", "locality": "79",
                                                           "reason": "Can thiệp"}).get_json()["id"]
    client.post(f"{url}/voids/{vid}/approve", headers=second)
    rows = {row["code"]: row for row in client.get(f"{url}/progress", headers=admin).get_json()["localities"]}
    assert (rows["01"]["invited"], rows["01"]["void"]) == (2, 2)
    assert (rows["79"]["invited"], rows["79"]["void"]) == (0, 3)
    officer = api_headers(make_user("locality_officer", locality="01"))
    own = client.get(f"{url}/progress", headers=officer).get_json()["localities"]
    assert [(row["code"], row["void"]) for row in own] == [("01", 2)]
