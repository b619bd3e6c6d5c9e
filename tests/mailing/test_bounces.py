"""Bounce parsing over hand-built DSNs in the formats provincial and public mail systems write."""

from pathlib import Path

import pytest

from survey_app.mailing.bounces import parse_bounce, parse_bounce_for
from survey_app.mailing.verp import verp_key, verp_sender

DSN = Path(__file__).parent / "dsn"


def read(name: str) -> bytes:
    return (DSN / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "key", "recipient", "permanent", "status", "words"),
    [
        ("postfix_user_unknown.eml", 1234, "nguyenvanan@bacninh.gov.vn", True, "5.1.1",
         "User unknown in virtual mailbox table"),
        ("postfix_delayed.eml", 2087, "lethihoa@camau.gov.vn", False, "4.4.1", "Connection timed out"),
        ("exchange_recipient_not_found.eml", 3190, "tranthibinh@quangninh.gov.vn", True, "5.1.10",
         "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
        ("gmail_address_not_found.eml", 4410, "phamvanduc.sotttt@gmail.com", True, "5.1.1",
         "The email account that you tried to reach does not exist"),
        ("zimbra_hanoi_over_quota.eml", 5120, "hoangminhtuan_sonv@hanoi.gov.vn", True, "5.2.2",
         "552 5.2.2 Over quota"),
    ],
)
def test_each_format_names_recipient_status_reason_and_row(name, key, recipient, permanent, status, words):
    [bounce] = parse_bounce(read(name))
    assert bounce.recipient == recipient
    assert bounce.permanent is permanent
    assert bounce.status == status
    assert words in bounce.reason
    assert bounce.key == key  # from the returned original's Return-Path or Message-ID


def test_envelope_verp_address_gives_the_key():
    [bounce] = parse_bounce_for(read("exchange_recipient_not_found.eml"), "bounces+777@mail.moha.gov.vn")
    assert bounce.key == 777


def test_folded_diagnostic_is_joined_into_one_line():
    [bounce] = parse_bounce(read("postfix_user_unknown.eml"))
    assert bounce.reason == (
        "550 5.1.1 <nguyenvanan@bacninh.gov.vn>: Recipient address rejected: "
        "User unknown in virtual mailbox table"
    )


def test_multiline_reply_keeps_its_code_once():
    [bounce] = parse_bounce(read("gmail_address_not_found.eml"))
    assert bounce.reason.startswith("550 5.1.1 The email account that you tried to reach does not exist.")
    assert "550-5.1.1" not in bounce.reason and "Please try double-checking" in bounce.reason


def test_ordinary_mail_is_no_bounce():
    raw = b"From: a@hanoi.gov.vn\r\nTo: bounces+5@moha.gov.vn\r\nSubject: Xin hoi\r\n\r\nCam on.\r\n"
    assert parse_bounce_for(raw, "bounces+5@moha.gov.vn") == []


def test_non_dsn_notice_falls_back_to_the_quoted_reply():
    raw = (
        b"From: MAILER-DAEMON@mail.thanhhoa.gov.vn\r\nTo: bounces+88@mail.moha.gov.vn\r\n"
        b"Subject: Mail delivery failed: returning message to sender\r\n\r\n"
        b"This message was created automatically by mail delivery software.\r\n\r\n"
        b"A message that you sent could not be delivered to one or more of its\r\n"
        b"recipients. This is a permanent error. The following address(es) failed:\r\n\r\n"
        b"  vuthilan@thanhhoa.gov.vn\r\n"
        b"    host mail.thanhhoa.gov.vn [123.30.1.2]\r\n"
        b"    SMTP error from remote mail server after RCPT TO:<vuthilan@thanhhoa.gov.vn>:\r\n"
        b"    550 5.1.1 No such user here\r\n"
    )
    [bounce] = parse_bounce_for(raw, "bounces+88@mail.moha.gov.vn")
    assert (bounce.key, bounce.recipient, bounce.permanent) == (88, "vuthilan@thanhhoa.gov.vn", True)
    assert bounce.status == "5.1.1" and "No such user here" in bounce.reason


@pytest.mark.parametrize("key", [0, 7, 123456789])
def test_verp_round_trip(key):
    address = verp_sender(key, local="bounces", domain="mail.moha.gov.vn")
    assert address == f"bounces+{key}@mail.moha.gov.vn"
    assert verp_key(address) == key
    assert verp_key(f"<{address.upper()}>") == key


@pytest.mark.parametrize("address", ["bounces@mail.moha.gov.vn", "bounces+abc@x.vn", "", "a+1@b@c"])
def test_verp_key_is_none_for_other_addresses(address):
    assert verp_key(address) is None
