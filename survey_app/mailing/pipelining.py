"""SMTP PIPELINING (RFC 2920) over a plain asyncio connection: one round trip per message instead of four.

Used only for relays reached with security "none" and no AUTH whose EHLO reply advertises
PIPELINING; everything else (STARTTLS, SSL, AUTH, servers without PIPELINING) goes through
plain_session.py, one command at a time.

Per message the client writes MAIL FROM, RCPT TO and DATA in one go and reads the three replies;
only after "354" does it write the data, followed at once by the next message's MAIL, RCPT and
DATA. So at most two messages are in flight: the one whose data awaits its final reply and the
one whose envelope awaits its replies. A message is "sent" only when its final 250 was read.
"""

import asyncio
from collections import deque
from dataclasses import dataclass

from survey_app.mailing.smtp_session import Item, Reconnect, outcome_by_code, redeliver, words
from survey_app.mailing.smtp_types import Outcome
from survey_app.mailing.smtp_wire import Reply, ReplyError, ReplyReader, envelope_commands, wire_data
from survey_app.mailing.states import MailStatus

_EXPECTED = {"mail": (250,), "rcpt": (250, 251), "data": (354,)}


@dataclass
class Step:
    """What one offer() settled: finished (envelope, reply) pairs and the envelope to try again elsewhere."""

    done: list  # (envelope, reply, stage); stage is "mail", "rcpt", "data" or "final"
    retry: object = None  # an envelope whose MAIL was never answered (the session ended first)
    dropped_before_mail: bool = False


class PipelinedSession:
    """One SMTP session with PIPELINING; offer() sends a message's envelope, finish() its last data."""

    def __init__(self, replies: "ReplyReader", writer: asyncio.StreamWriter, timeout: float):
        self.replies, self.writer, self.timeout = replies, writer, timeout
        self.count = 0
        self.alive = True
        self._ready = None  # the envelope that got its 354; its data is not written yet
        self._needs_rset = False
        self._flight: list = []

    @property
    def is_connected(self) -> bool:
        return self.alive and not self.writer.is_closing() and not self.replies.at_eof()

    @property
    def idle(self) -> bool:
        return self._ready is None

    def room(self, limit: int) -> bool:
        # The message whose data is held counts: it is settled before the session goes on or goes.
        return self.is_connected and self.count + (0 if self.idle else 1) < limit

    async def deliver(self, item: Item, queue: deque, results: list, reconnect: Reconnect | None):
        """Pipeline one envelope; a session that dropped before its MAIL was answered is replaced once."""
        try:
            step = await self.offer(item)
        except ValueError as exc:
            results[item.index] = Outcome(item.env.key, MailStatus.FAILED, None, str(exc))
            return self
        except Broken as exc:
            _record(exc.step, results)
            if exc.step.dropped_before_mail:
                return await redeliver(item, queue, results, reconnect, exc.cause)
            _defer_unconfirmed(exc, results)
            return None
        _record(step, results)
        if step.retry is not None:
            # The server ended the session (421) before this envelope's MAIL was answered: a new one takes it.
            queue.appendleft((step.retry.index, step.retry.env))
        return self if self.alive else None

    async def flush(self, results: list) -> "PipelinedSession | None":
        """Send the data still held and read its reply, so the session is idle."""
        if self.idle:
            return self
        try:
            _record(Step(done=await self.finish()), results)
        except Broken as exc:
            _record(exc.step, results)
            _defer_unconfirmed(exc, results)
            return None
        return self if self.alive else None

    async def offer(self, env) -> Step:
        """Write the pending data (if any) and this envelope's commands together; read every reply."""
        commands = envelope_commands(env.sender, env.recipient)  # a ValueError here leaves the session as it was
        prev, self._ready = self._ready, None
        out = wire_data(prev.data) if prev is not None else b""
        if self._needs_rset:
            out += b"RSET\r\n"
        out += commands
        step = Step(done=[])
        self._flight = [prev, env] if prev is not None else [env]
        try:
            async with asyncio.timeout(self.timeout):
                await self._write(out, step, before_mail=prev is None)
                if prev is not None:
                    final = await self._reply(step)
                    step.done.append((prev, final, "final"))
                    if final.code == 421:
                        return self._end(step, retry=env)
                    self.count += 1
                if self._needs_rset:
                    if (await self._reply(step)).code != 250:
                        return self._end(step, retry=env)
                    self._needs_rset = False
                await self._envelope_replies(env, step, first=prev is None)
        except TimeoutError as exc:
            self._broken(step, exc)
        return step

    async def finish(self) -> list:
        """Write the last message's data and read its final reply; returns finished (envelope, reply, stage)."""
        if self._ready is None:
            return []
        env, self._ready = self._ready, None
        step = Step(done=[])
        self._flight = [env]
        try:
            async with asyncio.timeout(self.timeout):
                await self._write(wire_data(env.data), step)
                step.done.append((env, await self._reply(step), "final"))
        except TimeoutError as exc:
            self._broken(step, exc)
        if step.done[-1][1].code == 421:
            self._end(step)
        else:
            self.count += 1
        return step.done

    async def _envelope_replies(self, env, step: Step, *, first: bool) -> None:
        replies = []
        for stage in ("mail", "rcpt", "data"):
            reply = await self._reply(step, before_mail=first and stage == "mail")
            replies.append((stage, reply))
            if reply.code == 421:  # the server hangs up after a 421: the replies after it never come
                break
        refused = [(stage, reply) for stage, reply in replies if reply.code not in _EXPECTED[stage]]
        if not refused:
            self._ready = env
            return
        stage, reply = refused[0]  # the first refusal says why (DATA after a refused RCPT only echoes it)
        step.done.append((env, reply, stage))
        if replies[-1][1].code == 421:
            self._end(step)
        else:
            self._needs_rset = True

    async def _write(self, out: bytes, step: Step, *, before_mail: bool = False) -> None:
        try:
            self.writer.write(out)
            await self.writer.drain()
        except OSError as exc:
            step.dropped_before_mail = before_mail
            self._broken(step, exc)

    async def _reply(self, step: Step, *, before_mail: bool = False) -> Reply:
        try:
            return await self.replies.next()
        except (OSError, ValueError) as exc:
            step.dropped_before_mail = before_mail
            self._broken(step, exc)

    def _broken(self, step: Step, exc: BaseException):
        """Close and raise Broken with every in-flight envelope whose outcome was not read."""
        finished = {id(item[0]) for item in step.done}
        self.close()
        raise Broken(step, [e for e in self._flight if id(e) not in finished], exc)

    def _end(self, step: Step, retry=None) -> Step:
        step.retry = retry
        self.close()
        return step

    async def quit(self) -> None:
        """Say QUIT (without waiting long for its reply) and close."""
        if self.is_connected:
            try:
                self.writer.write(b"QUIT\r\n")
                async with asyncio.timeout(min(self.timeout, 5)):
                    await self.replies.next()
            except OSError:
                pass
        self.close()

    def close(self) -> None:
        """Drop the connection at once."""
        self.alive = False
        self._ready = None
        self.writer.close()


