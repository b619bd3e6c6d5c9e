"""The worker's rules: outcomes written back in a batch, backoff, rate-limit deferrals, the deadline, leases, stop."""

import concurrent.futures
import email
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from survey_app.core.db import utcnow
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import MailEvent, OutboxMessage
from survey_app.mailing.smtp_types import Outcome, SmtpSettings
from survey_app.mailing.transport import SmtpPool
from survey_app.mailing.worker import WorkerSettings, backoff, claim_due, run_once

from .seeding import seed_campaign


class FakePool:
    """Answers every envelope with `answer(envelope)`; keeps what it was asked to send.

    A scripted stand-in for SmtpPool, for the worker's own rules (claiming, retry times, status and events
    written back) under replies a real relay gives rarely and not on demand. The real path is tested against
    aiosmtpd and Postfix's smtp-sink in test_transport.py, test_pipelining.py, test_nothing_lost.py and
    test_smtp_sink.py.
    """

    def __init__(self, answer=lambda env: Outcome(env.key, "sent", 250, "2.0.0 Ok"), on_send=None):
        self.answer, self.on_send, self.sent = answer, on_send, []

    def send(self, envelopes):
        self.sent += envelopes
        if self.on_send:
            self.on_send()
        return [self.answer(env) for env in envelopes]

    def send_async(self, envelopes):
        future = concurrent.futures.Future()
        future.set_result(self.send(envelopes))
        return future


def settings(**over) -> WorkerSettings:
    values = {"worker_id": "test:1", "public_base_url": "https://khaosat.moha.gov.vn",
              "mail_from": "Bộ Nội vụ <khaosat@moha.gov.vn>", "bounce_domain": "moha.gov.vn", "batch_size": 50}
    values.update(over)
    return WorkerSettings(**values)


def rows(db):
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_every_row_is_sent_once_with_a_message_id_fixed_by_its_row(db, make_campaign):
    seed_campaign(make_campaign(), 120, status="queued")
    pool = FakePool()
    assert run_once(pool, settings()) == 120
    sent = rows(db)
    assert {m.status for m in sent} == {"sent"}
    assert [m.message_id for m in sent] == [f"<{m.id}.par@moha.gov.vn>" for m in sent]
    headers = {email.message_from_bytes(env.data)["Message-ID"] for env in pool.sent}
    assert headers == {m.message_id for m in sent}
    assert db.session.scalar(select(func.count()).select_from(MailEvent)) == 120
    assert all(m.invitation_ids and m.sent_at for m in sent)


def test_each_message_carries_only_the_open_links(db, make_campaign):
    ids = seed_campaign(make_campaign(), 3, status="queued")
    db.session.execute(update(Invitation).where(Invitation.respondent_id == ids[0]).values(submitted_at=utcnow()))
    db.session.commit()
    pool = FakePool()
    assert run_once(pool, settings()) == 2
    statuses = {m.respondent_id: m.status for m in rows(db)}
    assert statuses == {ids[0]: "cancelled", ids[1]: "sent", ids[2]: "sent"}


def test_a_4xx_defers_with_exponential_backoff_and_jitter(db, make_campaign):
    seed_campaign(make_campaign(), 20, status="queued")
    pool = FakePool(lambda env: Outcome(env.key, "deferred", 451, "4.3.0 Try again later"))
    before = utcnow()
    run_once(pool, settings(backoff_base=100))
    waits = [(m.next_attempt_at - before).total_seconds() for m in rows(db)]
    assert all(m.status == "deferred" and m.attempts == 1 and m.last_code == 451 for m in rows(db))
    assert all(79 <= w <= 121 for w in waits), waits
    assert len({round(w, 3) for w in waits}) > 1, "jitter spreads the retries"
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()
    before = utcnow()
    run_once(pool, settings(backoff_base=100))
    assert all(m.attempts == 2 and 159 <= (m.next_attempt_at - before).total_seconds() <= 241 for m in rows(db))


def test_backoff_is_capped():
    assert backoff(30, settings(backoff_base=60, backoff_cap=3600)) <= timedelta(seconds=3600 * 1.2)
    assert backoff(1, settings(backoff_base=60)) >= timedelta(seconds=48)


def test_a_rate_limited_message_returns_after_retry_after_without_spending_an_attempt(db, make_campaign):
    seed_campaign(make_campaign(), 4, status="queued")
    pool = FakePool(lambda env: Outcome(env.key, "deferred", None, "rate limit", retry_after=120))
    before = utcnow()
    run_once(pool, settings(backoff_base=5))
    for m in rows(db):
        assert (m.status, m.attempts) == ("deferred", 0)
        assert 119 <= (m.next_attempt_at - before).total_seconds() <= 134


def test_a_deferral_that_would_pass_the_response_deadline_fails_with_the_servers_words(db, make_campaign):
    seed_campaign(make_campaign(response_deadline=utcnow() + timedelta(days=11)), 2, status="queued")
    pool = FakePool(lambda env: Outcome(env.key, "deferred", 452, "4.2.2 Mailbox full"))
    run_once(pool, settings(backoff_base=20 * 86400, backoff_cap=30 * 86400))
    assert {(m.status, m.last_code) for m in rows(db)} == {("failed", 452)}
    assert all("4.2.2 Mailbox full" in m.last_error for m in rows(db))


