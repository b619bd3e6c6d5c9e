"""A small SMTP server for tests that advertises PIPELINING (aiosmtpd does not) and answers as told.

It works on whole received chunks, like Postfix: every complete line of a chunk is handled, then
all replies go out in one write, so `flushes` counts the client's round trips. What the recipient's
local part starts with decides the answer:

  soft… 451 at RCPT · hard… multi-line 550 at RCPT · bye… 421 at RCPT and hang up ·
  late… 451 after the data · reject… 554 after the data · drop… hang up after the data, no reply ·
  hang… answer nothing more on that connection · anything else 250.

A message is recorded only when its final 250 is written; MAIL during an open transaction is
refused with 503 (so a client that forgets RSET after a refusal is caught).
"""

import asyncio
import threading

from .conftest import free_port


class _Connection(asyncio.Protocol):
    def __init__(self, server: "PipeServer"):
        self.server = server
        self.buffer = b""
        self.in_data = False
        self.lines: list[bytes] = []
        self.closing = self.hung = False
        self.reset()

    def reset(self):
        self.sender, self.recipients = None, []

    def connection_made(self, transport):
        self.transport = transport
        self.server.sessions += 1
        self.server.transports.append(transport)
        transport.write(b"220 pipe.test ESMTP\r\n")

    def data_received(self, data: bytes):
        if self.hung:
            return
        self.buffer += data
        replies = []
        while b"\r\n" in self.buffer and not self.transport.is_closing() and not self.hung:
            line, self.buffer = self.buffer.split(b"\r\n", 1)
            reply = self.data_line(line) if self.in_data else self.command(line)
            if reply:
                replies.append(reply.encode() + b"\r\n")
            if self.closing:
                self.transport.write(b"".join(replies))
                self.transport.close()
                return
        if replies:
            self.server.flushes += 1
            self.transport.write(b"".join(replies))

    def command(self, line: bytes):
        self.server.commands.append(line)
        verb = line[:4].upper()
        if verb == b"EHLO":
            return "250-pipe.test\r\n250-8BITMIME\r\n250 PIPELINING" if self.server.pipelining else "250 pipe.test"
        if verb == b"MAIL":
            if self.sender is not None:
                return "503 5.5.1 Error: nested MAIL command"
            self.sender = line.split(b"<", 1)[1].rstrip(b">").decode()
            return "250 2.1.0 Ok"
        if verb == b"RCPT":
            return self.rcpt(line.split(b"<", 1)[1].rstrip(b">").decode())
        if verb == b"DATA":
            if not self.recipients:
                return "554 5.5.1 Error: no valid recipients"
            self.in_data, self.lines = True, []
            return "354 End data with <CR><LF>.<CR><LF>"
        if verb == b"RSET":
            self.reset()
            return "250 2.0.0 Ok"
        if verb == b"QUIT":
            self.closing = True
            return "221 2.0.0 Bye"
        return "502 5.5.2 Error: command not recognized"

    def rcpt(self, address: str):
        if self.sender is None:
            return "503 5.5.1 Error: need MAIL command"
        local = address.split("@")[0]
        if local.startswith("soft"):
            return "451 4.3.0 Mailbox busy"
        if local.startswith("hard"):
            return "550-5.1.1 No such user here\r\n550 5.1.1 Hộp thư không tồn tại"
        if local.startswith("bye"):
            self.closing = True
            return "421 4.4.2 pipe.test closing"
        self.recipients.append(address)
        return "250 2.1.5 Ok"

    def data_line(self, line: bytes):
        if line != b".":
            self.lines.append(line[1:] if line.startswith(b".") else line)
            return None
        self.in_data = False
        data = b"".join(item + b"\r\n" for item in self.lines)
        local = self.recipients[0].split("@")[0]
        sender, recipients = self.sender, self.recipients
        self.reset()
        if local.startswith("drop"):
            self.closing = True
            return None
        if local.startswith("hang"):
            self.hung = True  # from now on this connection answers nothing
            self.buffer = b""
            return None
        if local.startswith("late"):
            return "451 4.7.1 Try again later"
        if local.startswith("reject"):
            return "554 5.6.0 Message rejected"
        self.server.messages.append((sender, recipients, data))
        return "250 2.0.0 Ok: queued"


class PipeServer:
    """The server on 127.0.0.1 in its own thread: messages, sessions, flushes and commands record what happened."""

    def __init__(self, *, pipelining: bool = True):
        self.pipelining = pipelining
        self.hostname, self.port = "127.0.0.1", free_port()
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.commands: list[bytes] = []
        self.sessions = self.flushes = 0
        self.transports: list = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> "PipeServer":
        self.thread.start()
        create = self.loop.create_server(lambda: _Connection(self), self.hostname, self.port)
        self.server = asyncio.run_coroutine_threadsafe(create, self.loop).result(5)
        return self

    def hang_up_all(self) -> None:
        """Close every open connection from the server side (idle sessions going stale)."""
        def close():
            for transport in self.transports:
                transport.close()
        self.loop.call_soon_threadsafe(close)

    def stop(self) -> None:
        self.hang_up_all()
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
