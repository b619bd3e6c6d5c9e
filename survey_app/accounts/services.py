"""Account rules: create users and authenticate them with lock-out."""

import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from survey_app.accounts.models import ROLES, Role, User
from survey_app.accounts.password_policy import password_problems
from survey_app.accounts.passwords import DUMMY_HASH, check_password, hash_password
from survey_app.accounts.sessions import issue_api_token, user_for_token
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput
from survey_app.reference.models import Locality, get_locality

__all__ = ["account_problems", "authenticate", "create_user", "issue_api_token", "normal_email", "user_for_token"]


def normal_email(email: str) -> str | None:
    """The address as stored (normalised, lower case), or None when it is not an address."""
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def _role_problem(role: str) -> str | None:
    if role not in ROLES:
        return f"Vai trò '{role}' không tồn tại; chọn một trong {', '.join(ROLES)}."
    return None


def locality_problem(role: str, code: str | None, locality: Locality | None) -> str | None:
    if role == Role.LOCALITY_OFFICER and locality is None:
        return f"Cán bộ đầu mối cần mã địa phương hoặc bộ, ngành hợp lệ (nhận được '{code or ''}')."
    if role != Role.LOCALITY_OFFICER and code:
        return "Chỉ cán bộ đầu mối mới gắn với một địa phương hoặc bộ, ngành; để trống mã."
    return None


def account_problems(email: str, role: str, locality_code: str | None) -> tuple[dict, list[dict]]:
    """The cleaned fields of an account ({email, role, locality}) and what is wrong with them, field by field."""
    clean = {"email": normal_email(email), "role": role,
             "locality": get_locality(locality_code) if locality_code else None}
    errors = []
    if clean["email"] is None:
        errors.append({"field": "email", "message": f"'{email}' không phải là địa chỉ thư hợp lệ."})
    elif db.session.scalar(select(User.id).where(User.email == clean["email"])):
        errors.append({"field": "email", "message": f"Đã có tài khoản với địa chỉ {clean['email']}."})
    if problem := _role_problem(role):
        errors.append({"field": "role", "message": problem})
    elif problem := locality_problem(role, locality_code, clean["locality"]):
        errors.append({"field": "locality", "message": problem})
    return clean, errors


def create_user(*, email: str, password: str | None, role: str, locality_code: str | None = None,
                full_name: str = "", actor=None) -> User:
    """Create an account; a locality officer is bound to exactly one locality. Without a password the account
    cannot sign in until its owner sets one through a mailed link (accounts/password_links.py)."""
    clean, errors = account_problems(email, role, locality_code)
    if password is not None:
        errors += [{"field": "password", "message": m} for m in password_problems(password, email=email)]
    if errors:
        raise InvalidInput(errors[0]["message"], errors=errors)
    user = User(email=clean["email"], role=role, full_name=full_name.strip(), locality=clean["locality"],
                password_hash=hash_password(password if password is not None else secrets.token_urlsafe(32)))
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, actor=actor, details={"role": role, "locality": locality_code,
                                                            "full_name": user.full_name})
    return user


def _count_failure(user: User, *, max_failures: int, lock_minutes: int) -> None:
    user.failed_logins += 1
    if user.failed_logins >= max_failures:
        user.locked_until = utcnow() + timedelta(minutes=lock_minutes)
        user.failed_logins = 0
        audit.record("user.locked", user, actor="system", details={"minutes": lock_minutes})


def authenticate(email: str, password: str, *, max_failures: int, lock_minutes: int) -> User | None:
    """The user for these credentials, or None; too many failures lock the account for a while.

    The password hash is verified on every path (unknown, disabled, locked), so that the answer takes the
    same time whatever the reason for refusing.
    """
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    matches = check_password(user.password_hash if user else DUMMY_HASH, password or "")
    if user is None or user.is_locked(utcnow()):
        return None
    if not (matches and user.is_enabled):
        _count_failure(user, max_failures=max_failures, lock_minutes=lock_minutes)
        return None
    user.failed_logins = 0
    user.locked_until = None
    return user
