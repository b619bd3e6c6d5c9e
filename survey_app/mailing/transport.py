"""Pooled SMTP sending: the asyncio code (with pipelining.py), behind a blocking send().

An SmtpPool owns an event loop in a background thread and keeps SMTP sessions
open across send() calls, several messages per session. With security "none",
no AUTH and a relay whose EHLO advertises PIPELINING (Postfix does), sessions
are pipelining.PipelinedSession: one round trip per message instead of four.
STARTTLS, SSL, AUTH and relays without PIPELINING use aiosmtplib, one command
at a time (its reply reader cannot hold several replies). The first session
tells which; the pool keeps that answer. Messages are grouped by recipient
domain; each domain gets at most its DomainLimit.connections sessions at once
and at most per_minute messages in any 60 seconds.

Outcomes: 2xx sent; 4xx, a broken connection or a timeout deferred with the
server's words (pipelined: every message whose final reply was not read);
5xx at RCPT or DATA failed with the server's words. A 5xx to our MAIL FROM,
EHLO or AUTH is our relay's configuration, not the recipient's fault, so it
defers (the queue drains once the settings are fixed).

Rate limit choice: a message that would exceed its domain's rate waits inside
send() when the wait is at most `max_rate_wait` seconds; otherwise it and the
rest of that domain's batch come back deferred with code None, text
"rate limit" and `retry_after`, the seconds until the window will admit it.
"""

import asyncio
import concurrent.futures
import logging
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Self

import aiosmtplib
from aiosmtplib import (
    SMTPException,
    SMTPRecipientRefused,
    SMTPResponseException,
    SMTPSenderRefused,
    SMTPServerDisconnected,
)

from survey_app.mailing.pipelining import Broken, PipelinedSession, Step, open_session
from survey_app.mailing.rates import WINDOW, DomainLimit, RateWindow
from survey_app.mailing.smtp_types import Envelope, Outcome, SmtpSettings

log = logging.getLogger(__name__)

CHUNK = 50  # messages sent before a session is offered to other domains


class _DroppedBeforeMail(Exception):
    """The line closed before MAIL was answered: nothing was accepted, so resending is safe."""


class _Session:
    def __init__(self, smtp: aiosmtplib.SMTP):
        self.smtp = smtp
        self.count = 0

    @property
    def is_connected(self) -> bool:
        return self.smtp.is_connected


@dataclass
class _Item:
    """An envelope in a pipelined session, with its place in the results."""

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


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _by_code(env: Envelope, code: int, text: str) -> Outcome:
    if 200 <= code < 300:
        return Outcome(env.key, "sent", code, text)
    return Outcome(env.key, "failed" if code >= 500 else "deferred", code, text)


