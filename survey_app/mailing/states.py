"""The states of an outbox message (pure: the SMTP sessions report outcomes in them without the database layer)."""

from enum import StrEnum


class MailStatus(StrEnum):
    QUEUED = "queued"
    CLAIMED = "claimed"  #: a worker holds it until claimed_until
    SENT = "sent"
    DEFERRED = "deferred"  #: a temporary failure: tried again at next_attempt_at
    FAILED = "failed"
    BOUNCED = "bounced"
    CANCELLED = "cancelled"  #: replaced (a corrected address) or withdrawn
