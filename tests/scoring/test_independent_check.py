"""The issue's check, over real HTTP: a client answers through the respondent links, computes the expected points
from the published model and questionnaire files by the rule, compares with GET …/scores to 1e-9, then previews
a void, voids, compares again and revokes.

The lists are dispatched through the services (their own tests cover that path); the void is recorded as the
integrity desk records it (an active decision and is_void on the locality's invitations), since its endpoints
are another area's.
"""

import pytest
import requests
from sqlalchemy import select

from survey_app.core.db import db as _db
from survey_app.invitations.links import link_token
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from tests.conftest import PASSWORD
from tests.scoring.conftest import answers_for, dispatch_province, revoke, void_locality
from tests.scoring.independent import expected_points, published_model, published_scores


def _submit_all(base: str, invitations) -> list[dict]:
    """Answer every invitation through its link as a respondent would; what was sent, for the expected points."""
    sent = []
    for invitation in invitations:
        url = f"{base}/s/{link_token(invitation)}"
        payload = requests.get(url, headers={"Accept": "application/json"}, timeout=10).json()
        answers = answers_for(payload, invitation.id * 3)
        reply = requests.post(url, json={"answers": answers, "action": "submit"}, timeout=10)
        assert reply.status_code == 200 and reply.json()["status"] == "submitted"
        sent.append({"invitation": invitation.id, "issuer": invitation.locality.code,
                     "unit": invitation.evaluated_locality.code, "level": invitation.evaluated_locality.kind,
                     "group": invitation.group_code, "questionnaire": payload["questionnaire"]["code"],
                     "answers": answers})
    return sent


def _compare(units: list[dict], expected: dict) -> None:
    assert {u["code"] for u in units} == set(expected)
    for unit in units:
        got = {c["code"]: c["points"] for c in unit["criteria"]}
        assert got.keys() == expected[unit["code"]].keys()
        for code, points in got.items():
            assert abs(points - (expected[unit["code"]][code] or 0.0)) <= 1e-9, (unit["code"], code)
        assert abs(unit["survey_points"] - sum(v or 0.0 for v in expected[unit["code"]].values())) <= 1e-9


def test_known_answers_give_the_published_rules_points_then_void_preview_and_revoke(live_server, make_campaign,
                                                                                    make_user):
    campaign = make_campaign()
    for i, code in enumerate(("01", "79", "31")):
        dispatch_province(campaign, code, 100 * i)
    dispatch(campaign, actor="test")
    _db.session.commit()
    invitations = list(_db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id)
                                           .order_by(Invitation.id)))
    sent = _submit_all(live_server, invitations)
    admin = make_user("moha_admin")
    token = requests.post(f"{live_server}/api/v1/auth/token", json={"email": admin.email, "password": PASSWORD},
                          timeout=10).json()["token"]
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {token}"
    scores_url = f"{live_server}/api/v1/campaigns/{campaign.id}/scores"
    model, questionnaires = published_model(), published_scores()

    assert api.post(scores_url + "/compute", json={"resamples": 200}, timeout=60).status_code == 200
    before = api.get(scores_url, timeout=30).json()["units"]
    _compare(before, expected_points(model, questionnaires, sent))
    assert all(u["index_interval"][0] <= u["index"] <= u["index_interval"][1] + 1e-9 for u in before)

    preview = api.post(scores_url + "/preview", json={"scope": "locality", "locality": "79"}, timeout=60).json()
    void = void_locality(campaign, "79")
    assert api.post(scores_url + "/compute", json={"resamples": 0}, timeout=60).status_code == 200
    after = api.get(scores_url, timeout=30).json()["units"]
    _compare(after, expected_points(model, questionnaires, sent, void_localities={"79"}))
    by_code = {u["code"]: u for u in after}
    assert by_code["79"]["voided"] and by_code["79"]["survey_points"] == 0.0
    for change in preview["units"]:
        assert change["index_after"] == pytest.approx(by_code[change["code"]]["index"], abs=1e-12)
        assert change["rank_after"] == by_code[change["code"]]["rank"]
    assert "79" in {c["code"] for c in preview["units"]}
    ministry_n = [sum(c["n"] for c in next(u for u in units if u["code"] == "BTP")["criteria"])
                  for units in (before, after)]
    assert ministry_n[1] < ministry_n[0]   # 79's department leaders no longer count for Bộ Tư pháp

    revoke(void, campaign)
    assert api.post(scores_url + "/compute", json={"resamples": 200}, timeout=60).status_code == 200
    restored = api.get(scores_url, timeout=30).json()["units"]
    assert [(u["code"], u["index"], u["rank"]) for u in restored] == [(u["code"], u["index"], u["rank"])
                                                                     for u in before]
    assert restored[0]["computation"]["input_hash"] == before[0]["computation"]["input_hash"]
