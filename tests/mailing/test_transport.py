"""SmtpPool against real aiosmtpd servers: every envelope one outcome, none lost or doubled."""

import threading
import time
from collections import Counter

import pytest

from survey_app.mailing.rates import DomainLimit
from survey_app.mailing.smtp_types import Envelope, SmtpSettings
from survey_app.mailing.transport import SmtpPool

from .conftest import accept_user, start


def envelopes(count: int, domain: str = "hanoi.gov.vn", first: int = 0) -> list[Envelope]:
    return [
        Envelope(
            key=key, sender=f"bounces+{key}@moha.gov.vn", recipient=f"user{key}@{domain}",
            data=f"Subject: thu {key}\r\nMessage-ID: <{key}.par@moha.gov.vn>\r\n\r\n.dot line {key}\r\n".encode(),
        )
        for key in range(first, first + count)
    ]


def settings_for(controller, **over) -> SmtpSettings:
    return SmtpSettings(host=controller.hostname, port=controller.port, timeout=5, local_hostname="test.local", **over)


def keys_received(recorder) -> Counter:
    return Counter(int(rcpts[0].split("@")[0].removeprefix("user")) for _, rcpts, _ in recorder.messages)


def test_every_message_arrives_once_with_its_bytes(smtp_server, recorder):
    batch = envelopes(300)
    with SmtpPool(settings_for(smtp_server, connections=5)) as pool:
        outcomes = pool.send(batch)
    assert [o.key for o in outcomes] == [e.key for e in batch]
    assert {o.status for o in outcomes} == {"sent"}
    assert keys_received(recorder) == Counter({e.key: 1 for e in batch})
    received = {rcpts[0]: (sender, content) for sender, rcpts, content in recorder.messages}
    for env in batch:
        assert received[env.recipient] == (env.sender, env.data)


def test_sessions_carry_many_messages_and_survive_between_calls(smtp_server, recorder):
    with SmtpPool(settings_for(smtp_server, connections=2, messages_per_connection=50)) as pool:
        pool.send(envelopes(100))
        pool.send(envelopes(100, first=100))
    assert len(recorder.messages) == 200
    assert 4 <= recorder.sessions <= 6  # 200 messages, 50 per session, 2 at a time


def test_4xx_recipient_is_deferred_and_the_rest_sent(smtp_server, recorder):
    recorder.rcpt_reply = lambda address: "451 4.3.0 Mailbox busy" if address.startswith("user1") else None
    with SmtpPool(settings_for(smtp_server)) as pool:
        outcomes = pool.send(envelopes(30))
    deferred = {o.key for o in outcomes if o.status == "deferred"}
    assert deferred == {1} | set(range(10, 20))
    assert all(o.code == 451 and "Mailbox busy" in o.text for o in outcomes if o.status == "deferred")
    assert set(keys_received(recorder)) == set(range(30)) - deferred


def test_5xx_recipient_fails_with_the_servers_words(smtp_server, recorder):
    unknown = "550 5.1.1 <user3@hanoi.gov.vn>: user unknown"
    recorder.rcpt_reply = lambda address: unknown if "user3@" in address else None
    with SmtpPool(settings_for(smtp_server)) as pool:
        outcomes = {o.key: o for o in pool.send(envelopes(6))}
    assert outcomes[3].status == "failed" and outcomes[3].code == 550
    assert "5.1.1" in outcomes[3].text and "user unknown" in outcomes[3].text
    assert [k for k, o in outcomes.items() if o.status == "sent"] == [0, 1, 2, 4, 5]


def test_5xx_at_data_fails_only_that_message(smtp_server, recorder):
    recorder.data_reply = lambda env: "554 5.7.1 Message rejected as spam" if "user2@" in env.rcpt_tos[0] else None
    with SmtpPool(settings_for(smtp_server, connections=1)) as pool:
        outcomes = {o.key: o for o in pool.send(envelopes(5))}
    assert (outcomes[2].status, outcomes[2].code) == ("failed", 554)
    assert sorted(keys_received(recorder)) == [0, 1, 3, 4]


def test_421_mid_session_reconnects_and_nothing_is_lost_or_doubled(smtp_server, recorder):
    refused = set()

    def data_reply(env):
        key = int(env.rcpt_tos[0].split("@")[0].removeprefix("user"))
        if key % 7 == 3 and key not in refused:
            refused.add(key)
            return "421 4.3.2 Service shutting down, closing channel"
        return None

    recorder.data_reply = data_reply
    with SmtpPool(settings_for(smtp_server, connections=3)) as pool:
        outcomes = pool.send(envelopes(100))
        assert {o.key for o in outcomes if o.status == "deferred"} == refused
        assert all(o.code == 421 for o in outcomes if o.status == "deferred")
        again = pool.send([e for e in envelopes(100) if e.key in refused])
    assert {o.status for o in again} == {"sent"}
    assert keys_received(recorder) == Counter({key: 1 for key in range(100)})
    assert recorder.sessions > len(refused)  # each 421 cost its session


