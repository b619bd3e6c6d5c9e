"""Read-only counts of the outbox by delivery status."""

from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.mailing.models import OutboxMessage

REPORTED = ("queued", "sent", "deferred", "failed", "bounced")


def count_mail_status(campaign_id: int, *, locality_ids: set[int] | None = None) -> dict:
    """{"queued", "sent", "deferred", "failed", "bounced"}; a claimed message counts as queued."""
    query = (select(OutboxMessage.status, func.count()).where(OutboxMessage.campaign_id == campaign_id)
             .group_by(OutboxMessage.status))
    if locality_ids is not None:
        query = query.where(OutboxMessage.locality_id.in_(locality_ids))
    counts = dict.fromkeys(REPORTED, 0)
    for status, n in db.session.execute(query):
        key = "queued" if status == "claimed" else status
        if key in counts:
            counts[key] += n
    return counts
