"""The mail catcher, the SMTP bounce intake and IMAP polling of a bounce mailbox."""

import smtplib
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from survey_app.mailing import inbound
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


class FakeImap:
    """A stand-in for imaplib.IMAP4: no IMAP server runs in this environment, so the poll is
    checked against this fake mailbox (UID SEARCH/FETCH/STORE/EXPUNGE as imaplib returns them)."""

    def __init__(self, messages: dict[bytes, bytes]):
        self.messages = messages
        self.flags: dict[bytes, set[str]] = {uid: set() for uid in messages}
        self.logged_in = None

    def __call__(self, host, port):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def login(self, username, password):
        self.logged_in = (username, password)
        return "OK", [b"LOGIN completed"]

    def select(self, folder):
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            unseen = [uid for uid in self.messages if "\\Seen" not in self.flags[uid]]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            uid = args[0]
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {%d}" % len(self.messages[uid]), self.messages[uid]), b")"]
        if command == "STORE":
            self.flags[args[0]] |= set(args[2].strip("()").split())
            return "OK", [b""]
        raise AssertionError(command)

    def expunge(self):
        for uid in [uid for uid, flags in self.flags.items() if "\\Deleted" in flags]:
            del self.messages[uid], self.flags[uid]
        return "OK", [b""]


def test_imap_poll_reports_bounces_deletes_them_and_keeps_other_mail(monkeypatch):
    dsn = b"Delivered-To: bounces+4410@mail.moha.gov.vn\r\n" + (DSN / "exchange_recipient_not_found.eml").read_bytes()
    reply = b"From: a@hue.gov.vn\r\nTo: bounces@mail.moha.gov.vn\r\nSubject: Hoi\r\n\r\nXin hoi.\r\n"
    mailbox = FakeImap({b"7": dsn, b"8": reply, b"9": (DSN / "zimbra_hanoi_over_quota.eml").read_bytes()})
    monkeypatch.setattr(inbound.imaplib, "IMAP4_SSL", mailbox)
    on_bounce = Bounces()
    read = poll_imap_bounces("imap.moha.gov.vn", 993, "bounces", "pw", ssl=True, on_bounce=on_bounce)
    assert read == 3
    assert [[b.key for b in batch] for batch in on_bounce.received] == [[4410], [5120]]
    assert list(mailbox.messages) == [b"8"] and mailbox.flags[b"8"] == {"\\Seen"}
    assert poll_imap_bounces("imap.moha.gov.vn", 993, "bounces", "pw", ssl=True, on_bounce=on_bounce) == 0
