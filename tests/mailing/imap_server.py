"""A real IMAP server for the bounce-mailbox tests: Debian's Dovecot, run in the foreground from a temporary
configuration (plain IMAP on a free loopback port, one password for every user, Maildir in a temporary
folder)."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "mat-khau-imap"
CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


@contextmanager
def dovecot(port: int):
    """Dovecot serving IMAP on 127.0.0.1:`port` for the duration; skips the test where it cannot run."""
    if not os.path.exists(DOVECOT):
        pytest.skip("Debian's dovecot-imapd is not installed (.ci/run installs it)")
    if os.geteuid() != 0:
        pytest.skip("this Dovecot setup runs its mail processes as the 'dovecot' user, which needs root")
    # Not under pytest's tmp_path: its folders are private to root, and the mail processes run as 'dovecot'.
    root = Path(tempfile.mkdtemp(prefix="survey-dovecot-"))
    root.chmod(0o711)
    try:
        for name in ("run", "state", "mail", "home"):
            (root / name).mkdir()
        for name in ("mail", "home"):
            shutil.chown(root / name, "dovecot", "dovecot")
        (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port, password=PASSWORD))
        process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(port, root)
            yield
        finally:
            process.terminate()
            process.wait(10)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _wait_for(port: int, root: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
    raise RuntimeError(f"Dovecot did not start:\n{log}")
