"""Every progress view agrees with counts made independently, row by row, over a campaign with a bit of everything.

Two provinces' lists are dispatched through the services; then, drawn from a seed, mail is sent, bounced,
refused, deferred or still queued, some bounced addresses are corrected (the old message cancelled, a new one
queued), invitations are opened, started and submitted, and some responses are voided. The overview, the API,
the desk (funnel, organisations, groups, people) and the daily series must all give what a plain loop over the
invitations and their respondents' current invite messages gives.
"""

import random
from collections import Counter

import pytest
from sqlalchemy import select

from survey_app.core.db import utcnow
from survey_app.integrity.voids import void_responses
from survey_app.invitations.models import Invitation
from survey_app.mailing.corrections import request_correction
from survey_app.mailing.dispatch import dispatch
from survey_app.mailing.models import MailStatus, OutboxMessage
from survey_app.monitoring.desk import get_desk
from survey_app.monitoring.detail import list_respondent_progress
from survey_app.monitoring.overview import get_overview
from survey_app.monitoring.progress import get_progress
from survey_app.monitoring.series import campaign_series
from survey_app.reference.models import Locality
from survey_app.respondents.services import approve_list
from tests.conftest import person
from tests.monitoring.conftest import load_list

#: Each group with the organisations its people may work in (a leader's department names its ministry).
ORGS = {"LD_SO": ["Sở Y tế", "Sở Tư pháp"], "LD_PHONG": ["Sở Y tế", "Sở Tư pháp"], "HDND": ["HĐND tỉnh"],
        "LD_XA": ["UBND xã An Bình", "UBND xã Tân Lập"]}
DOMAINS = {"01": "hanoi.gov.vn", "79": "tphcm.gov.vn"}
STEPS = ("listed", "sent", "delivered", "opened", "started", "submitted", "bounced", "void")


def _people(rng: random.Random, code: str, first: int, count: int) -> list[list]:
    groups = [rng.choice(list(ORGS)) for _ in range(count)]
    return [person(n, group=group, org=rng.choice(ORGS[group]), email=f"p{n}@{DOMAINS[code]}")
            for n, group in zip(range(first, first + count), groups, strict=True)]


def _play(db, rng: random.Random, campaign, admin) -> None:
    """What the mail workers, the bounce reader, the officers, the respondents and MOHA would have done."""
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invite")):
        message.status = rng.choice([MailStatus.SENT] * 6 + [MailStatus.BOUNCED, MailStatus.FAILED,
                                                            MailStatus.DEFERRED, MailStatus.QUEUED])
    db.session.flush()
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == MailStatus.BOUNCED)):
        if rng.random() < 0.5:
            domain = message.to_addr.rsplit("@", 1)[1]
            request_correction(message, f"moi.{message.respondent_id}@{domain}", actor=admin)
    now = utcnow()
    for invitation in db.session.scalars(select(Invitation)):
        if rng.random() < 0.6:
            invitation.opened_at = now
            if rng.random() < 0.7:
                invitation.started_at = now
                if rng.random() < 0.7:
                    invitation.submitted_at = now
    db.session.flush()
    chosen = [i.id for i in db.session.scalars(select(Invitation)) if rng.random() < 0.1]
    if chosen:
        void_responses(campaign, chosen, reason="Phiếu do người khác điền", actor=admin)
    db.session.commit()


def _by_hand(db, campaign) -> dict[tuple, Counter]:
    """{(locality code, group, organisation): Counter of the funnel's steps}, by a plain loop."""
    current = {}
    for message in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.campaign_id == campaign.id, OutboxMessage.kind == "invite")):
        if message.status != MailStatus.CANCELLED:
            assert message.respondent_id not in current, "two live invite messages for one respondent"
            current[message.respondent_id] = message.status
    counts: dict[tuple, Counter] = {}
    for invitation in db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id)):
        respondent = invitation.respondent
        counter = counts.setdefault((invitation.locality.code, invitation.group_code, respondent.organisation),
                                    Counter())
        if invitation.is_void:
            counter["void"] += 1
            continue
        mail = current.get(invitation.respondent_id)
        counter["listed"] += 1
        counter["sent"] += mail in (MailStatus.SENT, MailStatus.BOUNCED)
        counter["delivered"] += mail == MailStatus.SENT
        counter["bounced"] += mail in (MailStatus.BOUNCED, MailStatus.FAILED)
        counter["opened"] += invitation.opened_at is not None
        counter["started"] += invitation.started_at is not None
        counter["submitted"] += invitation.submitted_at is not None
    return counts


