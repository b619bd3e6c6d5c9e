"""Campaigns answered the real way, for the integrity tests: lists dispatched, sheets submitted through /s/."""

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.links import link_token
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from survey_app.reference.models import get_locality
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list, submit_list
from tests.conftest import person, xlsx_bytes

ORGS = {"01": "HĐND thành phố Hà Nội", "79": "HĐND Thành phố Hồ Chí Minh"}
DOMAINS = {"01": "hanoi.gov.vn", "79": "tphcm.gov.vn"}


def dispatch_people(campaign, counts: dict[str, int]) -> dict[str, list[Invitation]]:
    """counts[locality] HĐND members per locality, their lists approved and dispatched; invitations by locality."""
    n = 0
    for code, count in counts.items():
        rows = [person(n + i, group="HDND", org=ORGS[code], email=f"hdnd{n + i}@{DOMAINS[code]}")
                for i in range(count)]
        n += count
        lst = get_list(campaign, get_locality(code))
        import_list(lst, xlsx_bytes(rows), "ds.xlsx", mode="replace", max_bytes=10**7, actor="test")
        submit_list(lst, actor="test")
        approve_list(lst, actor="test")
    dispatch(campaign, actor="test")
    db.session.commit()
    found = db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id))
    by_locality: dict[str, list[Invitation]] = {code: [] for code in counts}
    for invitation in found:
        by_locality[invitation.locality.code].append(invitation)
    return by_locality


def answers_for(payload: dict, pick) -> dict:
    """An answer for every question of a GET /s/<token> JSON payload; pick(i, options) chooses an option."""
    questions = [q for s in payload["questionnaire"]["sections"] for q in s["questions"]]
    return {q["code"]: pick(i, q["options"])["value"] for i, q in enumerate(questions)}


def submit(http, base: str, invitation: Invitation, pick) -> int:
    """Answer and submit one invitation through /s/ as JSON with `http` (a client or session); the status."""
    url = f"{base}/s/{link_token(invitation)}"
    payload = http.get(url, headers={"Accept": "application/json"})
    data = payload.json() if hasattr(payload, "json") and callable(payload.json) else payload.get_json()
    answers = answers_for(data, pick)
    return http.post(url, json={"answers": answers, "action": "submit"}).status_code


def device(app, name: str):
    """A browser with its own device cookie (the test's app context would otherwise share one new id)."""
    browser = app.test_client()
    browser.set_cookie("sa_device", name)
    return browser


def honest(i, options):
    """Varied answers (never "don't know", the last option)."""
    return options[(i * 5 + 1) % (len(options) - 1)]


def uniform(i, options):
    return options[0]
