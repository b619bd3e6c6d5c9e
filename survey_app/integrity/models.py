"""Flags raised by the detectors, and the voids MOHA decides on them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.core.db import db, utcnow


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class FlagStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    CONFIRMED = "confirmed"


class VoidScope(StrEnum):
    RESPONSES = "responses"
    LOCALITY = "locality"


class VoidStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REVOKED = "revoked"


class IntegrityFlag(db.Model):
    __tablename__ = "integrity_flags"
    __table_args__ = (
        UniqueConstraint("campaign_id", "rule", "cluster"),
        CheckConstraint("severity IN ('low', 'medium', 'high')", name="severity"),
        CheckConstraint("status IN ('open', 'dismissed', 'confirmed')", name="status"),
        CheckConstraint("(status = 'open') = (decided_at IS NULL)", name="decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    #: The detector's name in the registry.
    rule: Mapped[str] = mapped_column(String(40))
    #: What identifies the cluster from one scan to the next (e.g. "device:<hash>"), so a re-scan updates it.
    cluster: Mapped[str] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default=FlagStatus.OPEN)
    invitation_ids: Mapped[list] = mapped_column(JSON, default=list)
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A scan found new evidence for the cluster after a person decided on it.
    has_new_evidence: Mapped[bool] = mapped_column(default=False)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(2000))


class VoidDecision(db.Model):
    """A void of chosen responses (active at once) or of a whole locality (active once a second admin approves)."""

    __tablename__ = "void_decisions"
    __table_args__ = (
        CheckConstraint("scope IN ('responses', 'locality')", name="scope"),
        CheckConstraint("status IN ('pending', 'active', 'revoked')", name="status"),
        CheckConstraint("(scope = 'locality') = (locality_id IS NOT NULL)", name="locality_id"),
        CheckConstraint("(status = 'revoked') = (revoked_at IS NOT NULL)", name="revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    #: The voided locality (scope "locality" only): every invitation its list issued.
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    #: The voided invitations (scope "responses" only).
    invitation_ids: Mapped[list] = mapped_column(JSON, default=list)
    #: The flags the decision rests on.
    flag_ids: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(10), default=VoidStatus.PENDING)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(2000))


class LocalityRisk(db.Model):
    """A locality's risk in [0, 1] as the latest scan of its campaign gave it."""

    __tablename__ = "integrity_risks"
    __table_args__ = (
        UniqueConstraint("campaign_id", "locality_id"),
        CheckConstraint("risk >= 0 AND risk <= 1", name="risk"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    risk: Mapped[float] = mapped_column(Float)
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow)
