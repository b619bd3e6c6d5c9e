"""The mail catcher, the SMTP bounce intake and IMAP polling of a bounce mailbox."""

import imaplib
import smtplib
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from survey_app.mailing.compose import build_message, make_message_id
from survey_app.mailing.inbound import (
    NotCaught,
    list_caught,
    poll_imap_bounces,
    read_caught,
    start_bounce_intake,
    start_mail_catcher,
)

from .conftest import free_port
from .imap_server import PASSWORD, dovecot

DSN = Path(__file__).parent / "dsn"
SUBJECT = "Thư mời tham gia khảo sát Chỉ số cải cách hành chính năm 2025"
HTML = "<p>Kính gửi ông <b>Nguyễn Văn Ánh</b>, xin mời trả lời phiếu.</p>"


@pytest.fixture
def catcher(tmp_path):
    controller = start_mail_catcher("127.0.0.1", free_port(), tmp_path)
    yield controller, tmp_path
    controller.stop()


def send(controller, sender: str, recipients: list[str], data: bytes) -> None:
    with smtplib.SMTP(controller.hostname, controller.port) as client:
        client.sendmail(sender, recipients, data)


def invitation(key: int, subject: str = SUBJECT) -> bytes:
    return build_message(
        message_id=make_message_id(key, "moha.gov.vn"), from_header="Bộ Nội vụ <khaosat@moha.gov.vn>",
        to="nguyenvananh@hanoi.gov.vn", subject=subject, text="Kính gửi ông Nguyễn Văn Ánh,",
        html=HTML, date=datetime(2025, 12, 1, tzinfo=UTC),
    )


def dsn(name: str) -> bytes:
    """A fixture with CRLF line ends, as an MTA sends it."""
    return (DSN / name).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_catcher_stores_and_lists_newest_first(catcher):
    controller, maildir = catcher
    send(controller, "bounces+1@moha.gov.vn", ["a@hanoi.gov.vn"], invitation(1, "Thư thứ nhất"))
    send(controller, "bounces+2@moha.gov.vn", ["b@hue.gov.vn", "c@hue.gov.vn"], invitation(2, "Thư thứ hai"))
    caught = list_caught(maildir)
    assert [mail.subject for mail in caught] == ["Thư thứ hai", "Thư thứ nhất"]
    assert caught[0].mail_from == "bounces+2@moha.gov.vn"
    assert caught[0].rcpt_tos == ["b@hue.gov.vn", "c@hue.gov.vn"]
    assert caught[0].received_at >= caught[1].received_at
    assert all(mail.size > 500 for mail in caught)
    assert not list(maildir.glob(".*.tmp"))


def test_read_caught_decodes_vietnamese_subject_and_bodies(catcher):
    controller, maildir = catcher
    send(controller, "bounces+9@moha.gov.vn", ["nguyenvananh@hanoi.gov.vn"], invitation(9))
    [listed] = list_caught(maildir)
    mail = read_caught(maildir, listed.id)
    assert mail.subject == SUBJECT
    assert mail.html == HTML + "\n" or mail.html == HTML
    assert mail.text.startswith("Kính gửi ông Nguyễn Văn Ánh,")
    assert mail.headers["Message-ID"] == "<9.par@moha.gov.vn>"


@pytest.mark.parametrize("bad", ["../secret", "..%2f..", "20250101T000000000000-000001/../x", "", "x.eml"])
def test_read_caught_refuses_ids_it_did_not_make(tmp_path, bad):
    (tmp_path / "secret.eml").write_bytes(b"Subject: no\r\n\r\n")
    with pytest.raises(NotCaught):
        read_caught(tmp_path / "inbox", bad)


def test_read_caught_unknown_id(tmp_path):
    with pytest.raises(NotCaught):
        read_caught(tmp_path, "20250101T000000000000-000001")


class Bounces:
    def __init__(self, fail: bool = False):
        self.received = []
        self.threads = set()
        self.fail = fail

    def __call__(self, bounces):
        if self.fail:
            raise RuntimeError("database is down")
        self.threads.add(threading.current_thread().name)
        self.received.append(bounces)