class SmtpPool:
    """Persistent SMTP sessions with per-domain limits; send() blocks until every envelope has an outcome."""

    def __init__(
        self,
        settings: SmtpSettings,
        *,
        limits: dict[str, DomainLimit] | None = None,
        default_limit: DomainLimit | None = None,
        max_rate_wait: float = 2.0,
    ):
        self.settings = settings
        self.limits = {domain.lower(): limit for domain, limit in (limits or {}).items()}
        self.default_limit = default_limit or DomainLimit(settings.connections)
        self.max_rate_wait = max_rate_wait
        self.local_hostname = settings.local_hostname or socket.getfqdn()
        self._idle: list = []  # _Session or PipelinedSession, never with a message in flight
        # None until the first session tells whether the relay offers PIPELINING (then fixed for the pool).
        self._pipelining: bool | None = None
        self._windows: dict[str, RateWindow] = {}
        self._domain_slots: dict[str, asyncio.Semaphore] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="smtp-pool", daemon=True)
        self._thread.start()
        self._slots = asyncio.Semaphore(settings.connections)  # binds to the loop on first use

    def send(self, envelopes: list[Envelope]) -> list[Outcome]:
        """Send every envelope; each gets exactly one outcome, in the same order."""
        if not envelopes:
            return []
        return self._call(self._send_all(envelopes))

    def send_async(self, envelopes: list[Envelope]) -> concurrent.futures.Future:
        """As send(), without blocking: the future's result is the outcomes, in order."""
        if not envelopes:
            done: concurrent.futures.Future = concurrent.futures.Future()
            done.set_result([])
            return done
        return asyncio.run_coroutine_threadsafe(self._send_all(envelopes), self._loop)

    def close(self) -> None:
        """Say QUIT on every open session and stop the loop thread."""
        if self._loop.is_closed():
            return
        self._call(self._close_idle())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def _close_idle(self) -> None:
        while self._idle:
            await _quit(self._idle.pop())

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def _limit(self, domain: str) -> DomainLimit:
        return self.limits.get(domain, self.default_limit)

    async def _send_all(self, envelopes: list[Envelope]) -> list[Outcome]:
        queues: dict[str, deque] = {}
        for index, env in enumerate(envelopes):
            queues.setdefault(_domain(env.recipient), deque()).append((index, env))
        results: list[Outcome | None] = [None] * len(envelopes)
        tasks = []
        for domain, queue in queues.items():
            workers = min(self._limit(domain).connections, self.settings.connections, len(queue))
            tasks += [self._drain(domain, queue, results) for _ in range(max(workers, 1))]
        for error in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(error, BaseException):
                log.error("SMTP worker stopped: %r", error)
        # A safety net: an envelope left without an outcome by an unforeseen error is retried later.
        return [
            result or Outcome(env.key, "deferred", None, "not attempted")
            for result, env in zip(results, envelopes, strict=True)
        ]

    async def _drain(self, domain: str, queue: deque, results: list) -> None:
        slots = self._domain_slots.setdefault(domain, asyncio.Semaphore(self._limit(domain).connections))
        async with slots:
            while queue:
                async with self._slots:
                    session = self._idle.pop() if self._idle else None
                    try:
                        session = await self._send_chunk(session, domain, queue, results)
                    finally:
                        if session is not None:
                            self._idle.append(session)

    async def _send_chunk(self, session, domain: str, queue: deque, results: list):
        sent = 0
        while queue and sent < CHUNK:
            wait = self._rate_wait(domain)
            if wait > self.max_rate_wait:
                self._defer_for_rate(domain, queue, results, wait)
                break
            if wait:
                session = await self._flush(session, results)
                await asyncio.sleep(wait)
                continue
            index, env = queue.popleft()
            if isinstance(session, PipelinedSession) and not session.idle and (
                    session.count + 1 >= self.settings.messages_per_connection or not session.is_connected):
                session = await self._flush(session, results)  # its last message's reply is read before it goes
            try:
                session = await self._ready(session)
            except (SMTPException, OSError) as exc:
                # The relay cannot be reached: the rest of this domain's batch waits for the retry.
                queue.appendleft((index, env))
                _defer_rest(queue, results, getattr(exc, "code", None), _words(exc))
                return None
            if isinstance(session, PipelinedSession):
                session = await self._offer(session, _Item(index, env), queue, results)
            else:
                session, results[index] = await self._deliver(session, env)
            sent += 1
        return await self._flush(session, results)

    async def _offer(self, session: PipelinedSession, item: _Item, queue: deque, results: list, *, retry=True):
        """Pipeline one envelope; a session that dropped before its MAIL was answered is replaced once."""
        try:
            step = await session.offer(item)
        except ValueError as exc:
            results[item.index] = Outcome(item.env.key, "failed", None, str(exc))
            return session
        except Broken as exc:
            _record(exc.step, results)
            if exc.step.dropped_before_mail and retry:
                try:
                    session = await self._connect()
                except (SMTPException, OSError) as error:
                    results[item.index] = Outcome(item.env.key, "deferred", getattr(error, "code", None), _words(error))
                    return None
                if isinstance(session, PipelinedSession):
                    return await self._offer(session, item, queue, results, retry=False)
                session, results[item.index] = await self._deliver(session, item.env)
                return session
            _defer_unconfirmed(exc, results)
            return None
        _record(step, results)
        if step.retry is not None:
            # The server ended the session (421) before this envelope's MAIL was answered: a new one takes it.
            queue.appendleft((step.retry.index, step.retry.env))
        return session if session.alive else None

    async def _flush(self, session, results: list):
        """Send the data still held by a pipelined session and read its reply, so the session is idle."""
        if not isinstance(session, PipelinedSession) or session.idle:
            return session
        try:
            _record(Step(done=await session.finish()), results)
        except Broken as exc:
            _record(exc.step, results)
            _defer_unconfirmed(exc, results)
            return None
        return session if session.alive else None

    def _rate_wait(self, domain: str) -> float:
        per_minute = self._limit(domain).per_minute
        if per_minute is None:
            return 0.0
        window = self._windows.setdefault(domain, RateWindow(per_minute))
        return window.reserve(time.monotonic())

    def _defer_for_rate(self, domain: str, queue: deque, results: list, wait: float) -> None:
        per_minute = self._limit(domain).per_minute
        position = 0
        while queue:
            index, env = queue.popleft()
            retry_after = wait + WINDOW * (position // per_minute)
            results[index] = Outcome(env.key, "deferred", None, "rate limit", retry_after)
            position += 1

    async def _connect(self) -> _Session | PipelinedSession:
        s = self.settings
        if s.security == "none" and not s.username and self._pipelining is not False:
            session = await open_session(s.host, s.port, self.local_hostname, s.timeout)
            self._pipelining = session is not None
            if session is not None:
                return session
        smtp = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            timeout=s.timeout,
            use_tls=s.security == "ssl",
            start_tls=s.security == "starttls",
            validate_certs=s.validate_certs,
            username=s.username or None,
            password=s.password if s.username else None,
            local_hostname=self.local_hostname,
        )
        await smtp.connect()
        await smtp.ehlo()
        return _Session(smtp)

    async def _ready(self, session: _Session | None) -> _Session:
        """The session if it can take another message, else a new one (a second try on failure)."""
        if session is not None:
            if session.is_connected and session.count < self.settings.messages_per_connection:
                return session
            await _quit(session)
        try:
            return await self._connect()
        except (SMTPException, OSError):
            return await self._connect()

    async def _deliver(self, session: _Session, env: Envelope, *, retry: bool = True):
        """One SMTP transaction; a session that dropped before MAIL was answered is replaced once."""
        try:
            return await self._transaction(session, env)
        except _DroppedBeforeMail as exc:
            if not retry:
                return None, Outcome(env.key, "deferred", None, _words(exc.__cause__))
            try:
                session = await self._connect()
            except (SMTPException, OSError) as exc:
                return None, Outcome(env.key, "deferred", getattr(exc, "code", None), _words(exc))
            return await self._deliver(session, env, retry=False)
        except (SMTPException, OSError) as exc:
            session.smtp.close()
            return None, Outcome(env.key, "deferred", None, _words(exc))

    async def _transaction(self, session: _Session, env: Envelope) -> tuple[_Session | None, Outcome]:
        smtp = session.smtp
        try:
            await _mail(smtp, env.sender)
        except SMTPSenderRefused as exc:
            return await _after_refusal(session, Outcome(env.key, "deferred", exc.code, exc.message))
        except SMTPServerDisconnected as exc:
            raise _DroppedBeforeMail() from exc
        try:
            await _rcpt(smtp, env.recipient)
            response = await smtp.data(env.data)
        except (SMTPRecipientRefused, aiosmtplib.SMTPDataError) as exc:
            return await _after_refusal(session, _by_code(env, exc.code, exc.message))
        except ValueError as exc:
            return await _after_refusal(session, Outcome(env.key, "failed", None, str(exc)))
        session.count += 1
        return session, _by_code(env, response.code, response.message)


