"""What the SMTP transport takes and gives back: the relay's settings, envelopes and outcomes."""

from dataclasses import dataclass


@dataclass
class SmtpSettings:
    """How to reach the relay; security is "none", "starttls" or "ssl"."""

    host: str
    port: int
    security: str = "none"
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0
    connections: int = 10
    messages_per_connection: int = 100
    validate_certs: bool = True
    local_hostname: str | None = None


@dataclass
class Envelope:
    """One message to send: the outbox key, the SMTP envelope and the finished bytes."""

    key: int
    sender: str
    recipient: str
    data: bytes


@dataclass
class Outcome:
    """What became of one envelope: status is "sent", "deferred" or "failed"."""

    key: int
    status: str
    code: int | None
    text: str
    retry_after: float | None = None
