"""Accounts: MOHA staff and locality officers, their browser sessions, API tokens and password links."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db, utcnow
from survey_app.reference.models import Locality


class Role(enum.StrEnum):
    MOHA_ADMIN = "moha_admin"
    MOHA_VIEWER = "moha_viewer"
    LOCALITY_OFFICER = "locality_officer"


ROLES = tuple(Role)
ROLE_LABELS = {
    Role.MOHA_ADMIN: "Quản trị Bộ Nội vụ",
    Role.MOHA_VIEWER: "Theo dõi (Bộ Nội vụ)",
    Role.LOCALITY_OFFICER: "Cán bộ đầu mối (tỉnh, thành phố hoặc bộ, ngành)",
}
#: A locality officer is named by the kind of locality it serves: a ministry's is not a "địa phương" officer.
OFFICER_LABELS = {"province": "Cán bộ địa phương", "ministry": "Cán bộ đầu mối bộ, ngành"}


class PasswordPurpose(enum.StrEnum):
    SET = "set"  # a new account's first password
    RESET = "reset"  # "Quên mật khẩu?"


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
        return self.role in (Role.MOHA_ADMIN, Role.MOHA_VIEWER)

    @property
    def role_label(self) -> str:
        if self.role == Role.LOCALITY_OFFICER and self.locality is not None:
            return OFFICER_LABELS[self.locality.kind]
        return ROLE_LABELS[Role(self.role)]

    #: The browser session id this object was loaded for (accounts/sessions.py); Flask-Login keeps it.
    session_token = None

    def get_id(self) -> str | None:
        return self.session_token

    def is_locked(self, now: datetime) -> bool:
        return bool(self.locked_until and self.locked_until > now)


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class UserSession(db.Model):
    """A signed-in browser: the cookie carries a random id whose SHA-256 is this row; deleting it signs out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class PasswordLink(db.Model):
    """A single-use, expiring link to set a password, mailed through the outbox (mailing/account_mail.py)."""

    __tablename__ = "password_links"
    __table_args__ = (CheckConstraint("purpose IN ('set', 'reset')", name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    #: Random; the link is this row's id and nonce signed with the app's secret key (core/tokens).
    nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
