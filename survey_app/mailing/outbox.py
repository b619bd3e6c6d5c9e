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