def test_bounce_intake_reports_a_postfix_dsn_with_its_key():
    on_bounce = Bounces()
    controller = start_bounce_intake("127.0.0.1", free_port(), on_bounce)
    try:
        send(controller, "", ["bounces+1234@mail.moha.gov.vn"], dsn("postfix_user_unknown.eml"))
    finally:
        controller.stop()
    [[bounce]] = on_bounce.received
    assert (bounce.key, bounce.recipient, bounce.permanent, bounce.status) == (
        1234, "nguyenvanan@bacninh.gov.vn", True, "5.1.1")
    assert threading.main_thread().name not in on_bounce.threads


def test_bounce_intake_refuses_other_addresses_and_asks_retry_when_recording_fails():
    controller = start_bounce_intake("127.0.0.1", free_port(), Bounces(fail=True))
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            send(controller, "", ["postmaster@mail.moha.gov.vn"], b"Subject: x\r\n\r\nx\r\n")
        with pytest.raises(smtplib.SMTPDataError) as refused:
            send(controller, "", ["bounces+1234@mail.moha.gov.vn"], dsn("postfix_user_unknown.eml"))
    finally:
        controller.stop()
    assert refused.value.smtp_code == 451


@pytest.fixture
def bounce_mailbox():
    """(host, port, user) of a real IMAP mailbox (Dovecot) holding a bounce, a reply and another bounce."""
    port = free_port()
    messages = [b"Delivered-To: bounces+4410@mail.moha.gov.vn\r\n" + dsn("exchange_recipient_not_found.eml"),
                b"From: a@hue.gov.vn\r\nTo: bounces@mail.moha.gov.vn\r\nSubject: Hoi\r\n\r\nXin hoi.\r\n",
                dsn("zimbra_hanoi_over_quota.eml")]
    with dovecot(port):
        with imaplib.IMAP4("127.0.0.1", port) as imap:
            imap.login("bounces", PASSWORD)
            for message in messages:
                assert imap.append("INBOX", None, None, message)[0] == "OK"
        yield "127.0.0.1", port, "bounces"


def _left_in(host: str, port: int, user: str) -> list[tuple[bytes, bytes]]:
    """(flags, Subject header) of each message still in the mailbox."""
    with imaplib.IMAP4(host, port) as imap:
        imap.login(user, PASSWORD)
        imap.select("INBOX", readonly=True)
        _, found = imap.uid("SEARCH", None, "ALL")
        left = []
        for uid in found[0].split():
            _, parts = imap.uid("FETCH", uid, "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
            left.append((parts[0][0], parts[0][1].strip()))
        return left


def test_imap_poll_reports_bounces_deletes_them_and_keeps_other_mail(bounce_mailbox):
    host, port, user = bounce_mailbox
    on_bounce = Bounces()
    assert poll_imap_bounces(host, port, user, PASSWORD, ssl=False, on_bounce=on_bounce) == 3
    assert [[b.key for b in batch] for batch in on_bounce.received] == [[4410], [5120]]
    [(flags, subject)] = _left_in(host, port, user)
    assert b"\\Seen" in flags and subject == b"Subject: Hoi"
    assert poll_imap_bounces(host, port, user, PASSWORD, ssl=False, on_bounce=on_bounce) == 0


def test_a_bounce_that_cannot_be_recorded_stays_unseen_for_the_next_poll(bounce_mailbox):
    host, port, user = bounce_mailbox
    with pytest.raises(RuntimeError):
        poll_imap_bounces(host, port, user, PASSWORD, ssl=False, on_bounce=Bounces(fail=True))
    assert all(b"\\Seen" not in flags for flags, _ in _left_in(host, port, user))
    on_bounce = Bounces()
    assert poll_imap_bounces(host, port, user, PASSWORD, ssl=False, on_bounce=on_bounce) == 3
    assert [[b.key for b in batch] for batch in on_bounce.received] == [[4410], [5120]]
