"""Reminders: one message per person who still has open links, at most one a day, on demand or on schedule."""

from datetime import date

from sqlalchemy import exists, insert, select

from survey_app.campaigns.models import Campaign, CampaignStatus
from survey_app.core import audit
from survey_app.core.clock import local
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidState
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import MailStatus, OutboxMessage
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.respondents.states import RespondentStatus

DEFAULT_REMINDER_DAYS = (7, 3, 1)


def reminder_key(campaign_id: int, respondent_id: int, day: date) -> str:
    """The dedupe key that allows one reminder per person per (Vietnam) day."""
    return f"reminder:{campaign_id}:{respondent_id}:{day.isoformat()}"


def _due_respondents(campaign: Campaign, locality_ids: set[int] | None) -> list[tuple]:
    """(respondent id, email, locality id) of people with an open invitation whose invitation mail went out."""
    open_link = exists().where(Invitation.respondent_id == Respondent.id, Invitation.campaign_id == campaign.id,
                               Invitation.is_void.is_(False), Invitation.submitted_at.is_(None))
    invited = exists().where(OutboxMessage.respondent_id == Respondent.id, OutboxMessage.kind == "invite",
                             OutboxMessage.status == MailStatus.SENT)
    query = (select(Respondent.id, Respondent.email, RespondentList.locality_id)
             .join(RespondentList, RespondentList.id == Respondent.list_id)
             .where(RespondentList.campaign_id == campaign.id, Respondent.status == RespondentStatus.ACTIVE,
                    open_link, invited))
    if locality_ids is not None:
        query = query.where(RespondentList.locality_id.in_(locality_ids))
    return list(db.session.execute(query))


def _queued_on(campaign: Campaign, day: date) -> set[str]:
    """Dedupe keys of the campaign's reminders already queued for `day`."""
    pattern = f"reminder:{campaign.id}:%:{day.isoformat()}"
    return set(db.session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.campaign_id == campaign.id, OutboxMessage.dedupe_key.like(pattern))))


def _reminder_row(campaign: Campaign, respondent_id: int, email: str, locality_id: int, key: str, now) -> dict:
    return {"campaign_id": campaign.id, "respondent_id": respondent_id, "locality_id": locality_id,
            "kind": "reminder", "dedupe_key": key, "to_addr": email, "domain": email.rpartition("@")[2].lower(),
            "status": MailStatus.QUEUED, "attempts": 0, "next_attempt_at": now, "created_at": now,
            "message_id": "", "invitation_ids": []}


def list_reminder_recipients(campaign: Campaign, *, locality_ids: set[int] | None = None,
                             today: date | None = None) -> list[tuple]:
    """(respondent id, email, locality id) of whom a reminder sent now would reach: open links, not reminded today."""
    day = today or local(utcnow()).date()
    done = _queued_on(campaign, day)
    return [row for row in _due_respondents(campaign, locality_ids)
            if reminder_key(campaign.id, row[0], day) not in done]


def queue_reminders(campaign: Campaign, *, locality_ids: set[int] | None = None, actor,
                    today: date | None = None) -> int:
    """Queue a reminder for each non-respondent (in the localities given, else all); none twice on one day."""
    if campaign.status != CampaignStatus.SURVEYING:
        raise InvalidState(f"Kỳ khảo sát đang ở trạng thái '{campaign.status_label}': không có phiếu nào để đôn đốc.")
    day, now = today or local(utcnow()).date(), utcnow()
    rows = [_reminder_row(campaign, rid, email, locality_id, reminder_key(campaign.id, rid, day), now)
            for rid, email, locality_id in list_reminder_recipients(campaign, locality_ids=locality_ids, today=day)]
    if rows:
        db.session.execute(insert(OutboxMessage), rows)
        audit.record("campaign.remind", campaign, actor=actor,
                     details={"localities": sorted(locality_ids) if locality_ids is not None else "all",
                              "messages_queued": len(rows), "day": day.isoformat()})
    return len(rows)


def reminder_due_today(campaign: Campaign, today: date) -> bool:
    """Whether `today` is one of the campaign's reminder days (settings "reminder_days", days before the deadline)."""
    days = (campaign.settings or {}).get("reminder_days", DEFAULT_REMINDER_DAYS)
    return (local(campaign.response_deadline).date() - today).days in set(days)


def queue_scheduled_reminders(*, today: date | None = None) -> dict[str, int]:
    """For every surveying campaign whose reminder day is today, queue its reminders; {campaign code: queued}."""
    day = today or local(utcnow()).date()
    queued = {}
    for campaign in db.session.scalars(select(Campaign).where(Campaign.status == CampaignStatus.SURVEYING)):
        if reminder_due_today(campaign, day):
            queued[campaign.code] = queue_reminders(campaign, actor="scheduler", today=day)
    return queued
