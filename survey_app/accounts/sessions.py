"""Server-side sign-in state: browser sessions and API tokens, each stored only as a SHA-256 of its secret.

A browser's signed cookie carries a random session id, not the user id: deleting the row ends the session
on the server, so a cookie copied before sign-out, deactivation or a password change no longer works.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from survey_app.accounts.models import ApiToken, User, UserSession
from survey_app.core.db import db, utcnow


def digest(secret: str) -> str:
    """The stored form of a session id or token (a random secret needs no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(user: User, *, hours: float) -> str:
    """A new session id for `user`'s browser, valid for `hours` at most."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user=user, token_hash=digest(token),
                               expires_at=utcnow() + timedelta(hours=hours)))
    db.session.flush()
    return token


def user_for_session(token: str) -> User | None:
    """The enabled user of a live session id (one query), with the id kept for sign-out."""
    user = db.session.scalar(select(User).join(UserSession, UserSession.user_id == User.id).where(
        UserSession.token_hash == digest(token), UserSession.expires_at > utcnow(), User.is_enabled))
    if user is not None:
        user.session_token = token
    return user


def end_session(token: str | None) -> None:
    """Forget one browser session (sign-out)."""
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == digest(token)))


def end_all_sessions(user: User, *, keep: str | None = None) -> None:
    """End every session and API token of `user` at once, except the browser session `keep`."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != digest(keep))
    db.session.execute(query)
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def issue_api_token(user: User, *, seconds: int) -> str:
    """A new random bearer token for `user`; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=digest(token),
                            expires_at=utcnow() + timedelta(seconds=seconds)))
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    """The enabled user owning an unexpired bearer token."""
    return db.session.scalar(select(User).join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_hash == digest(token), ApiToken.expires_at > utcnow(), User.is_enabled))