def _sum(counts: dict[tuple, Counter], keep) -> dict:
    summed: dict = {}
    for key, counter in counts.items():
        summed.setdefault(keep(key), Counter()).update(counter)
    return {key: tuple(counter[s] for s in STEPS) for key, counter in summed.items()}


def _steps(funnel) -> tuple:
    return tuple(getattr(funnel, s) for s in STEPS)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_overview_api_desk_and_series_agree_with_a_count_by_hand(db, make_user, make_campaign, seed):
    rng, admin = random.Random(seed), make_user("moha_admin")
    campaign = make_campaign()
    for code, first in (("01", 1), ("79", 100)):
        approve_list(load_list(campaign, code, _people(rng, code, first, 30), admin), actor=admin)
    dispatch(campaign, actor=admin)
    _play(db, rng, campaign, admin)
    counts = _by_hand(db, campaign)

    overview = get_overview(campaign)
    by_locality = _sum(counts, lambda k: k[0])
    assert {r.locality.code: _steps(r.funnel) for r in overview.rows if r.funnel.listed or r.funnel.void} \
        == by_locality
    assert {g: _steps(f) for g, f in overview.groups.items()} == _sum(counts, lambda k: k[1])
    assert _steps(overview.national) == tuple(map(sum, zip(*by_locality.values(), strict=True)))

    api = {e["code"]: e for e in get_progress(campaign.id)["localities"]}
    for code, steps in by_locality.items():
        expected = dict(zip(STEPS, steps, strict=True))
        assert (api[code]["invited"], api[code]["sent"], api[code]["bounced"], api[code]["opened"],
                api[code]["started"], api[code]["submitted"], api[code]["void"]) == (
            expected["listed"], expected["sent"], expected["bounced"], expected["opened"], expected["started"],
            expected["submitted"], expected["void"])

    hanoi = db.session.scalar(select(Locality).where(Locality.code == "01"))
    desk = get_desk(campaign, hanoi.id)
    assert _steps(desk.funnel) == by_locality["01"]
    own = {k: v for k, v in counts.items() if k[0] == "01"}
    assert {org: _steps(f) for org, f in desk.organisations} == _sum(own, lambda k: k[2])
    assert {g: _steps(f) for g, f in desk.groups.items()} == _sum(own, lambda k: k[1])
    national = _sum(counts, lambda k: "all")["all"]
    assert desk.national_rate == pytest.approx(national[5] / national[0])

    series = campaign_series(campaign)
    assert (series.listed, series.submitted) == (national[0], national[5])


def test_each_person_on_the_desk_counts_their_own_invitations(db, make_user, make_campaign):
    rng, admin = random.Random(7), make_user("moha_admin")
    campaign = make_campaign()
    approve_list(load_list(campaign, "01", _people(rng, "01", 1, 30), admin), actor=admin)
    dispatch(campaign, actor=admin)
    _play(db, rng, campaign, admin)
    hanoi = db.session.scalar(select(Locality).where(Locality.code == "01"))

    for row in list_respondent_progress(campaign.id, hanoi.id):
        live = [i for i in db.session.scalars(select(Invitation).where(Invitation.respondent_id == row.respondent.id))
                if not i.is_void]
        current = db.session.scalars(select(OutboxMessage.status).where(
            OutboxMessage.respondent_id == row.respondent.id, OutboxMessage.kind == "invite",
            OutboxMessage.status != MailStatus.CANCELLED)).all()
        assert (row.invited, row.opened, row.submitted) == (
            len(live), sum(1 for i in live if i.opened_at), sum(1 for i in live if i.submitted_at))
        assert [row.mail_status] == current
