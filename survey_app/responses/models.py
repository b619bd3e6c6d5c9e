"""Answers to one invitation, and the open/save/submit events integrity checks read."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db, one_of, utcnow
from survey_app.invitations.models import Invitation


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  #: final: never changes again


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        CheckConstraint(one_of("status", ResponseStatus), name="status"),
        CheckConstraint("(status = 'submitted') = (submitted_at IS NOT NULL)", name="submitted_at"),
        CheckConstraint("(status = 'submitted') = (receipt IS NOT NULL)", name="receipt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=ResponseStatus.DRAFT)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    #: Seconds of answering measured on the server (gaps over a few minutes are not counted).
    active_seconds: Mapped[int] = mapped_column(default=0)
    device_hash: Mapped[str | None] = mapped_column(String(64))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    ip_prefix_hash: Mapped[str | None] = mapped_column(String(64))
    user_agent_hash: Mapped[str | None] = mapped_column(String(64))
    receipt: Mapped[str | None] = mapped_column(String(20), unique=True)

    invitation: Mapped[Invitation] = relationship()


class ResponseEvent(db.Model):
    __tablename__ = "response_events"
    __table_args__ = (CheckConstraint("kind IN ('open', 'save', 'submit')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(10))
    device_hash: Mapped[str | None] = mapped_column(String(64))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    ip_prefix_hash: Mapped[str | None] = mapped_column(String(64))
    user_agent_hash: Mapped[str | None] = mapped_column(String(64))
