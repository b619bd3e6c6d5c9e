"""VERP return paths (bounces+<key>@domain) that tie a bounce to its outbox row."""

import re

_VERP = re.compile(r"^<?[^@+<>\s]+\+(\d+)@[^@<>\s]+>?$")


def verp_sender(key: int, *, local: str, domain: str) -> str:
    """The envelope sender for outbox row `key`: bounces come back addressed to it."""
    return f"{local}+{int(key)}@{domain}"


def verp_key(address: str) -> int | None:
    """The outbox key carried by a VERP address, or None when the address carries none."""
    match = _VERP.match(address.strip())
    return int(match.group(1)) if match else None
