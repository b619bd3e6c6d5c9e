"""Mail coming in: the development mail catcher, the bounce intake over SMTP, and IMAP polling.

The two servers are aiosmtpd Controllers, each running its own event loop in a
thread; their handlers are the only coroutines here and hand blocking work
(parsing, the caller's callback) to a worker thread so the server stays responsive.
"""

import asyncio
import email
import email.policy
import imaplib
import itertools
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller

from survey_app.mailing.bounces import Bounce, parse_bounce, parse_bounce_for
from survey_app.mailing.verp import verp_key

log = logging.getLogger(__name__)

_ID = re.compile(r"^\d{8}T\d{12}-\d{6}$")
_ENVELOPE_TO = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")

OnBounce = Callable[[list[Bounce]], None]


class NotCaught(LookupError):
    """No caught message has this id (or the id is not one the catcher makes)."""


@dataclass
class CaughtMail:
    """A message held by the development mail catcher; text and html are filled by read_caught."""

    id: str
    received_at: datetime
    mail_from: str
    rcpt_tos: list[str]
    subject: str
    size: int
    text: str | None = None
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class _Catcher:
    def __init__(self, maildir: Path):
        self.maildir = maildir
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        store_caught(self.maildir, envelope.mail_from, list(envelope.rcpt_tos), envelope.content,
                     next(self.counter))
        return "250 2.0.0 Ok: caught"


def store_caught(maildir: Path, mail_from: str, rcpt_tos: list[str], content: bytes, number: int) -> str:
    """Write one message as <UTC timestamp>-<counter>.eml, atomically, with its envelope as headers."""
    now = datetime.now(UTC)
    caught_id = f"{now:%Y%m%dT%H%M%S%f}-{number % 1_000_000:06d}"
    envelope = [f"Return-Path: <{mail_from}>"] + [f"Delivered-To: {rcpt}" for rcpt in rcpt_tos]
    data = ("\r\n".join(envelope) + "\r\n").encode("utf-8") + content
    temporary = maildir / f".{caught_id}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, maildir / f"{caught_id}.eml")  # readers never see half a message
    return caught_id


def start_mail_catcher(host: str, port: int, maildir: Path) -> Controller:
    """Start the development SMTP server that keeps every message it receives in maildir."""
    maildir.mkdir(parents=True, exist_ok=True)
    controller = Controller(_Catcher(maildir), hostname=host, port=port)
    controller.start()
    return controller


def list_caught(maildir: Path) -> list[CaughtMail]:
    """Every caught message, newest first, with headers only."""
    paths = sorted(maildir.glob("*.eml"), reverse=True)
    return [_caught(path, headers_only=True) for path in paths if _ID.match(path.stem)]


def read_caught(maildir: Path, caught_id: str) -> CaughtMail:
    """One caught message with its text and html decoded; NotCaught for an unknown or malformed id."""
    if not _ID.match(caught_id):
        raise NotCaught(caught_id)
    path = maildir / f"{caught_id}.eml"
    if not path.is_file():
        raise NotCaught(caught_id)
    return _caught(path, headers_only=False)


def _caught(path: Path, *, headers_only: bool) -> CaughtMail:
    raw = path.read_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    mail = CaughtMail(
        id=path.stem,
        received_at=datetime.strptime(path.stem.split("-")[0], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC),
        mail_from=str(msg.get("Return-Path", "")).strip("<>"),
        rcpt_tos=[str(value) for value in msg.get_all("Delivered-To", [])],
        subject=str(msg.get("Subject", "")),
        size=len(raw),
    )
    if not headers_only:
        mail.headers = {name: str(value) for name, value in msg.items()}
        mail.text = _part(msg, "plain")
        mail.html = _part(msg, "html")
    return mail


def _part(msg, subtype: str) -> str | None:
    part = msg.get_body((subtype,))
    return part.get_content() if part is not None else None


class _BounceIntake:
    def __init__(self, on_bounce: OnBounce):
        self.on_bounce = on_bounce

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if verp_key(address) is None:
            return "550 5.1.1 Only bounces+<id>@ addresses are served here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.deliver, envelope.content, list(envelope.rcpt_tos))

    def deliver(self, content: bytes, rcpt_tos: list[str]) -> str:
        """Parse for each VERP recipient and hand the bounces over; a failing callback asks for a retry."""
        for rcpt in rcpt_tos:
            # A broad catch on purpose: a failure here must become an SMTP reply, never a lost bounce.
            try:
                bounces = parse_bounce_for(content, rcpt)
            except Exception:
                log.exception("Unreadable delivery notification for %s; dropped", rcpt)
                continue
            if not bounces:
                continue
            try:
                self.on_bounce(bounces)
            except Exception:
                log.exception("Bounce handler failed for %s", rcpt)
                return "451 4.3.0 Bounce not recorded, please retry"
        return "250 2.0.0 Ok: bounce recorded"


def start_bounce_intake(host: str, port: int, on_bounce: OnBounce) -> Controller:
    """Start the SMTP endpoint that receives DSNs for bounces+<key>@… and reports them to on_bounce."""
    controller = Controller(_BounceIntake(on_bounce), hostname=host, port=port)
    controller.start()
    return controller


def poll_imap_bounces(
    host: str,
    port: int,
    username: str,
    password: str,
    *,
    ssl: bool,
    folder: str = "INBOX",
    on_bounce: OnBounce,
) -> int:
    """Read unseen messages of a bounce mailbox; bounces are reported and deleted, other mail is marked seen.

    Returns the number of messages read. A failing on_bounce stops the poll and leaves that message unseen.
    """
    connection = imaplib.IMAP4_SSL(host, port) if ssl else imaplib.IMAP4(host, port)
    with connection as imap:
        imap.login(username, password)
        imap.select(folder)
        _, found = imap.uid("SEARCH", None, "UNSEEN")
        uids = found[0].split() if found and found[0] else []
        for uid in uids:
            _read_one(imap, uid, on_bounce)
        imap.expunge()
    return len(uids)


def _read_one(imap: imaplib.IMAP4, uid: bytes, on_bounce: OnBounce) -> None:
    """Report the bounces of one message and delete it, or mark other mail seen."""
    _, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next(part[1] for part in parts if isinstance(part, tuple))
    bounces = _bounces_in_mailbox_copy(raw)
    if bounces:
        on_bounce(bounces)
    imap.uid("STORE", uid, "+FLAGS", r"(\Seen \Deleted)" if bounces else r"(\Seen)")


def _bounces_in_mailbox_copy(raw: bytes) -> list[Bounce]:
    """The VERP address survives delivery in Delivered-To / X-Original-To; else the original tells."""
    headers = email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0])
    for name in _ENVELOPE_TO:
        for value in headers.get_all(name, []):
            if verp_key(str(value)) is not None:
                return parse_bounce_for(raw, str(value))
    return parse_bounce(raw)
