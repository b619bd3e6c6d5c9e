"""Invitations made the real way: an approved list dispatched through the services."""

import pytest
from sqlalchemy import select

from survey_app.core.db import db as _db
from survey_app.invitations.links import link_token
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from survey_app.reference.models import get_locality
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list, submit_list
from tests.conftest import person, xlsx_bytes


def dispatch_rows(campaign, rows, locality="01") -> list[Invitation]:
    """Import rows into a locality's list, submit, approve and dispatch it; the invitations made, by id."""
    lst = get_list(campaign, get_locality(locality))
    import_list(lst, xlsx_bytes(rows), "ds.xlsx", mode="replace", max_bytes=10 * 1024 * 1024, actor="test")
    submit_list(lst, actor="test")
    approve_list(lst, actor="test")
    dispatch(campaign, actor="test")
    _db.session.commit()
    return list(_db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id)
                                    .order_by(Invitation.id)))


@pytest.fixture
def make_invitation(make_campaign):
    """make_invitation(group="HDND", campaign=None) → (invitation, token) for one respondent's first questionnaire."""
    counter = iter(range(1, 10_000))

    def make(*, group="HDND", campaign=None, org="HĐND thành phố Hà Nội", ministry=""):
        campaign = campaign or make_campaign()
        n = next(counter)
        invitations = dispatch_rows(campaign, [person(n, group=group, org=org, ministry=ministry)])
        invitation = invitations[0]
        return invitation, link_token(invitation)
    return make


def all_answers(payload: dict, pick: int = 0) -> dict:
    """An answer for every question of a GET /s/<token> JSON payload (option number `pick`)."""
    return {q["code"]: q["options"][pick]["value"]
            for s in payload["questionnaire"]["sections"] for q in s["questions"]}
