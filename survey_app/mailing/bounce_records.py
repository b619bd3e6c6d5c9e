"""Bounces into the database: the message a DSN names (by its VERP key) is marked bounced, with the reason."""

import logging

from survey_app.core.db import db
from survey_app.mailing.bounces import Bounce
from survey_app.mailing.models import MailEvent, MailStatus, OutboxMessage

log = logging.getLogger(__name__)

def _reason(bounce: Bounce) -> str:
    words = bounce.reason or "không rõ lý do"
    if bounce.status and bounce.status not in words:
        words = f"{bounce.status} {words}"
    return words[:1000]


def record_bounce(bounce: Bounce) -> OutboxMessage | None:
    """A permanent bounce marks its message bounced; a delay only adds an event. None when no message matches."""
    message = db.session.get(OutboxMessage, bounce.key) if bounce.key is not None else None
    if message is None:
        log.warning("Bounce for %s names no outbox message (key %s)", bounce.recipient, bounce.key)
        return None
    reason = _reason(bounce)
    extra = {"recipient": bounce.recipient, "status": bounce.status}
    if bounce.permanent:
        if message.status != MailStatus.CANCELLED:
            message.status, message.last_error = MailStatus.BOUNCED, reason
            message.claimed_by = message.claimed_until = None
        db.session.add(MailEvent(message_id=message.id, kind="bounced", detail=reason, extra=extra))
    else:
        db.session.add(MailEvent(message_id=message.id, kind="delayed", detail=reason, extra=extra))
    return message


def record_bounces(bounces: list[Bounce]) -> int:
    """Record each bounce (flushed, not committed); returns how many named a message of ours."""
    return sum(1 for bounce in bounces if record_bounce(bounce) is not None)
