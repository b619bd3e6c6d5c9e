"""Real aiosmtpd servers on 127.0.0.1 with a handler each test can steer, and openssl-made keys."""

import asyncio
import base64
import socket
import ssl
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process, what: str, limit: float = 20.0) -> None:
    """Return once `process` accepts connections on `port` (a fixed sleep loses the race on a busy machine)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    stderr = process.stderr.read() if process.poll() is not None and process.stderr else ""
    raise AssertionError(f"{what} did not start: {stderr}")


class Recorder:
    """An SMTP handler that records what arrives and answers as the test tells it to.

    `rcpt_reply(address)` and `data_reply(envelope)` return a refusal such as
    "451 4.3.0 try later", or None to accept. A reply starting with 421 also
    closes the connection, as real servers do.
    """

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.sessions = 0
        self.active: Counter = Counter()
        self.peak: Counter = Counter()
        self.rcpt_reply = lambda address: None
        self.data_reply = lambda envelope: None
        self.delay = 0.0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.sessions += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.rcpt_reply(address)
        if reply:
            return self._refuse(server, reply)
        envelope.rcpt_tos.append(address)
        domain = address.rpartition("@")[2]
        self.active[domain] += 1
        self.peak[domain] = max(self.peak[domain], self.active[domain])
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        domain = envelope.rcpt_tos[0].rpartition("@")[2]
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            reply = self.data_reply(envelope)
            if reply:
                return self._refuse(server, reply)
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            return "250 2.0.0 Ok: queued"
        finally:
            self.active[domain] -= 1

    def _refuse(self, server, reply: str) -> str:
        if reply.startswith("421"):
            asyncio.get_running_loop().call_soon(server.transport.close)
        return reply


def start(handler, **kwargs) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def smtp_server(recorder):
    """A plain aiosmtpd server; yields its Controller (recorder fixture holds what arrived)."""
    controller = start(recorder)
    yield controller
    controller.stop()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with openssl (cryptography is not installed)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture
def server_tls_context(tls_files) -> ssl.SSLContext:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def accept_user(username: bytes, password: bytes):
    """An aiosmtpd authenticator that accepts exactly one login."""

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == username and auth_data.password == password
        return AuthResult(success=ok, handled=False)

    return authenticator


@pytest.fixture(scope="session")
def dkim_keys(tmp_path_factory) -> tuple[bytes, bytes]:
    """An RSA key pair made with openssl: (PKCS#1 private PEM, base64 DER public key for DNS)."""
    folder = tmp_path_factory.mktemp("dkim")
    private = folder / "private.pem"
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", str(private), "2048"],
                   check=True, capture_output=True)
    public = subprocess.run(["openssl", "rsa", "-in", str(private), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True).stdout
    return private.read_bytes(), base64.b64encode(public)
