"""An SMTP session through aiosmtplib, one command at a time: STARTTLS, SSL, AUTH and relays without PIPELINING
(aiosmtplib's reply reader handles one reply per command). The only module that imports aiosmtplib."""

from collections import deque

import aiosmtplib
from aiosmtplib import SMTPException, SMTPRecipientRefused, SMTPSenderRefused, SMTPServerDisconnected

from survey_app.mailing.smtp_session import (
    Item,
    Reconnect,
    SmtpUnavailable,
    outcome_by_code,
    redeliver,
    words,
)
from survey_app.mailing.smtp_types import Envelope, Outcome, SmtpSettings
from survey_app.mailing.states import MailStatus


class _DroppedBeforeMail(Exception):
    """The line closed before MAIL was answered: nothing was accepted, so resending is safe."""


async def connect_plain(settings: SmtpSettings, local_hostname: str) -> "PlainSession":
    """Connect, secure and authenticate as the settings say, and say EHLO."""
    s = settings
    smtp = aiosmtplib.SMTP(hostname=s.host, port=s.port, timeout=s.timeout, use_tls=s.security == "ssl",
                           start_tls=s.security == "starttls", validate_certs=s.validate_certs,
                           username=s.username or None, password=s.password if s.username else None,
                           local_hostname=local_hostname)
    try:
        await smtp.connect()
        await smtp.ehlo()
    except SMTPException as exc:
        raise SmtpUnavailable(getattr(exc, "code", None), words(exc)) from exc
    return PlainSession(smtp)


class PlainSession:
    """One aiosmtplib connection; deliver() runs one whole SMTP transaction."""

    def __init__(self, smtp: aiosmtplib.SMTP):
        self.smtp = smtp
        self.count = 0

    def room(self, limit: int) -> bool:
        return self.smtp.is_connected and self.count < limit

    async def deliver(self, item: Item, queue: deque, results: list, reconnect: Reconnect | None):
        """One SMTP transaction; a session that dropped before MAIL was answered is replaced once."""
        try:
            session, results[item.index] = await self._transaction(item.env)
            return session
        except _DroppedBeforeMail as exc:
            return await redeliver(item, queue, results, reconnect, exc.__cause__)
        except (SMTPException, OSError) as exc:
            self.smtp.close()
            results[item.index] = Outcome(item.env.key, MailStatus.DEFERRED, None, words(exc))
            return None

    async def flush(self, results: list) -> "PlainSession":
        return self  # nothing is ever held: each transaction ends with its reply

    async def quit(self) -> None:
        try:
            await self.smtp.quit()
        except (SMTPException, OSError):
            self.smtp.close()

    async def _transaction(self, env: Envelope) -> tuple["PlainSession | None", Outcome]:
        try:
            await _mail(self.smtp, env.sender)
        except SMTPSenderRefused as exc:
            return await self._after_refusal(Outcome(env.key, MailStatus.DEFERRED, exc.code, exc.message))
        except SMTPServerDisconnected as exc:
            raise _DroppedBeforeMail() from exc
        try:
            await _rcpt(self.smtp, env.recipient)
            response = await self.smtp.data(env.data)
        except (SMTPRecipientRefused, aiosmtplib.SMTPDataError) as exc:
            return await self._after_refusal(outcome_by_code(env, exc.code, exc.message))
        except ValueError as exc:
            return await self._after_refusal(Outcome(env.key, MailStatus.FAILED, None, str(exc)))
        self.count += 1
        return self, outcome_by_code(env, response.code, response.message)

    async def _after_refusal(self, outcome: Outcome) -> tuple["PlainSession | None", Outcome]:
        """Reset the envelope after a refusal; a 421 (or a refusal that closed the line) ends the session."""
        if outcome.code == 421 or not self.smtp.is_connected:
            self.smtp.close()
            return None, outcome
        try:
            await self.smtp.rset()
        except (SMTPException, OSError):
            self.smtp.close()
            return None, outcome
        return self, outcome


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