def test_server_gone_defers_everything_without_raising(recorder):
    controller = start(recorder)
    with SmtpPool(settings_for(controller, connections=2)) as pool:
        assert {o.status for o in pool.send(envelopes(10))} == {"sent"}
        controller.stop()
        outcomes = pool.send(envelopes(20, first=10))
    assert [o.key for o in outcomes] == list(range(10, 30))
    assert {o.status for o in outcomes} == {"deferred"}
    assert all(o.code is None and o.text for o in outcomes)


def test_server_killed_mid_batch_loses_nothing(recorder):
    controller = start(recorder)
    recorder.delay = 0.002
    outcome: list = []
    with SmtpPool(settings_for(controller, connections=4)) as pool:
        sender = threading.Thread(target=lambda: outcome.extend(pool.send(envelopes(400))))
        sender.start()
        while len(recorder.messages) < 100:
            time.sleep(0.005)
        controller.stop()
        sender.join(30)
    assert [o.key for o in outcome] == list(range(400))
    sent = {o.key for o in outcome if o.status == "sent"}
    received = keys_received(recorder)
    assert sent <= set(received) and max(received.values()) == 1
    assert len(set(received) - sent) <= 4  # accepted as the server died: at most one per session
    assert {o.status for o in outcome if o.key not in sent} == {"deferred"}


def test_unreachable_relay_defers_everything():
    settings = SmtpSettings(host="127.0.0.1", port=1, timeout=2, local_hostname="test.local")
    with SmtpPool(settings) as pool:
        outcomes = pool.send(envelopes(5) + envelopes(5, domain="hue.gov.vn", first=5))
    assert [o.status for o in outcomes] == ["deferred"] * 10


def test_domain_connection_limit_is_respected(smtp_server, recorder):
    recorder.delay = 0.005
    limits = {"hanoi.gov.vn": DomainLimit(connections=2)}
    with SmtpPool(settings_for(smtp_server, connections=8), limits=limits) as pool:
        outcomes = pool.send(envelopes(60) + envelopes(60, domain="hue.gov.vn", first=60))
    assert {o.status for o in outcomes} == {"sent"}
    assert recorder.peak["hanoi.gov.vn"] == 2
    assert recorder.peak["hue.gov.vn"] > 2


def test_rate_limit_waits_briefly_then_defers(smtp_server, recorder):
    limits = {"hanoi.gov.vn": DomainLimit(connections=2, per_minute=10)}
    with SmtpPool(settings_for(smtp_server), limits=limits, max_rate_wait=0.5) as pool:
        outcomes = pool.send(envelopes(25) + envelopes(5, domain="hue.gov.vn", first=100))
    statuses = Counter((o.key >= 100, o.status) for o in outcomes)
    assert statuses == {(False, "sent"): 10, (False, "deferred"): 15, (True, "sent"): 5}
    late = [o for o in outcomes if o.status == "deferred"]
    assert all(o.text == "rate limit" and o.code is None and 55 < o.retry_after <= 181 for o in late)
    assert len(recorder.messages) == 15


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_auth_logs_in_when_a_username_is_set(recorder):
    controller = start(recorder, authenticator=accept_user(b"khaosat", b"mat-khau"),
                       auth_required=True, auth_require_tls=False)
    try:
        with SmtpPool(settings_for(controller, username="khaosat", password="mat-khau")) as pool:
            assert {o.status for o in pool.send(envelopes(5))} == {"sent"}
        with SmtpPool(settings_for(controller, username="khaosat", password="sai")) as pool:
            refused = pool.send(envelopes(3))
    finally:
        controller.stop()
    assert {o.status for o in refused} == {"deferred"}
    assert refused[0].code == 535
    assert len(recorder.messages) == 5


def test_starttls_with_a_self_signed_certificate(recorder, server_tls_context):
    controller = start(recorder, tls_context=server_tls_context, require_starttls=True)
    try:
        with SmtpPool(settings_for(controller, security="starttls", validate_certs=False)) as pool:
            assert {o.status for o in pool.send(envelopes(5))} == {"sent"}
        with SmtpPool(settings_for(controller, security="starttls")) as pool:
            unverified = pool.send(envelopes(2))
    finally:
        controller.stop()
    assert {o.status for o in unverified} == {"deferred"}
    assert "certificate" in unverified[0].text.lower()
    assert len(recorder.messages) == 5


def test_implicit_tls(recorder, server_tls_context):
    controller = start(recorder, ssl_context=server_tls_context)
    try:
        with SmtpPool(settings_for(controller, security="ssl", validate_certs=False)) as pool:
            outcomes = pool.send(envelopes(5))
    finally:
        controller.stop()
    assert {o.status for o in outcomes} == {"sent"}


@pytest.mark.parametrize("count", [0, 1])
def test_small_batches(smtp_server, recorder, count):
    with SmtpPool(settings_for(smtp_server)) as pool:
        assert len(pool.send(envelopes(count))) == count
    assert len(recorder.messages) == count
