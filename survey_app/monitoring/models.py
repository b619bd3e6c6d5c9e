"""Notices: in-app (a bell with an unread count) and by email through the outbox, with each person's choices."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from survey_app.core.db import db, utcnow


class Audience(enum.StrEnum):
    """Who reads a notice: the officers of its locality, or MOHA (about that locality)."""

    LOCALITY = "locality"
    MOHA = "moha"


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The locality the notice is about (for MOHA notices) or for (for the locality's officers).
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(String(2000))
    #: Unused since per-person read marks (NoticePreference.seen_id); kept for older rows.
    is_read: Mapped[bool] = mapped_column(default=False)
    audience: Mapped[str] = mapped_column(String(10), default=Audience.LOCALITY)
    #: The event that raised it (list.returned, deadline.responses, bounces.high, …).
    kind: Mapped[str] = mapped_column(String(40), default="")
    #: Set for notices that must be raised once only (a deadline's warning, a day's "far behind").
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)


class NoticePreference(db.Model):
    """One person's notice settings: email on or off, and how far they have read."""

    __tablename__ = "notice_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    is_email_off: Mapped[bool] = mapped_column(default=False)
    #: The newest notice id this person has seen: notices above it are unread.
    seen_id: Mapped[int] = mapped_column(default=0)
