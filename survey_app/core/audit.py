"""The append-only audit log: every decision, hash-chained, written in the decision's transaction."""

import hashlib
import json
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, select, text
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.core.db import db, is_postgres, utcnow

#: Serialises appends on PostgreSQL so that concurrent decisions cannot fork the chain.
_CHAIN_LOCK = 7_240_001
GENESIS = "0" * 64


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
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


def _digest(prev_hash: str, at: datetime, actor_label: str, action: str,
            object_type: str, object_id: str, details: dict) -> str:
    body = json.dumps([prev_hash, at.isoformat(), actor_label, action, object_type, object_id, details],
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _actor_fields(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    return actor.id, actor.email


def record(action: str, obj, *, actor, details: dict | None = None) -> AuditEntry:
    """Append one entry for `action` on `obj` (a model, or a (type, id) pair); flushed, not committed."""
    if is_postgres():
        db.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    object_type, object_id = obj if isinstance(obj, tuple) else (obj.__tablename__, obj.id)
    prev = db.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    actor_id, actor_label = _actor_fields(actor)
    # Microseconds are dropped so that the stored value hashes the same on every database.
    at = utcnow().replace(microsecond=0)
    details = json.loads(json.dumps(details or {}, default=str))
    entry = AuditEntry(at=at, actor_id=actor_id, actor_label=actor_label, action=action,
                       object_type=object_type, object_id=str(object_id), details=details,
                       prev_hash=prev)
    entry.hash = _digest(prev, at, actor_label, action, object_type, str(object_id), details)
    db.session.add(entry)
    db.session.flush()
    return entry


def verify() -> list[str]:
    """Every break in the chain (an edited, removed or inserted entry), as readable lines."""
    problems, prev = [], GENESIS
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev:
            problems.append(f"#{entry.id}: liên kết với mục trước bị đứt (mục trước đã bị xóa hoặc chèn).")
        expected = _digest(entry.prev_hash, entry.at, entry.actor_label, entry.action,
                           entry.object_type, entry.object_id, entry.details)
        if entry.hash != expected:
            problems.append(f"#{entry.id}: nội dung đã bị sửa ({entry.action}).")
        prev = entry.hash
    return problems


def list_entries(*, limit: int = 200) -> list[AuditEntry]:
    """The newest audit entries first."""
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
