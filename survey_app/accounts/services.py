"""Account rules: create users, authenticate with lock-out, issue and resolve API tokens."""

import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from survey_app.accounts.models import ROLES, ApiToken, User
from survey_app.accounts.passwords import DUMMY_HASH, check_password, hash_password
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput
from survey_app.reference.models import get_locality

MIN_PASSWORD = 10


def create_user(*, email: str, password: str, role: str, locality_code: str | None = None,
                full_name: str = "", actor=None) -> User:
    """Create an account; a locality officer is bound to exactly one locality."""
    errors = []
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors.append({"field": "email", "message": f"'{email}' không phải là địa chỉ thư hợp lệ."})
    if role not in ROLES:
        errors.append({"field": "role",
                       "message": f"Vai trò '{role}' không tồn tại; chọn một trong {', '.join(ROLES)}."})
    if len(password) < MIN_PASSWORD:
        errors.append({"field": "password", "message": f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự."})
    locality = get_locality(locality_code) if locality_code else None
    if role == "locality_officer" and locality is None:
        errors.append({"field": "locality", "message": "Cán bộ địa phương cần mã địa phương hợp lệ "
                                                       f"(nhận được '{locality_code or ''}')."})
    if role != "locality_officer" and locality_code:
        errors.append({"field": "locality", "message": "Chỉ cán bộ địa phương mới gắn với một địa phương."})
    if not errors and db.session.scalar(select(User.id).where(User.email == email)):
        errors.append({"field": "email", "message": f"Đã có tài khoản với địa chỉ {email}."})
    if errors:
        raise InvalidInput(errors[0]["message"], errors=errors)
    user = User(email=email, password_hash=hash_password(password), role=role,
                locality=locality if role == "locality_officer" else None, full_name=full_name)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, actor=actor, details={"role": role, "locality": locality_code})
    return user


def authenticate(email: str, password: str, *, max_failures: int, lock_minutes: int) -> User | None:
    """The user for these credentials, or None; too many failures lock the account for a while."""
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None:
        check_password(DUMMY_HASH, password or "")
        return None
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        return None
    if not user.is_enabled or not check_password(user.password_hash, password or ""):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
            audit.record("user.locked", user, actor="system", details={"minutes": lock_minutes})
        return None
    user.failed_logins = 0
    user.locked_until = None
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user: User, *, seconds: int) -> str:
    """A new random bearer token for `user`; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=_token_hash(token),
                            expires_at=utcnow() + timedelta(seconds=seconds)))
    db.session.flush()
    return token


def user_for_token(token: str) -> User | None:
    """The enabled user owning an unexpired bearer token."""
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or row.expires_at <= utcnow() or not row.user.is_enabled:
        return None
    return row.user
