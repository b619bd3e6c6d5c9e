"""The demo campaign in full swing: every province's and ministry's list (most approved and dispatched, a few
submitted, returned or still being drafted), then ten days of delivery, opens, drafts and submissions.

Lists go through the domain rules (import_list, submit_list, approve_list, return_list, dispatch), answers
through the respondents' own rules (responses.services save_draft and submit). Those rules stamp the present
moment, so the times are moved back afterwards to a consistent simulated past (demo/timeline.py). The audit
log keeps the load's real times: its entries are hash-chained and never rewritten.
"""

import random
from datetime import timedelta

from sqlalchemy import func, select, update

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db, utcnow
from survey_app.demo import answering, mailflow
from survey_app.demo.people import list_file, ministry_rows, province_rows
from survey_app.invitations.models import Invitation
from survey_app.invitations.reopening import return_list
from survey_app.mailing.dispatch import dispatch
from survey_app.mailing.models import OutboxMessage
from survey_app.reference.models import Locality, list_localities
from survey_app.respondents.importing import import_list
from survey_app.respondents.models import RespondentList
from survey_app.respondents.services import approve_list, get_list, submit_list
from survey_app.respondents.states import EDITABLE, ListStatus

ACTOR = "demo"
#: The lists that are not (yet) approved, and how far each got; every other list is approved and dispatched.
NOT_APPROVED = {"79": "submitted", "96": "submitted", "BNG": "submitted", "12": "returned", "VPCP": "returned",
                "11": "draft", "TTCP": "draft", "BDTTG": "empty"}
RETURN_REASON = "Danh sách thiếu lãnh đạo các phòng thuộc sở; đề nghị bổ sung và gửi lại."
#: Days before now of the three dispatch waves, and the share of approved lists in each.
WAVES = ((10, 0.6), (7, 0.25), (4, 0.15))


def demo_campaign() -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.code == "DEMO2025"))


def rows_for(locality: Locality, rng: random.Random, start: int = 1) -> list[list]:
    if locality.kind == "province":
        return province_rows(locality, rng.randint(25, 60), rng, start)
    return ministry_rows(locality, rng.randint(20, 36), rng, start)


def fill(lst: RespondentList, rng: random.Random, mode: str = "replace") -> None:
    start = 100 if mode == "append" else 1  # rows appended to a list never reuse its mailboxes
    import_list(lst, list_file(rows_for(lst.locality, rng, start)), f"danh-sach-{lst.locality.code}.xlsx",
                mode=mode, max_bytes=10**7, actor=ACTOR)


def prepare_list(campaign: Campaign, locality: Locality, rng: random.Random) -> RespondentList:
    """Bring one locality's list to its planned state through the workflow's rules."""
    lst = get_list(campaign, locality)
    plan = NOT_APPROVED.get(locality.code, "approved")
    if lst.status in (ListStatus.SUBMITTED, ListStatus.APPROVED) and plan == "approved":
        return_list(lst, reason=RETURN_REASON, actor=ACTOR)  # the base's small list: returned, completed, resent
        fill(lst, rng, mode="append")
    elif lst.status == ListStatus.DRAFT and plan != "empty":
        fill(lst, rng)
    if plan in ("submitted", "approved", "returned") and lst.status in EDITABLE:
        submit_list(lst, actor=ACTOR)
    if plan == "approved" and lst.status == ListStatus.SUBMITTED:
        approve_list(lst, actor=ACTOR)
    elif plan == "returned" and lst.status == ListStatus.SUBMITTED:
        return_list(lst, reason=RETURN_REASON, actor=ACTOR)
    return lst


def waves(approved: list[RespondentList], rng: random.Random) -> list[tuple[int, list[RespondentList]]]:
    """The approved lists shuffled into the dispatch waves (days ago, lists)."""
    shuffled = sorted(approved, key=lambda lst: lst.locality.code)
    rng.shuffle(shuffled)
    cuts = [round(len(shuffled) * sum(share for _, share in WAVES[:i])) for i in range(len(WAVES) + 1)]
    return [(days, shuffled[cuts[i]:cuts[i + 1]]) for i, (days, _) in enumerate(WAVES)]


def dispatch_wave(campaign: Campaign, days_ago: int, lists: list[RespondentList]) -> None:
    """Dispatch the wave's lists, then date them: submitted two days, approved one day before the wave."""
    when = utcnow().replace(hour=2, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    ids = [lst.locality_id for lst in lists]
    dispatch(campaign, locality_codes=[lst.locality.code for lst in lists], actor=ACTOR)
    db.session.flush()
    for lst in lists:
        lst.submitted_at, lst.decided_at = when - timedelta(days=2), when - timedelta(days=1)
    for model in (Invitation, OutboxMessage):
        db.session.execute(update(model).where(model.campaign_id == campaign.id, model.locality_id.in_(ids))
                           .values(created_at=when))


def set_timeline(campaign: Campaign) -> None:
    """The campaign opened a month ago; lists are due in two days, answers in twelve."""
    now = utcnow()
    campaign.created_at = now - timedelta(days=30)
    campaign.list_deadline, campaign.response_deadline = now + timedelta(days=2), now + timedelta(days=12)


def load() -> list[str]:
    """Make the demo campaign a campaign in full swing (once); return the lines to print."""
    campaign = demo_campaign()
    if campaign is None or campaign.settings.get("demo_activity"):
        return summary(campaign)
    rng = random.Random(2025)
    set_timeline(campaign)
    lists = [prepare_list(campaign, locality, rng) for locality in list_localities()]
    for days_ago, wave in waves([lst for lst in lists if lst.status == ListStatus.APPROVED], rng):
        dispatch_wave(campaign, days_ago, wave)
    mailflow.deliver(campaign, rng)
    answering.simulate(campaign, rng)
    campaign.settings = {**campaign.settings, "demo_activity": True}
    db.session.flush()
    return summary(campaign)


def summary(campaign: Campaign | None) -> list[str]:
    if campaign is None:
        return []
    counted = select(func.count(Invitation.id), func.count(Invitation.submitted_at)) \
        .where(Invitation.campaign_id == campaign.id)
    invited, answered = db.session.execute(counted).one()
    return [f"Kỳ khảo sát {campaign.code} đang diễn ra: {invited} phiếu đã gửi ở 34 tỉnh và các bộ, "
            f"{answered} phiếu đã trả lời; vài danh sách còn chờ duyệt, bị trả lại hoặc chưa gửi."]