def test_a_5xx_fails_for_good_with_the_servers_words(db, make_campaign):
    seed_campaign(make_campaign(), 2, status="queued")
    pool = FakePool(lambda env: Outcome(env.key, "failed", 550, "5.1.1 <x@hanoi.gov.vn>: Recipient address rejected"))
    run_once(pool, settings())
    assert {(m.status, m.last_error) for m in rows(db)} == {
        ("failed", "5.1.1 <x@hanoi.gov.vn>: Recipient address rejected")}
    assert run_once(pool, settings()) == 0, "a failed message is never retried"


def test_a_live_lease_keeps_rows_from_other_workers_and_an_expired_one_frees_them(db, make_campaign):
    seed_campaign(make_campaign(), 10, status="queued")
    assert len(claim_due(settings(worker_id="a:1", lease_seconds=60))) == 10
    assert claim_due(settings(worker_id="b:2")) == []
    db.session.execute(update(OutboxMessage).values(claimed_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert len(claim_due(settings(worker_id="b:2"))) == 10
    assert set(db.session.scalars(select(OutboxMessage.claimed_by))) == {"b:2"}


def test_a_late_worker_does_not_overwrite_a_row_another_worker_has_claimed(db, make_campaign):
    seed_campaign(make_campaign(), 1, status="queued")
    claim_due(settings(worker_id="slow:1"))
    db.session.execute(update(OutboxMessage).values(claimed_by="fast:2"))
    db.session.commit()
    from survey_app.mailing.envelopes import load_batch
    from survey_app.mailing.worker import write_back
    batch = load_batch([rows(db)[0].id], settings())
    write_back(batch, [Outcome(batch.envelopes[0].key, "failed", 550, "no")], settings(worker_id="slow:1"))
    assert rows(db)[0].status == "claimed"


def test_stop_finishes_the_batch_in_flight_and_gives_back_the_next(db, make_campaign):
    seed_campaign(make_campaign(), 30, status="queued")
    stop = threading.Event()
    pool = FakePool(on_send=stop.set)
    assert run_once(pool, settings(batch_size=10), stop) == 10
    left = [m for m in rows(db) if m.status != "sent"]
    assert len(left) == 20
    assert all(m.status == "queued" or m.claimed_until < utcnow() for m in left), "released rows are due at once"
    assert run_once(FakePool(), settings(batch_size=10)) == 20


@pytest.mark.parametrize("code", [421, 451])
def test_over_real_smtp_a_refusal_defers_and_a_later_run_delivers(db, make_campaign, recorder, smtp_server, code):
    seed_campaign(make_campaign(), 6, status="queued")
    recorder.data_reply = lambda envelope: f"{code} 4.3.0 Hệ thống bận, thử lại sau"
    with SmtpPool(SmtpSettings(host="127.0.0.1", port=smtp_server.port, connections=2)) as pool:
        assert run_once(pool, settings(backoff_base=0.01)) == 0
        assert {m.status for m in rows(db)} == {"deferred"}
        recorder.data_reply = lambda envelope: None
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert run_once(pool, settings(backoff_base=0.01)) == 6
    assert len(recorder.messages) == 6


def test_a_configured_dkim_key_signs_what_the_worker_sends(app, db, make_campaign, dkim_keys, tmp_path):
    from survey_app.mailing.settings import worker_settings
    private, _ = dkim_keys
    (tmp_path / "dkim.pem").write_bytes(private)
    app.config.update(DKIM_SELECTOR="par2025", DKIM_DOMAIN="moha.gov.vn", DKIM_KEY_FILE=str(tmp_path / "dkim.pem"))
    try:
        with app.test_request_context():
            configured = worker_settings()
    finally:
        app.config.update(DKIM_SELECTOR=None, DKIM_DOMAIN=None, DKIM_KEY_FILE=None)
    seed_campaign(make_campaign(), 1, status="queued")
    pool = FakePool()
    run_once(pool, configured)
    assert pool.sent[0].data.startswith(b"DKIM-Signature: v=1; a=rsa-sha256;")
    assert b"d=moha.gov.vn" in pool.sent[0].data and b"s=par2025" in pool.sent[0].data


def test_a_poison_message_between_good_ones_fails_alone_and_one_run_delivers_the_rest(
        db, make_campaign, recorder, smtp_server):
    seed_campaign(make_campaign(), 5, status="queued")
    poison = rows(db)[2]
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == poison.id)
                       .values(to_addr="x@nghệan.gov.vn", domain="nghệan.gov.vn"))
    db.session.commit()
    with SmtpPool(SmtpSettings(host="127.0.0.1", port=smtp_server.port, connections=2)) as pool:
        assert run_once(pool, settings(batch_size=50)) == 4
    assert len(recorder.messages) == 4
    outcome = {m.id: (m.status, m.claimed_by) for m in rows(db)}
    assert outcome.pop(poison.id) == ("failed", None)
    assert set(outcome.values()) == {("sent", None)}
    failed = db.session.get(OutboxMessage, poison.id)
    assert "nghệan.gov.vn" in failed.last_error and failed.last_error.startswith("Không tạo được thư")
