"""The mail worker: claim due outbox rows under a lease, build and send them, write outcomes back.

Any number of workers may run: on PostgreSQL rows are claimed with SELECT … FOR UPDATE SKIP LOCKED;
on SQLite run a single worker. A worker killed at any moment loses nothing: its lease expires and
the rows return to the queue (at most the messages in flight are sent twice).
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db, utcnow
from survey_app.invitations.links import link_url
from survey_app.invitations.models import Invitation
from survey_app.mailing.compose import build_message, make_message_id
from survey_app.mailing.models import MailEvent, OutboxMessage
from survey_app.mailing.render import render_mail
from survey_app.mailing.transport import Envelope, Outcome
from survey_app.mailing.verp import verp_sender

ABOUT_LABELS = {"own_locality": "{name}", "managing_ministry": "{name} (bộ chủ quản)", "own_ministry": "{name}"}


@dataclass
class WorkerSettings:
    worker_id: str
    public_base_url: str
    mail_from: str
    bounce_domain: str
    batch_size: int = 200
    lease_seconds: int = 300
    backoff_base: int = 60
    backoff_cap: int = 3600


def _due():
    now = utcnow()
    return or_(and_(OutboxMessage.status.in_(("queued", "deferred")), OutboxMessage.next_attempt_at <= now),
               and_(OutboxMessage.status == "claimed", OutboxMessage.claimed_until < now))


def claim_due(settings: WorkerSettings) -> list[int]:
    """Take up to a batch of due rows under this worker's lease and commit, so others skip them."""
    ids = list(db.session.scalars(
        select(OutboxMessage.id).where(_due()).order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(settings.batch_size).with_for_update(skip_locked=True)))
    if ids:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
            status="claimed", claimed_by=settings.worker_id,
            claimed_until=utcnow() + timedelta(seconds=settings.lease_seconds)))
    db.session.commit()
    return ids


def _links(message: OutboxMessage, settings: WorkerSettings) -> list[dict]:
    invitations = db.session.scalars(
        select(Invitation).options(selectinload(Invitation.questionnaire), selectinload(Invitation.evaluated_locality))
        .where(Invitation.respondent_id == message.respondent_id, Invitation.is_void.is_(False),
               Invitation.submitted_at.is_(None)).order_by(Invitation.id))
    return [{"id": inv.id, "title": inv.questionnaire.title, "url": link_url(inv, settings.public_base_url),
             "about": inv.evaluated_locality.name} for inv in invitations]


def build_envelope(message: OutboxMessage, campaign: Campaign, settings: WorkerSettings) -> Envelope | None:
    """The bytes to send for one outbox row; None when the respondent has nothing left to answer."""
    links = _links(message, settings)
    if not links:
        return None
    message.invitation_ids = [item["id"] for item in links]
    respondent = message.respondent
    subject, text, html = render_mail(message.kind, campaign=campaign, respondent=respondent, links=links,
                                      locality=respondent.list.locality)
    message.message_id = message.message_id or make_message_id(message.id, settings.bounce_domain)
    data = build_message(message_id=message.message_id, from_header=settings.mail_from, to=message.to_addr,
                         subject=subject, text=text, html=html, date=utcnow())
    sender = verp_sender(message.id, local="bounces", domain=settings.bounce_domain)
    return Envelope(key=message.id, sender=sender, recipient=message.to_addr, data=data)


def _backoff(attempts: int, settings: WorkerSettings) -> timedelta:
    seconds = min(settings.backoff_cap, settings.backoff_base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def _apply(message: OutboxMessage, outcome: Outcome, campaign: Campaign, settings: WorkerSettings) -> None:
    now = utcnow()
    message.attempts += 1
    message.last_code, message.last_error = outcome.code, (outcome.text or "")[:1000] or None
    message.claimed_by = message.claimed_until = None
    retry_at = now + _backoff(message.attempts, settings)
    if outcome.status == "sent":
        message.status, message.sent_at = "sent", now
    elif outcome.status == "deferred" and retry_at < campaign.response_deadline:
        message.status, message.next_attempt_at = "deferred", retry_at
    else:
        message.status = "failed"
    db.session.add(MailEvent(message_id=message.id, kind=message.status, code=outcome.code,
                             detail=(outcome.text or "")[:1000]))


def process_batch(ids: list[int], pool, settings: WorkerSettings) -> int:
    """Send the claimed rows and write every outcome back in one transaction; returns how many were sent."""
    messages = {m.id: m for m in db.session.scalars(
        select(OutboxMessage).options(selectinload(OutboxMessage.respondent)).where(OutboxMessage.id.in_(ids)))}
    campaigns = {c.id: c for c in db.session.scalars(
        select(Campaign).where(Campaign.id.in_({m.campaign_id for m in messages.values()})))}
    envelopes = []
    for message in messages.values():
        envelope = build_envelope(message, campaigns[message.campaign_id], settings)
        if envelope is None:
            message.status, message.claimed_by, message.claimed_until = "cancelled", None, None
        else:
            envelopes.append(envelope)
    outcomes = pool.send(envelopes) if envelopes else []
    for outcome in outcomes:
        message = messages[outcome.key]
        _apply(message, outcome, campaigns[message.campaign_id], settings)
    db.session.commit()
    return sum(1 for o in outcomes if o.status == "sent")


def run_once(pool, settings: WorkerSettings) -> int:
    """Send until nothing is due; returns the number of messages sent."""
    sent = 0
    while ids := claim_due(settings):
        sent += process_batch(ids, pool, settings)
    return sent
