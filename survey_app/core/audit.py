"""The append-only audit log: every decision, chained and keyed, written in the decision's transaction.

Each entry's `hash` is an HMAC-SHA256, under a key kept outside the database (AUDIT_KEY, or instance/audit_key
in the embedded setup), of every column: its place in the chain (`seq`), the previous entry's hash, the time,
the actor's id and label, the action, the object and the details. Nobody without the key can rewrite an entry,
not even by recomputing every later hash. Removing the newest entries leaves a valid shorter chain; the anchor
file (core/audit_anchor.py), to which each commit appends its newest `seq` and hash, catches that.

Entries written before the key existed (digest version 1: plain SHA-256 of fewer columns) are still checked
by their own digest; they are protected against rewriting by the first keyed entry after them, whose HMAC
covers their last hash.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, select, text
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.core import audit_anchor
from survey_app.core.db import db, is_postgres, utcnow

#: Serialises appends on PostgreSQL so that concurrent decisions cannot fork the chain.
_CHAIN_LOCK = 7_240_001
GENESIS = "0" * 64
VERSION = 2
_key: bytes | None = None


class AuditEntry(db.Model):  # type: ignore[name-defined]  # Flask-SQLAlchemy makes Model at run time
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The entry's place in the chain, from 1; hashed, so that renumbering shows.
    seq: Mapped[int] = mapped_column(unique=True)
    #: How `hash` is computed: 1 = SHA-256 of some columns (before the key), 2 = keyed HMAC of every column.
    version: Mapped[int] = mapped_column(default=VERSION)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The actor as shown to people, kept even if the account is renamed.
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    details: Mapped[dict] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


def init_app(app) -> None:
    """Bind the chain's key and the anchor file from the app's AUDIT_KEY and AUDIT_ANCHOR_FILE."""
    global _key
    _key = app.config["AUDIT_KEY"].encode()
    audit_anchor.configure(app.config.get("AUDIT_ANCHOR_FILE"), _key)


def _bound_key() -> bytes:
    if not _key:
        raise RuntimeError("audit.init_app was not called")
    return _key


def _fields(entry: AuditEntry) -> list:
    return [entry.prev_hash, entry.at.isoformat(), entry.actor_label, entry.action, entry.object_type,
            entry.object_id, entry.details]


def _canonical(fields: list) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def digest(entry: AuditEntry) -> str:
    """The hash the entry must carry, by its digest version."""
    if entry.version == 1:
        return hashlib.sha256(_canonical(_fields(entry))).hexdigest()
    body = _canonical([entry.version, entry.seq, entry.actor_id, *_fields(entry)])
    return hmac.new(_bound_key(), body, hashlib.sha256).hexdigest()


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    return actor.id, actor.email


def _head() -> tuple[int, str]:
    row = db.session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def record(action: str, obj, *, actor, details: dict | None = None) -> AuditEntry:
    """Append one entry for `action` on `obj` (a model, or a (type, id) pair); flushed, not committed."""
    if is_postgres():
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    object_type, object_id = obj if isinstance(obj, tuple) else (obj.__tablename__, obj.id)
    seq, prev = _head()
    actor_id, actor_label = _actor_fields(actor)
    # Microseconds are dropped so that the stored value hashes the same on every database.
    entry = AuditEntry(seq=seq + 1, version=VERSION, at=utcnow().replace(microsecond=0), actor_id=actor_id,
                       actor_label=actor_label, action=action, object_type=object_type, object_id=str(object_id),
                       details=json.loads(json.dumps(details or {}, default=str)), prev_hash=prev)
    entry.hash = digest(entry)
    db.session.add(entry)
    db.session.flush()
    audit_anchor.remember(db.session, entry.seq, entry.hash)
    return entry


@dataclass
class ChainStatus:
    """What `flask audit verify` and the audit page show: the chain's length, its head, its problems."""

    entries: int
    legacy: int
    head: str
    anchored: int
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


def _entry_problems(entry: AuditEntry, prev: str, seq: int) -> list[str]:
    problems = []
    if entry.prev_hash != prev or entry.seq != seq:
        problems.append(f"#{entry.id}: liên kết với mục trước bị đứt (mục trước đã bị xóa hoặc chèn).")
    if entry.version not in (1, VERSION) or not hmac.compare_digest(entry.hash, digest(entry)):
        problems.append(f"#{entry.id}: nội dung đã bị sửa ({entry.action}).")
    return problems


def chain_status() -> ChainStatus:
    """Walk the whole chain and the anchor file: every edited, removed, inserted or trimmed entry."""
    problems: list[str] = []
    prev, hashes, legacy = GENESIS, dict[int, str](), 0
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq, AuditEntry.id)):
        problems += _entry_problems(entry, prev, len(hashes) + 1)
        prev, legacy = entry.hash, legacy + (entry.version == 1)
        hashes[len(hashes) + 1] = entry.hash
    anchored, anchor_problems = audit_anchor.check(hashes)
    return ChainStatus(entries=len(hashes), legacy=legacy, head=prev, anchored=anchored,
                       problems=problems + anchor_problems)


def verify() -> list[str]:
    """Every break in the chain (an edited, removed, inserted or trimmed entry), as readable lines."""
    return chain_status().problems


def list_entries(*, limit: int = 200) -> list[AuditEntry]:
    """The newest audit entries first."""
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)))
