"""A locality corrects an address that failed or bounced: revalidated, audited, and the message sent again."""

from sqlalchemy import func, select

from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.core.mailbox import ascii_mailbox
from survey_app.mailing.models import MailEvent, OutboxMessage

CORRECTABLE = ("failed", "bounced")


def normalise_address(value: str) -> str:
    """The address lower-cased and normalised, or InvalidInput naming the value."""
    value = (value or "").strip()
    address = ascii_mailbox(value)
    if address is None:
        raise InvalidInput(f"Email: '{value}' không phải là địa chỉ thư hợp lệ. Hãy sửa lại địa chỉ thư công vụ.",
                           errors=[{"field": "email", "message": f"'{value}' không hợp lệ."}])
    return address


def _next_key(message: OutboxMessage) -> str:
    base = f"{message.kind}:{message.campaign_id}:{message.respondent_id}"
    count = db.session.scalar(select(func.count()).where(OutboxMessage.campaign_id == message.campaign_id,
                                                         OutboxMessage.respondent_id == message.respondent_id,
                                                         OutboxMessage.kind == message.kind))
    return f"{base}:r{count + 1}"


def correct_and_resend(message: OutboxMessage, new_address: str, *, actor) -> OutboxMessage:
    """Replace a failed or bounced message by a new one to the corrected address; the respondent's email follows."""
    if message.status not in CORRECTABLE or message.respondent is None:
        raise InvalidState("Chỉ sửa địa chỉ và gửi lại được thư đã thất bại hoặc bị trả lại.")
    address = normalise_address(new_address)
    respondent, old = message.respondent, message.to_addr
    respondent.email = address
    message.status = "cancelled"
    db.session.add(MailEvent(message_id=message.id, kind="corrected", detail=f"{old} → {address}"))
    replacement = OutboxMessage(campaign_id=message.campaign_id, respondent_id=respondent.id,
                                locality_id=message.locality_id, kind=message.kind, dedupe_key=_next_key(message),
                                to_addr=address, domain=address.rpartition("@")[2])
    db.session.add(replacement)
    db.session.flush()
    audit.record("mail.correct_address", respondent, actor=actor,
                 details={"message": message.id, "old": old, "new": address, "replacement": replacement.id})
    return replacement
