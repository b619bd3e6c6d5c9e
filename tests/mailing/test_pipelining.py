"""SmtpPool against a server that advertises PIPELINING: bytes intact, outcomes per recipient, nothing sent twice."""

from collections import Counter

import pytest

from survey_app.mailing.rates import DomainLimit
from survey_app.mailing.smtp_types import Envelope, SmtpSettings
from survey_app.mailing.smtp_wire import wire_data
from survey_app.mailing.transport import SmtpPool

from .pipe_server import PipeServer

# Lines starting with "." (a header, a lone ".", "..") must survive dot-stuffing; "\n" alone becomes CRLF.
BODY = b"X-Note: .x\r\n.Dotted: header\r\n\r\n.\r\n..two\r\nlast line .\r\n.end"


def envelopes(locals_: list[str], domain: str = "hanoi.gov.vn") -> list[Envelope]:
    return [Envelope(key=key, sender=f"bounces+{key}@moha.gov.vn", recipient=f"{local}@{domain}",
                     data=b"Subject: thu %d\r\n" % key + BODY)
            for key, local in enumerate(locals_)]


def settings_for(server: PipeServer, **over) -> SmtpSettings:
    values = {"timeout": 5, "local_hostname": "test.local"} | over
    return SmtpSettings(host=server.hostname, port=server.port, **values)


@pytest.fixture
def server():
    running = PipeServer().start()
    yield running
    running.stop()


def by_status(outcomes) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for outcome in outcomes:
        found.setdefault(outcome.status, set()).add(outcome.key)
    return found


def received_keys(server: PipeServer) -> Counter:
    return Counter(int(sender.split("+")[1].split("@")[0]) for sender, _, _ in server.messages)


def test_every_message_arrives_once_with_its_bytes_in_one_round_trip_each(server):
    batch = envelopes([f"user{n}" for n in range(300)])
    with SmtpPool(settings_for(server, connections=3)) as pool:
        outcomes = pool.send(batch)
    assert [o.key for o in outcomes] == [e.key for e in batch]
    assert by_status(outcomes) == {"sent": set(range(300))}
    assert received_keys(server) == Counter(range(300))
    expected = {e.recipient: e.data + b"\r\n" for e in batch}
    assert {rcpts[0]: data for _, rcpts, data in server.messages} == expected
    # Four round trips per message without PIPELINING; with it one, plus greeting and EHLO per session.
    assert server.flushes <= 300 + 3 * server.sessions


def test_lone_line_feeds_become_crlf_and_leading_dots_are_doubled():
    assert wire_data(b"a\n.b\r.c\r\n") == b"a\r\n..b\r\n..c\r\n.\r\n"
    assert wire_data(b".x") == b"..x\r\n.\r\n"
    assert wire_data(b"plain\r\n") == b"plain\r\n.\r\n"


def test_outcomes_per_recipient_stay_as_without_pipelining(server):
    names = ["user0", "soft1", "user2", "hard3", "late4", "user5", "reject6", "user7"]
    with SmtpPool(settings_for(server, connections=1)) as pool:
        outcomes = pool.send(envelopes(names))
    assert by_status(outcomes) == {"sent": {0, 2, 5, 7}, "deferred": {1, 4}, "failed": {3, 6}}
    words = {o.key: (o.code, o.text) for o in outcomes}
    assert words[1] == (451, "4.3.0 Mailbox busy")
    assert words[3] == (550, "5.1.1 No such user here\n5.1.1 Hộp thư không tồn tại")
    assert words[4] == (451, "4.7.1 Try again later")
    assert words[6] == (554, "5.6.0 Message rejected")
    assert received_keys(server) == Counter({0: 1, 2: 1, 5: 1, 7: 1})
    assert server.sessions == 1  # refusals reset the transaction (RSET) and the session goes on


def test_a_421_defers_that_message_and_the_rest_go_on_a_new_session(server):
    names = [f"user{n}" for n in range(10)] + ["bye10"] + [f"user{n}" for n in range(11, 20)]
    with SmtpPool(settings_for(server, connections=1)) as pool:
        outcomes = pool.send(envelopes(names))
    assert by_status(outcomes) == {"sent": set(range(20)) - {10}, "deferred": {10}}
    assert next(o for o in outcomes if o.key == 10).code == 421
    assert received_keys(server) == Counter(set(range(20)) - {10})
    assert server.sessions == 2


def test_a_line_dropped_mid_pipeline_defers_unconfirmed_messages_and_reports_none_sent_wrongly(server):
    names = [f"user{n}" for n in range(5)] + ["drop5"] + [f"user{n}" for n in range(6, 12)]
    with SmtpPool(settings_for(server, connections=1)) as pool:
        outcomes = pool.send(envelopes(names))
    statuses = by_status(outcomes)
    # The next message's envelope was in flight with the dropped data: its MAIL was never answered.
    assert statuses["deferred"] == {5, 6}
    assert statuses["sent"] == set(range(12)) - {5, 6}
    assert received_keys(server) == Counter(statuses["sent"])


def test_a_server_that_stops_answering_defers_after_the_timeout(server):
    with SmtpPool(settings_for(server, connections=1, timeout=0.5)) as pool:
        outcomes = pool.send(envelopes(["user0", "hang1", "user2"]))
    statuses = by_status(outcomes)
    assert statuses["deferred"] == {1, 2}  # 2 was in flight behind the unanswered data
    assert statuses.get("sent", set()) == set(received_keys(server))
    assert 0 in statuses["sent"]


def test_sessions_closed_by_the_server_while_idle_are_replaced_without_loss(server):
    with SmtpPool(settings_for(server, connections=2)) as pool:
        first = pool.send(envelopes([f"user{n}" for n in range(20)]))
        server.hang_up_all()
        second = pool.send(envelopes([f"user{n}" for n in range(20)]))
    assert {o.status for o in first + second} == {"sent"}
    assert received_keys(server) == Counter({n: 2 for n in range(20)})


def test_messages_per_connection_and_rate_limits_hold(server):
    settings = settings_for(server, connections=1, messages_per_connection=7)
    limits = {"slow.gov.vn": DomainLimit(connections=1, per_minute=5)}
    with SmtpPool(settings, limits=limits) as pool:
        fast = pool.send(envelopes([f"user{n}" for n in range(20)]))
        slow = pool.send(envelopes([f"user{n}" for n in range(8)], domain="slow.gov.vn"))
    assert {o.status for o in fast} == {"sent"}
    assert server.sessions >= 3  # 20 messages, at most 7 per session
    assert by_status(slow) == {"sent": set(range(5)), "deferred": {5, 6, 7}}
    assert {o.text for o in slow if o.status == "deferred"} == {"rate limit"}


def test_a_server_without_pipelining_is_served_one_command_at_a_time():
    plain = PipeServer(pipelining=False).start()
    try:
        with SmtpPool(settings_for(plain, connections=1)) as pool:
            outcomes = pool.send(envelopes(["user0", "hard1", "user2"]))
    finally:
        plain.stop()
    assert by_status(outcomes) == {"sent": {0, 2}, "failed": {1}}
    assert received_keys(plain) == Counter({0: 1, 2: 1})
