"""MOHA admins manage accounts: find them, change role or locality, deactivate, reactivate, lift a lock-out."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from survey_app.accounts.models import ROLES, Role, User
from survey_app.accounts.services import locality_problem
from survey_app.accounts.sessions import end_all_sessions
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState, NotFound
from survey_app.reference.models import Locality, get_locality

PAGE_SIZE = 50


@dataclass(frozen=True)
class UserFilter:
    """What the accounts page asks for: text in the address or name, a role, a locality code, a state."""

    text: str = ""
    role: str = ""
    locality: str = ""
    state: str = ""  # "", "active", "disabled", "locked"


def _conditions(f: UserFilter) -> list:
    conditions = []
    if f.text:
        needle = f"%{f.text.strip().lower()}%"
        conditions.append(or_(User.email.like(needle), func.lower(User.full_name).like(needle)))
    if f.role in ROLES:
        conditions.append(User.role == f.role)
    if f.locality:
        conditions.append(Locality.code == f.locality)
    if f.state == "active":
        conditions.append(User.is_enabled.is_(True))
    elif f.state == "disabled":
        conditions.append(User.is_enabled.is_(False))
    elif f.state == "locked":
        conditions.append(User.locked_until > utcnow())
    return conditions


def find_users(f: UserFilter, *, page: int = 1) -> tuple[list[User], int]:
    """One page of the accounts matching the filter, by address, and how many match in all."""
    query = select(User).outerjoin(Locality, Locality.id == User.locality_id).where(*_conditions(f))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(User.email).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE))
    return list(rows), total


def get_user_or_404(user_id: int) -> User:
    """The account with this id; NotFound otherwise."""
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise NotFound("Không tìm thấy tài khoản này.")
    return user


def _other_admins(user: User) -> int:
    return db.session.scalar(select(func.count(User.id)).where(
        User.role == Role.MOHA_ADMIN, User.is_enabled, User.id != user.id)) or 0


def _ensure_an_admin_remains(user: User) -> None:
    if user.role == Role.MOHA_ADMIN and user.is_enabled and not _other_admins(user):
        raise InvalidState("Đây là tài khoản quản trị cuối cùng đang hoạt động; hãy tạo hoặc mở lại một "
                           "tài khoản quản trị khác trước.")


def change_role(user: User, *, role: str, locality_code: str | None, actor) -> None:
    """Give the account a new role and locality (an officer has exactly one); its sessions end, so that the
    new rights apply from the next sign-in."""
    locality = get_locality(locality_code) if locality_code else None
    problem = (f"Vai trò '{role}' không tồn tại." if role not in ROLES
               else locality_problem(role, locality_code, locality))
    if problem:
        raise InvalidInput(problem, errors=[{"field": "role" if role not in ROLES else "locality", "message": problem}])
    if role != user.role:
        _ensure_an_admin_remains(user)
    before = {"role": user.role, "locality": user.locality.code if user.locality else None}
    user.role, user.locality = role, locality if role == Role.LOCALITY_OFFICER else None
    end_all_sessions(user)
    audit.record("user.change_role", user, actor=actor,
                 details={"before": before, "after": {"role": role, "locality": locality_code or None}})


def deactivate(user: User, *, actor) -> None:
    """Disable the account: its browser sessions and API tokens stop working at once."""
    if user.is_enabled:
        _ensure_an_admin_remains(user)
    user.is_enabled = False
    end_all_sessions(user)
    audit.record("user.deactivate", user, actor=actor)


def reactivate(user: User, *, actor) -> None:
    """Enable the account again (its owner signs in with the old password, or asks for a new one)."""
    user.is_enabled = True
    audit.record("user.reactivate", user, actor=actor)


def unlock(user: User, *, actor) -> None:
    """Lift the lock-out after repeated failed sign-ins before it expires."""
    user.locked_until, user.failed_logins = None, 0
    audit.record("user.unlock", user, actor=actor)
