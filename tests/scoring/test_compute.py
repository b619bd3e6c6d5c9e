"""Compute over the API on real answers: equal to an independent recomputation, repeatable, voids and revokes."""

import pytest
from sqlalchemy import select

from survey_app.core.db import db as _db
from survey_app.invitations.models import Invitation
from survey_app.responses.models import Response
from survey_app.scoring.models import ScoreComputation
from tests.scoring.conftest import revoke, void_locality
from tests.scoring.independent import expected_points, published_model, published_scores


def submitted_rows(campaign) -> list[dict]:
    rows = []
    for invitation, response in _db.session.execute(
            select(Invitation, Response).join(Response, Response.invitation_id == Invitation.id)
            .where(Invitation.campaign_id == campaign.id, Response.status == "submitted")):
        rows.append({"invitation": invitation.id, "issuer": invitation.locality.code,
                     "unit": invitation.evaluated_locality.code, "level": invitation.evaluated_locality.kind,
                     "group": invitation.group_code, "questionnaire": invitation.questionnaire.code,
                     "answers": response.answers})
    return rows


def compute(client, headers, cid, resamples=100):
    reply = client.post(f"/api/v1/campaigns/{cid}/scores/compute", json={"resamples": resamples}, headers=headers)
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()


def assert_matches(units: list[dict], expected: dict) -> None:
    assert {u["code"] for u in units} == set(expected)
    for unit in units:
        for criterion in unit["criteria"]:
            want = expected[unit["code"]][criterion["code"]]
            assert criterion["points"] == pytest.approx(want or 0.0, abs=1e-9), (unit["code"], criterion["code"])
            assert criterion["no_valid_answers"] == (want is None and not unit["voided"])
        assert unit["survey_points"] == pytest.approx(sum(v or 0 for v in expected[unit["code"]].values()), abs=1e-9)


@pytest.fixture
def admin(make_user, api_headers):
    return api_headers(make_user("moha_admin"))


def test_scores_equal_an_independent_recomputation_from_the_raw_answers(client, answered, admin):
    campaign, invitations = answered(skip={3, 9})
    body = compute(client, admin, campaign.id)
    expected = expected_points(published_model(), published_scores(), submitted_rows(campaign))
    assert_matches(body["units"], expected)
    assert [u["code"] for u in body["units"]] == sorted(
        [u["code"] for u in body["units"] if u["kind"] == "province"], key=lambda c: next(
            x["rank"] for x in body["units"] if x["code"] == c)) + ["BTP"]


def test_recomputing_unchanged_inputs_gives_identical_numbers_and_hash(client, answered, admin):
    campaign, _ = answered()
    first, second = compute(client, admin, campaign.id), compute(client, admin, campaign.id)
    strip = [{k: v for k, v in u.items() if k != "computation"} for u in first["units"]]
    assert strip == [{k: v for k, v in u.items() if k != "computation"} for u in second["units"]]
    assert first["computation"]["input_hash"] == second["computation"]["input_hash"]
    assert first["computation"]["model_checksum"] == second["computation"]["model_checksum"]
    assert first["computation"]["id"] != second["computation"]["id"]
    stored = _db.session.scalars(select(ScoreComputation).order_by(ScoreComputation.id)).all()
    assert [c.computed_by for c in stored] == [stored[0].computed_by] * 2 and "@" in stored[0].computed_by


def test_voiding_a_locality_zeroes_it_removes_its_leaders_from_the_ministry_and_revoking_restores(
        client, answered, admin):
    campaign, _ = answered()
    before = compute(client, admin, campaign.id)
    decision = void_locality(campaign, "01")
    after = compute(client, admin, campaign.id)
    hanoi = next(u for u in after["units"] if u["code"] == "01")
    assert hanoi["voided"] and hanoi["survey_points"] == 0.0
    expected = expected_points(published_model(), published_scores(), submitted_rows(campaign),
                               void_localities={"01"})
    assert_matches(after["units"], expected)
    ministry_before = next(u for u in before["units"] if u["code"] == "BTP")
    ministry_after = next(u for u in after["units"] if u["code"] == "BTP")
    assert sum(c["n"] for c in ministry_after["criteria"]) < sum(c["n"] for c in ministry_before["criteria"])
    revoke(decision, campaign)
    restored = compute(client, admin, campaign.id)
    assert restored["computation"]["input_hash"] == before["computation"]["input_hash"]
    assert [u["index"] for u in restored["units"]] == [u["index"] for u in before["units"]]


def test_a_void_of_responses_counts_them_nowhere(client, answered, admin):
    campaign, invitations = answered(provinces=("01",))
    target = [i.id for i in invitations if i.group_code == "HDND"]
    reply = client.post(f"/api/v1/campaigns/{campaign.id}/scores/preview",
                        json={"scope": "responses", "invitations": target}, headers=admin)
    assert reply.status_code == 200
    for invitation in invitations:
        invitation.is_void = invitation.id in target
    _db.session.commit()
    after = compute(client, admin, campaign.id)
    expected = expected_points(published_model(), published_scores(), submitted_rows(campaign),
                               void_invitations=set(target))
    assert_matches(after["units"], expected)
    changed = {u["code"]: u for u in reply.get_json()["units"]}
    for unit in after["units"]:
        if unit["code"] in changed:
            assert changed[unit["code"]]["index_after"] == pytest.approx(unit["index"], abs=1e-12)
