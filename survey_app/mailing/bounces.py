"""Reading delivery status notifications: which recipient failed, for good or for now, and why.

flufl.bounce finds the failed recipients in any of the formats it knows (RFC 3464
DSNs and the older heuristics for Exchange, Yahoo, qmail…); the stdlib parser reads
the RFC 3464 fields (Action, Status, Diagnostic-Code) for the words to show the locality.
"""

import email
import re
from dataclasses import dataclass
from email.message import Message

from flufl.bounce import all_failures

from survey_app.mailing.verp import verp_key

_OUR_MESSAGE_ID = re.compile(r"<(?:[A-Za-z]+-)?(\d+)\.")
_MULTILINE_PREFIX = re.compile(r"^([45]\d\d)[ -]([45]\.\d{1,3}\.\d{1,3})\s+")
_SMTP_REPLY = re.compile(r"\b([45]\d\d)[ -]#?([45]\.\d{1,3}\.\d{1,3})\b[^\r\n]*")


@dataclass
class Bounce:
    """One recipient reported undeliverable; key is the outbox row when it can be told."""

    key: int | None
    recipient: str
    permanent: bool
    status: str
    reason: str


@dataclass
class _Fields:
    action: str = ""
    status: str = ""
    diagnostic: str = ""


def parse_bounce(raw: bytes, *, key: int | None = None) -> list[Bounce]:
    """Every recipient the notification reports failed (permanent) or delayed (temporary)."""
    msg = email.message_from_bytes(raw)
    temporary, permanent = all_failures(msg)
    fields = _delivery_status(msg)
    for address, found in fields.items():
        if found.action.startswith(("fail", "error")):
            permanent |= {address.encode()}
        elif found.action.startswith("delayed"):
            temporary |= {address.encode()}
    if key is None:
        key = _key_from_original(msg)
    addresses = sorted({a.decode("ascii").lower() for a in permanent | temporary})
    return [
        _bounce(msg, key, address, address.encode() in permanent or _lower_in(address, permanent),
                fields.get(address, _Fields()))
        for address in addresses
    ]


def parse_bounce_for(raw: bytes, envelope_recipient: str) -> list[Bounce]:
    """As parse_bounce, with the outbox key read from the VERP address the bounce was sent to."""
    return parse_bounce(raw, key=verp_key(envelope_recipient))


def _lower_in(address: str, found: frozenset) -> bool:
    return any(item.decode("ascii").lower() == address for item in found)


def _bounce(msg: Message, key: int | None, address: str, permanent: bool, found: _Fields) -> Bounce:
    reply = _reply_in_text(msg, address)
    status = found.status or (reply[1] if reply else ("5.0.0" if permanent else "4.0.0"))
    if status.startswith("5"):
        permanent = True  # a 5.x.x status is final whatever a heuristic detector guessed
    reason = found.diagnostic or (reply[0] if reply else "")
    return Bounce(key=key, recipient=address, permanent=permanent, status=status, reason=reason)


def _delivery_status(msg: Message) -> dict[str, _Fields]:
    """Action, Status and Diagnostic-Code of each per-recipient block, by lower-cased address."""
    fields: dict[str, _Fields] = {}
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status" or not part.is_multipart():
            continue
        for block in part.get_payload()[1:]:  # the first block is per-message
            address = _address(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
            if address:
                fields[address] = _Fields(
                    action=_clean(block.get("Action", "")).lower(),
                    status=_clean(block.get("Status", "")).split(" ")[0],
                    diagnostic=_diagnostic(block.get("Diagnostic-Code", "")),
                )
    return fields


def _address(value: str) -> str:
    value = _clean(value)
    if ";" in value:
        value = value.split(";", 1)[1]
    return value.strip().strip("<>").lower()


def _diagnostic(value: str) -> str:
    value = _clean(value)
    kind, sep, rest = value.partition(";")
    text = rest.strip() if sep and " " not in kind.strip() else value
    first = _MULTILINE_PREFIX.match(text)
    if not first:
        return text
    # A multi-line reply repeats "550-5.1.1" on every line; keep it once.
    code, status = first.groups()
    body = re.sub(rf"\s{code}[ -]{re.escape(status)}\s+", " ", text[first.end():])
    return f"{code} {status} {body}"


def _clean(value) -> str:
    return " ".join(str(value).split())


def _key_from_original(msg: Message) -> int | None:
    """The outbox key from the returned original: its Return-Path (VERP) or our Message-ID."""
    for part in msg.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822" and part.is_multipart():
            original = part.get_payload(0)
        elif kind == "text/rfc822-headers":
            original = email.message_from_string(part.get_payload(decode=True).decode("utf-8", "replace"))
        else:
            continue
        key = _key_from_headers(original)
        if key is not None:
            return key
    return None


def _key_from_headers(original: Message) -> int | None:
    for sender in (original.get("Return-Path", ""), original.get("X-Postfix-Sender", "")):
        key = verp_key(_clean(sender)) if sender else None
        if key is not None:
            return key
    match = _OUR_MESSAGE_ID.match(_clean(original.get("Message-ID", "")))
    return int(match.group(1)) if match else None


def _reply_in_text(msg: Message, address: str) -> tuple[str, str] | None:
    """The SMTP reply quoted in the human-readable part, for notifications without DSN fields."""
    for part in msg.walk():
        if part.get_content_type() != "text/plain":
            continue
        text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8", "replace")
        match = _SMTP_REPLY.search(text[text.lower().find(address):] if address in text.lower() else text)
        if match:
            return " ".join(match.group(0).split()), match.group(2)
    return None
