"""The pipelined path against Postfix's smtp-sink (it advertises PIPELINING): every message dumped once, intact."""

import os
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from survey_app.mailing.smtp_types import Envelope, SmtpSettings
from survey_app.mailing.transport import SmtpPool

from .conftest import free_port, wait_for_port

SINK = "/usr/sbin/smtp-sink"
BODY = b"Subject: thu\r\n.Dotted: header\r\n\r\n.\r\n..two\r\n.end"

pytestmark = pytest.mark.skipif(not os.path.exists(SINK), reason="Postfix's smtp-sink is not installed")


@pytest.fixture
def sink():
    folder = Path(tempfile.mkdtemp(prefix="sink-"))
    folder.chmod(0o777)  # smtp-sink drops root to nobody before it writes the dumps
    port = free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    process = subprocess.Popen([SINK, *user, "-d", f"{folder}/%H%M%S.", f"127.0.0.1:{port}", "100"],
                               stdout=subprocess.DEVNULL)
    wait_for_port(port, process, "smtp-sink")
    yield port, folder
    process.terminate()
    process.wait(5)
    shutil.rmtree(folder)


def test_smtp_sink_receives_every_message_once_with_its_bytes(sink):
    port, folder = sink
    batch = [Envelope(key, f"bounces+{key}@moha.gov.vn", f"user{key}@hanoi.gov.vn", BODY + b" %d\r\n" % key)
             for key in range(200)]
    with SmtpPool(SmtpSettings("127.0.0.1", port, timeout=5, local_hostname="test.local", connections=4)) as pool:
        outcomes = pool.send(batch)
        assert pool.pipelining is True
    assert {o.status for o in outcomes} == {"sent"}
    dumps = [path.read_bytes() for path in folder.iterdir()]
    recipients = Counter(line.split(b"<")[1].rstrip(b">") for dump in dumps for line in dump.split(b"\n")
                         if line.startswith(b"X-Rcpt-Args:"))
    assert recipients == Counter(e.recipient.encode() for e in batch)
    by_recipient = {dump.split(b"X-Rcpt-Args: <")[1].split(b">")[0]: dump for dump in dumps}
    for env in batch:
        # The sink stores LF line ends, with the dots unstuffed, and one more LF at the end.
        assert by_recipient[env.recipient.encode()].endswith(env.data.replace(b"\r\n", b"\n") + b"\n")
