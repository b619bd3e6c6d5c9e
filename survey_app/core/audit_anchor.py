"""The audit chain's anchor: an append-only file outside the database holding each commit's newest entry.

After every commit that added audit entries, one line `<seq> <hash> <hmac>` is appended (the HMAC, under the
audit key, makes a forged line show). `flask audit verify` then checks that every anchored entry is still in
the chain with the same hash, so deleting the newest rows, which leaves a valid shorter chain, is caught.
Make the file append-only for the app's user (`chattr +a`, docs/deploy.md); without a file configured the
check is skipped (the test suite's default).
"""

import fcntl
import hashlib
import hmac
import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

_PENDING = "audit_anchor"
_path: Path | None = None
_key: bytes = b""


def configure(path: str | os.PathLike | None, key: bytes) -> None:
    """Where the anchor lines go (None: nowhere) and the key that signs them."""
    global _path, _key
    _path, _key = (Path(path) if path else None), key


def remember(session: Session | scoped_session, seq: int, digest: str) -> None:
    """Note an entry written in this transaction; its line is appended when the transaction commits."""
    session.info[_PENDING] = max(session.info.get(_PENDING, (0, "")), (seq, digest))


def _mac(seq: int, digest: str) -> str:
    return hmac.new(_key, f"{seq} {digest}".encode(), hashlib.sha256).hexdigest()


def append(seq: int, digest: str) -> None:
    """Append one anchor line (locked, flushed to disk)."""
    if _path is None:
        return
    _path.parent.mkdir(parents=True, exist_ok=True)
    with open(_path, "a", encoding="ascii") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        file.write(f"{seq} {digest} {_mac(seq, digest)}\n")
        file.flush()
        os.fsync(file.fileno())


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if pending := session.info.pop(_PENDING, None):
        append(*pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def _lines(path: Path) -> list[tuple[int, str, bool]]:
    """(seq, hash, signature valid) of every well-formed line."""
    found = []
    for line in path.read_text(encoding="ascii", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit():
            seq = int(parts[0])
            found.append((seq, parts[1], hmac.compare_digest(parts[2], _mac(seq, parts[1]))))
    return found


def _line_problems(hashes: dict[int, str], lines: list[tuple[int, str, bool]]) -> list[str]:
    problems = [f"Tệp neo: dòng của mục {seq} có chữ ký sai (tệp neo bị sửa)." for seq, _, ok in lines if not ok]
    changed = sorted({seq for seq, digest, ok in lines if ok and seq in hashes and hashes[seq] != digest})
    problems += [f"Mục thứ {seq} khác với bản đã neo (mục đã bị viết lại)." for seq in changed]
    return problems


def check(hashes: dict[int, str]) -> tuple[int, list[str]]:
    """The highest anchored place and every disagreement between the anchor file and the chain
    (`hashes`: place in the chain → hash)."""
    if _path is None:
        return 0, []
    if not _path.exists():
        return 0, ([f"Không thấy tệp neo {_path} dù nhật ký có {len(hashes)} mục."] if hashes else [])
    lines = _lines(_path)
    anchored = max((seq for seq, _, ok in lines if ok), default=0)
    problems = _line_problems(hashes, lines)
    if anchored > len(hashes):
        problems.append(f"Nhật ký chỉ còn {len(hashes)} mục nhưng tệp neo ghi đã có {anchored} mục: "
                        "các mục cuối đã bị xóa.")
    return anchored, problems
