"""Bounces end in the database: DSNs sent over SMTP to `flask mail bounces-smtp` mark their message bounced."""

import imaplib
import os
import smtplib
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.mailing.bounce_records import record_bounces
from survey_app.mailing.bounces import Bounce
from survey_app.mailing.models import MailEvent, OutboxMessage

from .conftest import free_port, wait_for_port
from .imap_server import PASSWORD, dovecot
from .seeding import seed_campaign

ROOT = Path(__file__).resolve().parents[2]
DSN = Path(__file__).parent / "dsn"
#: fixture → (permanent, words of the server that must reach the locality)
EXPECTED = {
    "postfix_user_unknown.eml": (True, "5.1.1"),
    "exchange_recipient_not_found.eml": (True, "RESOLVER.ADR.RecipientNotFound"),
    "gmail_address_not_found.eml": (True, "The email account that you tried to reach does"),
    "zimbra_hanoi_over_quota.eml": (True, "Over quota"),
    "postfix_delayed.eml": (False, "mail.camau.gov.vn"),
}


@pytest.fixture
def intake(app, db):
    """`flask mail bounces-smtp` as its own process on this test's database; yields its port."""
    port = free_port()
    env = {**os.environ, "SURVEY_APP_CONFIG": "testing", "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "BOUNCE_SMTP_PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "mail", "bounces-smtp"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process, "the bounce intake")
        yield port
    finally:
        process.terminate()
        process.wait(10)


def test_every_dsn_format_marks_its_message_over_real_smtp(db, make_campaign, intake):
    seed_campaign(make_campaign(), len(EXPECTED))
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    keys = dict(zip(EXPECTED, (m.id for m in messages), strict=True))
    with smtplib.SMTP("127.0.0.1", intake) as client:
        for name, key in keys.items():
            raw = (DSN / name).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")  # as an MTA sends it
            client.sendmail("", [f"bounces+{key}@moha.gov.vn"], raw)
    db.session.rollback()
    for name, key in keys.items():
        message = db.session.get(OutboxMessage, key)
        permanent, words = EXPECTED[name]
        events = list(db.session.scalars(select(MailEvent).where(MailEvent.message_id == key)))
        assert [e.kind for e in events] == ["bounced" if permanent else "delayed"], name
        assert words in events[0].detail, (name, events[0].detail)
        if permanent:
            assert message.status == "bounced" and words in message.last_error, name
        else:
            assert message.status == "sent", "a delay warning does not undo a delivery"


def test_a_bounce_that_names_no_message_of_ours_changes_nothing(db, make_campaign):
    seed_campaign(make_campaign(), 1)
    assert record_bounces([Bounce(key=987654, recipient="x@hanoi.gov.vn", permanent=True, status="5.1.1",
                                  reason="550 5.1.1 User unknown")]) == 0
    assert db.session.scalar(select(OutboxMessage.status)) == "sent"


def test_a_late_bounce_for_a_replaced_message_keeps_it_replaced(db, make_campaign):
    seed_campaign(make_campaign(), 1)
    message = db.session.scalar(select(OutboxMessage))
    message.status = "cancelled"
    record_bounces([Bounce(key=message.id, recipient=message.to_addr, permanent=True, status="5.1.1", reason="")])
    assert message.status == "cancelled"
    assert db.session.scalar(select(MailEvent.detail)) == "5.1.1 không rõ lý do"


def test_bounces_imap_command_records_the_mailbox_bounces(app, db, make_campaign):
    seed_campaign(make_campaign(), 1)
    message = db.session.scalar(select(OutboxMessage))
    delivered_to = f"Delivered-To: bounces+{message.id}@moha.gov.vn\r\n".encode()
    port = free_port()
    with dovecot(port):
        with imaplib.IMAP4("127.0.0.1", port) as imap:
            imap.login("bounces", PASSWORD)
            imap.append("INBOX", None, None, delivered_to + (DSN / "postfix_user_unknown.eml").read_bytes())
        mailbox = {"BOUNCE_IMAP_HOST": "127.0.0.1", "BOUNCE_IMAP_PORT": port, "BOUNCE_IMAP_SSL": False,
                   "BOUNCE_IMAP_USERNAME": "bounces", "BOUNCE_IMAP_PASSWORD": PASSWORD}
        saved = {name: app.config.get(name) for name in mailbox}
        app.config.update(mailbox)
        try:
            result = app.test_cli_runner().invoke(args=["mail", "bounces-imap", "--once"])
        finally:
            app.config.update(saved)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == "bounced"
