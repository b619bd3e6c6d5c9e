"""The demo's mail delivery: each invitation email sent minutes after its dispatch; some refused at once by
the recipient's server (failed), some bounced back later with the reasons official mail systems give."""

import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.mailing.bounce_records import record_bounce
from survey_app.mailing.bounces import Bounce
from survey_app.mailing.compose import make_message_id
from survey_app.mailing.models import MailEvent, OutboxMessage
from survey_app.reference.models import Locality

#: (status, reason) of the bounces, as real servers word them (Postfix, Zimbra, Exchange, Gmail).
BOUNCES = [
    ("5.1.1", "550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table"),
    ("5.2.2", "552 5.2.2 <{to}>: Mailbox full: quota exceeded (Zimbra)"),
    ("5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient {to} not found by SMTP address lookup"),
    ("5.2.1", "550 5.2.1 The email account that you tried to reach is disabled"),
    ("5.7.1", "554 5.7.1 <{to}>: Relay access denied"),
]
FAILED = (550, "5.1.1 <{to}>: Recipient address rejected: User unknown in local recipient table")
#: A province whose mail server refuses many of its own officials (full mailboxes after a migration).
TROUBLED = {"44": 0.22}
BOUNCE_RATE, FAILED_RATE = 0.03, 0.01


def outcome(rng: random.Random, code: str) -> str:
    draw = rng.random()
    if draw < FAILED_RATE:
        return "failed"
    return "bounced" if draw < FAILED_RATE + TROUBLED.get(code, BOUNCE_RATE) else "sent"


def invites(campaign: Campaign) -> list[tuple]:
    """(id, recipient, created_at, locality code) of every invitation email, in order."""
    query = (select(OutboxMessage.id, OutboxMessage.to_addr, OutboxMessage.created_at, Locality.code)
             .join(Locality, Locality.id == OutboxMessage.locality_id)
             .where(OutboxMessage.campaign_id == campaign.id, OutboxMessage.kind == "invite")
             .order_by(OutboxMessage.id))
    return list(db.session.execute(query))


def sent_row(mid: int, sent_at, domain: str) -> dict:
    return {"mid": mid, "status": "sent", "attempts": 1, "sent_at": sent_at, "next_attempt_at": sent_at,
            "message_id": make_message_id(mid, domain), "last_code": 250, "last_error": None}


def failed_row(mid: int, to: str, at, domain: str) -> dict:
    code, text = FAILED
    return {**sent_row(mid, None, domain), "status": "failed", "next_attempt_at": at, "last_code": code,
            "last_error": text.format(to=to)}


def write(rows: list[dict], events: list[dict]) -> None:
    table = OutboxMessage.__table__
    db.session.execute(update(table).where(table.c.id == bindparam("mid")).values(
        status=bindparam("status"), attempts=bindparam("attempts"), sent_at=bindparam("sent_at"),
        next_attempt_at=bindparam("next_attempt_at"), message_id=bindparam("message_id"),
        last_code=bindparam("last_code"), last_error=bindparam("last_error")), rows)
    db.session.execute(MailEvent.__table__.insert(), events)


def bounce(mid: int, to: str, at, rng: random.Random) -> None:
    """A bounce arrives (through the rule that reads DSNs), an hour or so after the message left."""
    status, reason = rng.choice(BOUNCES)
    record_bounce(Bounce(key=mid, recipient=to, permanent=True, status=status, reason=reason.format(to=to)))
    db.session.flush()
    db.session.execute(update(MailEvent).where(MailEvent.message_id == mid, MailEvent.kind == "bounced")
                       .values(at=at))


def deliver(campaign: Campaign, rng: random.Random) -> None:
    """Send every invitation email of the campaign, some failing or bouncing."""
    domain, rows, events, bounced = current_app.config["BOUNCE_DOMAIN"], [], [], []
    for mid, to, created_at, code in invites(campaign):
        at = created_at + timedelta(minutes=rng.uniform(1, 90))
        fate = outcome(rng, code)
        rows.append(failed_row(mid, to, at, domain) if fate == "failed" else sent_row(mid, at, domain))
        events.append({"message_id": mid, "at": at, "kind": rows[-1]["status"], "code": rows[-1]["last_code"],
                       "detail": rows[-1]["last_error"] or "", "extra": {}})
        if fate == "bounced":
            bounced.append((mid, to, at + timedelta(minutes=rng.uniform(5, 180))))
    write(rows, events)
    for mid, to, at in bounced:
        bounce(mid, to, at, rng)
