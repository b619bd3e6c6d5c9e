"""Passwords set by their owners: mailed single-use links (a new account's first, a forgotten one) and change.

A link is the row's id and a random nonce signed with the app's secret key, so the mail worker can write it
into the message without the database holding a usable secret. It works once, until it expires, and only while
it is the newest link of its account.
"""

import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select

from survey_app.accounts.models import PasswordLink, PasswordPurpose, User
from survey_app.accounts.password_policy import password_problems
from survey_app.accounts.passwords import check_password, hash_password
from survey_app.accounts.sessions import end_all_sessions
from survey_app.core import audit, tokens
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput

PURPOSE = "password-link"
#: A new account's owner may read the mail days later; a forgotten-password link is used at once.
LINK_HOURS = {PasswordPurpose.SET: 72, PasswordPurpose.RESET: 2}
#: A second "Quên mật khẩu?" for the same account within this time sends nothing (no mail bombing).
RESET_QUIET_MINUTES = 5


def issue_password_link(user: User, *, purpose: PasswordPurpose, actor) -> PasswordLink:
    """A new link for `user`; every older unused link of the account stops working."""
    now = utcnow()
    for older in db.session.scalars(select(PasswordLink).where(PasswordLink.user_id == user.id,
                                                               PasswordLink.used_at.is_(None))):
        older.used_at = now
    link = PasswordLink(user=user, purpose=purpose, nonce=secrets.token_urlsafe(24), created_at=now,
                        expires_at=now + timedelta(hours=LINK_HOURS[purpose]))
    db.session.add(link)
    db.session.flush()
    audit.record("user.password_link", user, actor=actor, details={"purpose": str(purpose), "link": link.id})
    return link


def link_token(link: PasswordLink) -> str:
    """The secret part of the link's URL."""
    return tokens.sign(PURPOSE, [link.id, link.nonce])


def _decode(token: str) -> tuple[int, str] | None:
    try:
        link_id, nonce = tokens.unsign(PURPOSE, token)
    except (tokens.BadToken, TypeError, ValueError):
        return None
    return (link_id, nonce) if isinstance(link_id, int) and isinstance(nonce, str) else None


def open_link_row(link_id: int) -> PasswordLink | None:
    """The link with this id while it is live (unused, unexpired, of an enabled account), or None."""
    link = db.session.get(PasswordLink, link_id) if 0 < link_id < 2**31 else None
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not link.user.is_enabled:
        return None
    return link


def open_link(token: str) -> PasswordLink | None:
    """The live link for this token, or None (forged, damaged, used, expired or replaced)."""
    decoded = _decode(token)
    link = open_link_row(decoded[0]) if decoded else None
    return link if link is not None and hmac.compare_digest(link.nonce, decoded[1]) else None


def _new_password(user: User, password: str) -> None:
    if problems := password_problems(password, email=user.email):
        raise InvalidInput(problems[0], errors=[{"field": "password", "message": m} for m in problems])
    user.password_hash = hash_password(password)


def set_password_by_link(link: PasswordLink, password: str) -> User:
    """Set the account's password from a live link; the link dies, every session ends, a lock is lifted
    (the owner proved they read the account's mailbox)."""
    user = link.user
    _new_password(user, password)
    link.used_at = utcnow()
    user.failed_logins, user.locked_until = 0, None
    end_all_sessions(user)
    audit.record("user.password_set", user, actor=user, details={"purpose": link.purpose, "link": link.id})
    return user


def change_password(user: User, *, current: str, new: str, keep_session: str | None) -> None:
    """A signed-in user changes their own password; their other sessions and API tokens end."""
    if not check_password(user.password_hash, current or ""):
        raise InvalidInput("Mật khẩu hiện tại không đúng.",
                           errors=[{"field": "current", "message": "Mật khẩu hiện tại không đúng."}])
    _new_password(user, new)
    end_all_sessions(user, keep=keep_session)
    audit.record("user.password_change", user, actor=user)


def request_reset(email: str) -> PasswordLink | None:
    """A reset link for the enabled account with this address, or None (the caller says the same either way)."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower(), User.is_enabled))
    if user is None or _recently_reset(user):
        return None
    return issue_password_link(user, purpose=PasswordPurpose.RESET, actor=user)


def _recently_reset(user: User) -> bool:
    since = utcnow() - timedelta(minutes=RESET_QUIET_MINUTES)
    return bool(db.session.scalar(select(PasswordLink.id).where(
        PasswordLink.user_id == user.id, PasswordLink.purpose == PasswordPurpose.RESET,
        PasswordLink.created_at > since)))

