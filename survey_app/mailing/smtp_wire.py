"""SMTP on the wire, as the pipelined session writes and reads it: commands, data, replies."""

import asyncio
import re
from dataclasses import dataclass

_PERIOD = re.compile(rb"(?m)^\.")
_LINE_ENDS = re.compile(rb"(?:\r\n|\n|\r(?!\n))")
MAX_REPLY = 32 * 1024


class ReplyError(OSError):
    """The server closed the line or answered something that is not an SMTP reply."""


@dataclass
class Reply:
    code: int
    text: str


def wire_data(data: bytes) -> bytes:
    """The data as sent after 354: CRLF line ends, lines starting with "." doubled, ending in CRLF.CRLF."""
    crlf = data.count(b"\r\n")
    if data.count(b"\r") != crlf or data.count(b"\n") != crlf:
        data = _LINE_ENDS.sub(b"\r\n", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    if data.startswith(b".") or b"\n." in data:
        data = _PERIOD.sub(b"..", data)
    return data + b".\r\n"


def envelope_commands(sender: str, recipient: str) -> bytes:
    """MAIL FROM, RCPT TO and DATA as one write; addresses must be plain ASCII without brackets or controls."""
    for address in (sender, recipient):
        if not address.isascii() or any(c in address for c in "<>\r\n") or not address.isprintable():
            raise ValueError(f"Địa chỉ '{address}' không gửi được qua SMTP.")
    return b"MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\n" % (sender.encode(), recipient.encode())


class ReplyReader:
    """Replies off one connection, parsed from its own buffer: the replies of a pipelined group come in one read."""

    def __init__(self, reader: asyncio.StreamReader):
        self.reader = reader
        self.buffer = b""

    async def next(self) -> Reply:
        """One reply, multi-line ("250-…" continuations) joined with newlines."""
        while True:
            reply = self._parse()
            if reply is not None:
                return reply
            if len(self.buffer) > MAX_REPLY:
                raise ReplyError("Máy chủ thư trả lời quá dài.")
            chunk = await self.reader.read(65536)
            if not chunk:
                raise ReplyError("Máy chủ thư đóng kết nối.")
            self.buffer += chunk

    def _parse(self) -> Reply | None:
        buffer, start, lines = self.buffer, 0, []
        while True:
            end = buffer.find(b"\n", start)
            if end < 0:
                return None
            line = buffer[start:end + 1]
            if len(line) < 4 or not line[:3].isdigit() or line[3:4] not in (b" ", b"-", b"\r", b"\n"):
                raise ReplyError(f"Máy chủ thư trả lời không đúng SMTP: {line[:80]!r}")
            lines.append(line[4:].strip().decode("utf-8", "replace"))
            start = end + 1
            if line[3:4] != b"-":
                self.buffer = buffer[start:]
                return Reply(int(line[:3]), "\n".join(lines))

    def at_eof(self) -> bool:
        return not self.buffer and self.reader.at_eof()
