"""A campaign answered the real way: lists dispatched, answers submitted through the respondent links."""

import pytest
from sqlalchemy import select

from survey_app.core.db import db as _db
from survey_app.core.db import utcnow
from survey_app.integrity.models import VoidDecision, VoidScope, VoidStatus
from survey_app.invitations.links import link_token
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from survey_app.reference.models import get_locality
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list, submit_list
from tests.conftest import person, xlsx_bytes

#: (group, organisation) of the rows each province sends; the department leaders also judge Bộ Tư pháp.
ROWS = [("HDND", "HĐND tỉnh"), ("HDND", "HĐND tỉnh"), ("LD_SO", "Sở Tư pháp"), ("LD_SO", "Sở Tư pháp"),
        ("LD_PHONG", "Phòng Văn bản, Sở Tư pháp"), ("LD_XA", "UBND xã An Bình"), ("LD_XA", "UBND xã Hòa Bình")]


def answers_for(payload: dict, seed: int) -> dict:
    """A deterministic spread of options, "don't know" included, for every question of a GET /s/<token> payload."""
    questions = [q for s in payload["questionnaire"]["sections"] for q in s["questions"]]
    return {q["code"]: q["options"][(seed * 7 + j * 3) % len(q["options"])]["value"]
            for j, q in enumerate(questions)}


def dispatch_province(campaign, code: str, offset: int) -> None:
    rows = [person(offset + i, group=g, org=o, email=f"nv{offset + i}@tinh{code}.gov.vn")
            for i, (g, o) in enumerate(ROWS)]
    lst = get_list(campaign, get_locality(code))
    import_list(lst, xlsx_bytes(rows), "ds.xlsx", mode="replace", max_bytes=10**7, actor="test")
    submit_list(lst, actor="test")
    approve_list(lst, actor="test")


@pytest.fixture
def answered(make_campaign, client):
    """answered(provinces=("01", "79"), skip=set()) → the campaign, every invitation submitted except `skip`."""
    def make(provinces=("01", "79"), skip=frozenset(), seed=0):
        campaign = make_campaign()
        for i, code in enumerate(provinces):
            dispatch_province(campaign, code, 100 * i)
        dispatch(campaign, actor="test")
        _db.session.commit()
        invitations = list(_db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id)
                                               .order_by(Invitation.id)))
        for invitation in invitations:
            if invitation.id not in skip:
                submit_answers(client, invitation, seed + invitation.id)
        return campaign, invitations
    return make


def submit_answers(client, invitation, seed: int) -> dict:
    token = link_token(invitation)
    payload = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    answers = answers_for(payload, seed)
    reply = client.post(f"/s/{token}", json={"answers": answers, "action": "submit"})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return answers


def void_locality(campaign, code: str) -> VoidDecision:
    """A locality void as the integrity desk leaves it: an active decision and every invitation of its list void."""
    locality = get_locality(code)
    decision = VoidDecision(campaign_id=campaign.id, scope=VoidScope.LOCALITY, locality_id=locality.id,
                            reason="thử nghiệm", status=VoidStatus.ACTIVE)
    _db.session.add(decision)
    for invitation in _db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id,
                                                                   Invitation.locality_id == locality.id)):
        invitation.is_void = True
    _db.session.commit()
    return decision


def revoke(decision: VoidDecision, campaign) -> None:
    decision.status, decision.revoked_at = VoidStatus.REVOKED, utcnow()
    for invitation in _db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id)):
        invitation.is_void = False
    _db.session.commit()
