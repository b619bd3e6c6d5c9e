"""Pooled SMTP sending behind a blocking send(): which session, when, and how fast per domain.

An SmtpPool owns an event loop in a background thread and keeps SMTP sessions
open across send() calls, several messages per session. With security "none",
no AUTH and a relay whose EHLO advertises PIPELINING (Postfix does), sessions
are pipelining.PipelinedSession: one round trip per message instead of four.
STARTTLS, SSL, AUTH and relays without PIPELINING use plain_session.PlainSession,
one command at a time. The first session tells which; the pool keeps that
answer. Both are driven through one interface (smtp_session.Session). Messages are grouped by recipient
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
from typing import Self

from survey_app.mailing.pipelining import open_session
from survey_app.mailing.plain_session import connect_plain
from survey_app.mailing.rates import WINDOW, DomainLimit, RateWindow
from survey_app.mailing.smtp_session import Item, Session, words
from survey_app.mailing.smtp_types import Envelope, Outcome, SmtpSettings
from survey_app.mailing.states import MailStatus

log = logging.getLogger(__name__)

CHUNK = 50  # messages sent before a session is offered to other domains


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


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
        self._idle: list[Session] = []  # never with a message in flight
        # None until the first session tells whether the relay offers PIPELINING (then fixed for the pool).
        self.pipelining: bool | None = None
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
            await self._idle.pop().quit()

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def _limit(self, domain: str) -> DomainLimit:
        return self.limits.get(domain, self.default_limit)

    async def _send_all(self, envelopes: list[Envelope]) -> list[Outcome]:
        results: list[Outcome | None] = [None] * len(envelopes)
        tasks = []
        for domain, queue in _by_domain(envelopes).items():
            workers = min(self._limit(domain).connections, self.settings.connections, len(queue))
            tasks += [self._drain(domain, queue, results) for _ in range(max(workers, 1))]
        for error in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(error, BaseException):
                log.error("SMTP worker stopped: %r", error)
        # A safety net: an envelope left without an outcome by an unforeseen error is retried later.
        return [
            result or Outcome(env.key, MailStatus.DEFERRED, None, "not attempted")
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

    async def _send_chunk(self, session: Session | None, domain: str, queue: deque, results: list):
        sent = 0
        while queue and sent < CHUNK:
            wait = self._rate_wait(domain)
            if wait > self.max_rate_wait:
                self._defer_for_rate(domain, queue, results, wait)
                break
            if wait:
                session = await _flush(session, results)
                await asyncio.sleep(wait)
                continue
            session, sent = await self._send_next(session, queue, results), sent + 1
        return await _flush(session, results)

    async def _send_next(self, session: Session | None, queue: deque, results: list) -> Session | None:
        """The queue's next envelope on a ready session; when no session can be had, the rest of the queue waits."""
        index, env = queue.popleft()
        try:
            session = await self._ready(session, results)
        except OSError as exc:
            queue.appendleft((index, env))
            _defer_rest(queue, results, getattr(exc, "code", None), words(exc))
            return None
        return await session.deliver(Item(index, env), queue, results, self._connect)

    async def _ready(self, session: Session | None, results: list) -> Session:
        """The session if it can take another message, else a new one (a second try on failure)."""
        if session is not None and not session.room(self.settings.messages_per_connection):
            session = await session.flush(results)  # what it holds is settled before it goes
            if session is not None:
                await session.quit()
            session = None
        if session is not None:
            return session
        try:
            return await self._connect()
        except OSError:
            return await self._connect()

    async def _connect(self) -> Session:
        s = self.settings
        if s.security == "none" and not s.username and self.pipelining is not False:
            session = await open_session(s.host, s.port, self.local_hostname, s.timeout)
            self.pipelining = session is not None
            if session is not None:
                return session
        return await connect_plain(s, self.local_hostname)

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
            results[index] = Outcome(env.key, MailStatus.DEFERRED, None, "rate limit", retry_after)
            position += 1


def _by_domain(envelopes: list[Envelope]) -> dict[str, deque]:
    queues: dict[str, deque] = {}
    for index, env in enumerate(envelopes):
        queues.setdefault(_domain(env.recipient), deque()).append((index, env))
    return queues


async def _flush(session: Session | None, results: list) -> Session | None:
    return None if session is None else await session.flush(results)


def _defer_rest(queue: deque, results: list, code: int | None, text: str) -> None:
    # Refusals at greeting, EHLO or AUTH (e.g. 535) are the relay's, never the recipient's: defer.
    while queue:
        index, env = queue.popleft()
        results[index] = Outcome(env.key, MailStatus.DEFERRED, code, text)