# MAIL and RCPT written directly: our addresses are validated ASCII, and aiosmtplib's per-command
# address parsing (email.utils.parseaddr) was a tenth of the sending CPU at 50,000 messages.
async def _mail(smtp: aiosmtplib.SMTP, sender: str) -> None:
    response = await smtp.execute_command(b"MAIL", b"FROM:<" + sender.encode("ascii") + b">")
    if response.code != 250:
        raise SMTPSenderRefused(response.code, response.message, sender)


async def _rcpt(smtp: aiosmtplib.SMTP, recipient: str) -> None:
    if not recipient.isascii() or "<" in recipient or ">" in recipient:
        raise ValueError(f"Địa chỉ người nhận '{recipient}' không gửi được qua SMTP.")
    response = await smtp.execute_command(b"RCPT", b"TO:<" + recipient.encode("ascii") + b">")
    if response.code not in (250, 251):
        raise SMTPRecipientRefused(response.code, response.message, recipient)


async def _after_refusal(session: _Session, outcome: Outcome) -> tuple[_Session | None, Outcome]:
    """Reset the envelope after a refusal; a 421 (or a refusal that closed the line) ends the session."""
    if outcome.code == 421 or not session.smtp.is_connected:
        session.smtp.close()
        return None, outcome
    try:
        await session.smtp.rset()
    except (SMTPException, OSError):
        session.smtp.close()
        return None, outcome
    return session, outcome


def _record(step: Step, results: list) -> None:
    """Outcomes of the replies a pipelined step read; a refused MAIL is our relay's doing, so it defers."""
    for item, reply, stage in step.done:
        if stage == "mail" and reply.code != 250:
            results[item.index] = Outcome(item.env.key, "deferred", reply.code, reply.text)
        else:
            results[item.index] = _by_code(item.env, reply.code, reply.text)


def _defer_unconfirmed(exc: Broken, results: list) -> None:
    # Never "sent" without the final reply read: the relay may or may not have the message.
    for item in exc.unconfirmed:
        results[item.index] = Outcome(item.env.key, "deferred", None, _words(exc.cause))


def _defer_rest(queue: deque, results: list, code: int | None, text: str) -> None:
    # Refusals at greeting, EHLO or AUTH (e.g. 535) are the relay's, never the recipient's: defer.
    while queue:
        index, env = queue.popleft()
        results[index] = Outcome(env.key, "deferred", code, text)


def _words(exc: BaseException) -> str:
    if isinstance(exc, SMTPResponseException):
        return f"{exc.code} {exc.message}"
    cause = exc.__cause__
    text = str(exc) if not cause else f"{exc}: {cause}"
    return text or type(exc).__name__


async def _quit(session) -> None:
    if isinstance(session, PipelinedSession):
        await session.quit()
        return
    try:
        await session.smtp.quit()
    except (SMTPException, OSError):
        session.smtp.close()
