"""The one interface the pool drives, whatever the session: pipelined (pipelining.py) or one command at a time
(plain_session.py). A session takes an envelope with deliver(), finishes what it holds with flush() and says
goodbye with quit(); each outcome is written into the batch's `results` at the envelope's index."""

from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from survey_app.mailing.smtp_types import Envelope, Outcome
from survey_app.mailing.states import MailStatus


@dataclass
class Item:
    """An envelope on its way, with its place in the batch's results."""

    index: int
    env: Envelope

    @property
    def sender(self) -> str:
        return self.env.sender

    @property
    def recipient(self) -> str:
        return self.env.recipient

    @property
    def data(self) -> bytes:
        return self.env.data


class Session(Protocol):
    count: int

    def room(self, limit: int) -> bool:
        """Whether it is connected and may take another message under the per-connection limit."""

    async def deliver(self, item: Item, queue: deque, results: list, reconnect: "Reconnect | None") -> "Session | None":
        """Send one envelope (or hand it back to `queue`); the session to go on with, None if it ended."""

    async def flush(self, results: list) -> "Session | None":
        """Settle every message it holds; the session, None if it ended."""

    async def quit(self) -> None:
        """Say goodbye and close."""


Reconnect = Callable[[], Awaitable[Session]]


class SmtpUnavailable(OSError):
    """The relay could not be reached or refused the session (greeting, EHLO, STARTTLS, AUTH)."""

    def __init__(self, code: int | None, text: str):
        super().__init__(text)
        self.code, self.text = code, text


def outcome_by_code(env: Envelope, code: int, text: str) -> Outcome:
    """2xx sent, 5xx failed, anything else deferred."""
    if 200 <= code < 300:
        return Outcome(env.key, MailStatus.SENT, code, text)
    return Outcome(env.key, MailStatus.FAILED if code >= 500 else MailStatus.DEFERRED, code, text)


def words(exc: BaseException) -> str:
    """What went wrong, as the server or the system said it."""
    if isinstance(exc, SmtpUnavailable):
        return exc.text
    code, message = getattr(exc, "code", None), getattr(exc, "message", None)
    if isinstance(code, int) and isinstance(message, str):  # an SMTP reply
        return f"{code} {message}"
    cause = exc.__cause__
    text = str(exc) if not cause else f"{exc}: {cause}"
    return text or type(exc).__name__


async def redeliver(item: Item, queue: deque, results: list, reconnect: Reconnect | None,
                    cause: BaseException) -> Session | None:
    """The session dropped before the envelope's MAIL was answered (nothing accepted): a new one takes it, once."""
    if reconnect is None:
        results[item.index] = Outcome(item.env.key, MailStatus.DEFERRED, None, words(cause))
        return None
    try:
        session = await reconnect()
    except OSError as exc:
        results[item.index] = Outcome(item.env.key, MailStatus.DEFERRED, getattr(exc, "code", None), words(exc))
        return None
    return await session.deliver(item, queue, results, None)
