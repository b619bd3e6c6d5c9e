"""The mail worker: claim due outbox rows under a lease, build and send them, write outcomes back.

Any number of workers may run: on PostgreSQL rows are claimed with SELECT … FOR UPDATE SKIP LOCKED;
on SQLite run a single worker. A worker killed at any moment loses nothing: its lease expires and
the rows return to the queue (at most the messages in flight are sent twice).

The next batch is claimed and built while the pool sends the current one, and outcomes are
written back with one executemany per batch, so the database never waits on SMTP or the reverse.
"""

import random
import threading
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, insert, select, update

from survey_app.core.db import db, utcnow
from survey_app.mailing.compose import DkimKey
from survey_app.mailing.envelopes import Batch, load_batch
from survey_app.mailing.models import MailEvent, MailStatus, OutboxMessage
from survey_app.mailing.smtp_types import Outcome

_table = OutboxMessage.__table__


@dataclass
class WorkerSettings:
    worker_id: str
    public_base_url: str
    mail_from: str
    bounce_domain: str
    batch_size: int = 500
    lease_seconds: int = 300
    backoff_base: float = 60
    backoff_cap: float = 3600
    dkim: DkimKey | None = None


def _due_queries(now):
    """Expired leases first (they are the oldest), then due retries, then new messages; each one index scan."""
    m = OutboxMessage
    yield select(m.id).where(m.status == MailStatus.CLAIMED, m.claimed_until < now)
    for status in (MailStatus.DEFERRED, MailStatus.QUEUED):
        # One status per query keeps (status, next_attempt_at) ordered in the index: no sort of the whole queue.
        yield select(m.id).where(m.status == status, m.next_attempt_at <= now).order_by(m.next_attempt_at)


def claim_due(settings: WorkerSettings) -> list[int]:
    """Take up to a batch of due rows under this worker's lease and commit, so others skip them."""
    now, ids = utcnow(), []
    for query in _due_queries(now):
        room = settings.batch_size - len(ids)
        if room <= 0:
            break
        ids += db.session.scalars(query.limit(room).with_for_update(skip_locked=True))
    if ids:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
            status=MailStatus.CLAIMED, claimed_by=settings.worker_id,
            claimed_until=now + timedelta(seconds=settings.lease_seconds)))
    db.session.commit()
    return ids


def release(ids: list[int], settings: WorkerSettings) -> None:
    """Give claimed rows back unsent (a stopping worker): their lease ends now."""
    if ids:
        db.session.execute(update(OutboxMessage).where(
            OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == settings.worker_id,
            OutboxMessage.status == MailStatus.CLAIMED).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def backoff(attempts: int, settings: WorkerSettings) -> timedelta:
    """base × 2^(attempts−1), capped, times a jitter of ±20% so deferred rows do not return together."""
    seconds = min(settings.backoff_cap, settings.backoff_base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def _result(row, outcome: Outcome, deadline, attempts: int, now, settings: WorkerSettings) -> dict:
    """The written-back fields of one outcome: sent, deferred until the deadline, else failed."""
    text = (outcome.text or "")[:1000]
    if outcome.retry_after is not None:
        # A rate-limit deferral is our own pacing, not the recipient's failure: it costs no attempt.
        retry_at = now + timedelta(seconds=outcome.retry_after * random.uniform(1.0, 1.1))
    else:
        attempts += 1
        retry_at = now + backoff(attempts, settings)
    status = outcome.status
    if status == MailStatus.DEFERRED and retry_at >= deadline:
        status, text = MailStatus.FAILED, f"Hết hạn trả lời phiếu trước lần gửi lại; lỗi cuối: {text}"[:1000]
    return {"b_id": row.id, "b_status": status, "b_attempts": attempts, "b_code": outcome.code,
            "b_error": text or None, "b_next": retry_at if status == MailStatus.DEFERRED else now,
            "b_sent_at": now if status == MailStatus.SENT else None, "b_message_id": row.message_id,
            "b_invitations": row.invitation_ids}


_WRITE_BACK = (update(_table).where(_table.c.id == bindparam("b_id"), _table.c.claimed_by == bindparam("b_worker"))
               .values(status=bindparam("b_status"), attempts=bindparam("b_attempts"),
                       last_code=bindparam("b_code"), last_error=bindparam("b_error"),
                       next_attempt_at=bindparam("b_next"), sent_at=bindparam("b_sent_at"),
                       message_id=bindparam("b_message_id"), invitation_ids=bindparam("b_invitations"),
                       claimed_by=None, claimed_until=None))


def write_back(batch: Batch, outcomes: list[Outcome], settings: WorkerSettings) -> int:
    """Every outcome of a batch (unbuildable rows too) in one transaction, one executemany each; returns sent."""
    now = utcnow()
    params = []
    for outcome in [*outcomes, *batch.unbuildable]:
        row = batch.rows[outcome.key]
        campaign = batch.campaigns.get(row.campaign_id)
        # Account mail has no campaign: its link expires within days, retrying longer is pointless.
        deadline = campaign.response_deadline if campaign else now + timedelta(days=1)
        params.append(_result(row, outcome, deadline, row.attempts, now, settings))
    for mid in batch.cancelled:
        params.append({"b_id": mid, "b_status": MailStatus.CANCELLED, "b_attempts": batch.rows[mid].attempts,
                       "b_code": None, "b_error": "Người nhận không còn phiếu nào phải trả lời.", "b_next": now,
                       "b_sent_at": None, "b_message_id": "", "b_invitations": []})
    if params:
        for item in params:
            item["b_worker"] = settings.worker_id
        db.session.execute(_WRITE_BACK, params)
        db.session.execute(insert(MailEvent), [
            {"message_id": p["b_id"], "at": now, "kind": p["b_status"], "code": p["b_code"],
             "detail": p["b_error"] or "", "extra": {}} for p in params])
    db.session.commit()
    return sum(1 for p in params if p["b_status"] == MailStatus.SENT)


def process_batch(ids: list[int], pool, settings: WorkerSettings) -> int:
    """Send the claimed rows and write every outcome back in one transaction; returns how many were sent."""
    batch = load_batch(ids, settings)
    return write_back(batch, pool.send(batch.envelopes), settings)


def run_once(pool, settings: WorkerSettings, stop: threading.Event | None = None) -> int:
    """Send until nothing is due (or `stop` is set), building the next batch while one is sent; returns sent."""
    stop = stop or threading.Event()
    sent = 0
    ids = claim_due(settings)
    batch = load_batch(ids, settings) if ids else None
    while batch is not None:
        sending = pool.send_async(batch.envelopes)
        next_ids = [] if stop.is_set() else claim_due(settings)
        next_batch = load_batch(next_ids, settings) if next_ids else None
        db.session.rollback()  # end the read transaction before waiting on SMTP
        sent += write_back(batch, sending.result(), settings)
        batch = next_batch
        if batch is not None and stop.is_set():
            release(list(batch.rows), settings)
            break
    return sent