class Broken(Exception):
    """The line broke mid-step: `unconfirmed` envelopes had no final reply read; step holds what did finish."""

    def __init__(self, step: Step, unconfirmed: list, cause: BaseException):
        super().__init__(str(cause) or type(cause).__name__)
        self.step, self.unconfirmed, self.cause = step, unconfirmed, cause


async def open_session(host: str, port: int, local_hostname: str, timeout: float):
    """Connect, read the greeting and say EHLO; returns (session or None if no PIPELINING, EHLO reply)."""
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(host, port)
        replies = ReplyReader(reader)
        try:
            greeting = await replies.next()
            if greeting.code != 220:
                raise ReplyError(f"{greeting.code} {greeting.text}")
            writer.write(b"EHLO %s\r\n" % local_hostname.encode("idna"))
            ehlo = await replies.next()
            if ehlo.code != 250:
                raise ReplyError(f"{ehlo.code} {ehlo.text}")
        except BaseException:
            writer.close()
            raise
    keywords = {line.split(" ")[0].upper() for line in ehlo.text.split("\n")[1:]}
    if "PIPELINING" not in keywords:
        writer.write(b"QUIT\r\n")  # a polite goodbye; the caller goes on with aiosmtplib
        writer.close()
        return None
    return PipelinedSession(replies, writer, timeout)


def _record(step: Step, results: list) -> None:
    """Outcomes of the replies a step read; a refused MAIL is our relay's doing, so it defers."""
    for item, reply, stage in step.done:
        if stage == "mail" and reply.code != 250:
            results[item.index] = Outcome(item.env.key, MailStatus.DEFERRED, reply.code, reply.text)
        else:
            results[item.index] = outcome_by_code(item.env, reply.code, reply.text)


def _defer_unconfirmed(exc: "Broken", results: list) -> None:
    # Never "sent" without the final reply read: the relay may or may not have the message.
    for item in exc.unconfirmed:
        results[item.index] = Outcome(item.env.key, MailStatus.DEFERRED, None, words(exc.cause))
