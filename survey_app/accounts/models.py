"""Accounts: MOHA staff and locality officers, and their API tokens."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db, utcnow
from survey_app.reference.models import Locality

ROLES = ("moha_admin", "moha_viewer", "locality_officer")
ROLE_LABELS = {
    "moha_admin": "Quản trị Bộ Nội vụ",
    "moha_viewer": "Theo dõi (Bộ Nội vụ)",
    "locality_officer": "Cán bộ địa phương",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('moha_admin', 'moha_viewer', 'locality_officer')", name="role"),
        CheckConstraint("(role = 'locality_officer') = (locality_id IS NOT NULL)", name="locality_bound"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    #: Consecutive failed logins; reset by a successful one.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    locality: Mapped[Locality | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def is_moha(self) -> bool:
        return self.role in ("moha_admin", "moha_viewer")

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()
