"""Writing messages into the outbox, inside the business transaction (the transactional outbox)."""

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.mailing.models import OutboxMessage


def _queue(campaign, respondent, kind: str, key: str) -> int:
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)):
        return 0
    db.session.add(OutboxMessage(campaign_id=campaign.id, respondent_id=respondent.id,
                                 locality_id=respondent.list.locality_id, kind=kind, dedupe_key=key,
                                 to_addr=respondent.email, domain=respondent.email.rsplit("@", 1)[-1]))
    return 1


def queue_invite(campaign, respondent) -> int:
    """Queue the one invitation email of a respondent (all their links); 0 when already queued."""
    return _queue(campaign, respondent, "invite", f"invite:{campaign.id}:{respondent.id}")


def queue_invites(campaign, respondents) -> int:
    """Queue the invitation email of each respondent not yet sent one; how many were queued."""
    # One flush at the end, not one per respondent before each look-up (a 40-person list: 1 s → 0.1 s);
    # each respondent is queued once per call, so the look-up needs no pending rows.
    with db.session.no_autoflush:
        queued = sum(queue_invite(campaign, respondent) for respondent in respondents)
    db.session.flush()
    return queued
