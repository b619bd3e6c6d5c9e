"""Who may do what, and locality scoping: the one place that decides access."""

from survey_app.core.errors import NotAllowed, NotFound
from survey_app.reference.models import get_locality

EVERYONE = frozenset({"moha_admin", "moha_viewer", "locality_officer"})
MOHA = frozenset({"moha_admin", "moha_viewer"})
ADMIN = frozenset({"moha_admin"})
LIST_EDITORS = frozenset({"moha_admin", "locality_officer"})

#: action → roles allowed to perform it (scoping to a locality is checked separately).
ACTIONS: dict[str, frozenset[str]] = {
    "reference.read": EVERYONE,
    "campaign.read": EVERYONE,
    "campaign.manage": ADMIN,
    "list.read": EVERYONE,
    "list.edit": LIST_EDITORS,
    "list.decide": ADMIN,
    "list.overlap": MOHA,  # which mailboxes another locality's list also holds (never told to a locality)
    "dispatch": ADMIN,
    "remind": LIST_EDITORS,
    "progress.read": EVERYONE,
    "progress.national": MOHA,  # the national overview, evaluated units, national exports
    "mail.read": EVERYONE,
    "mail.fix": LIST_EDITORS,
    "correction.read": MOHA,  # every address correction, in one list
    "correction.decide": ADMIN,  # approve or refuse a correction outside the official domains
    "audit.read": MOHA,
    "user.manage": ADMIN,
    "notification.read": EVERYONE,
    "scores.read": MOHA,  # every unit, drafts, drill-down, previews
    "scores.manage": ADMIN,  # compute, import appraisal points, publish
    "scores.published": EVERYONE,  # officers: their own unit in the published results
    "integrity.read": MOHA,  # flags, risks, voids; a locality officer gets 404 (never learns they exist)
    "integrity.decide": ADMIN,  # scan, review flags, void, approve, revoke
}


def can(user, action: str) -> bool:
    """Whether the user's role allows `action`."""
    return bool(user and user.is_authenticated and user.role in ACTIONS[action])


def ensure(user, action: str) -> None:
    """Raise NotAllowed unless the user's role allows `action`."""
    if not can(user, action):
        raise NotAllowed("Tài khoản của anh/chị không có quyền thực hiện thao tác này.")


def ensure_integrity(user, action: str) -> None:
    """Integrity is MOHA's alone: an officer gets NotFound (flags and risks are never revealed), a viewer who
    tries to decide gets NotAllowed."""
    if not user.is_moha:
        raise NotFound("Không tìm thấy trang này.")
    ensure(user, action)


def sees_locality(user, locality_id: int) -> bool:
    """MOHA sees every locality; a locality officer sees only its own."""
    return user.is_moha or user.locality_id == locality_id


def ensure_locality(user, locality) -> None:
    """Raise NotFound (never reveal existence) when the locality is not the user's to see."""
    if locality is None or not sees_locality(user, locality.id):
        raise NotFound("Không tìm thấy địa phương hoặc danh sách này.")


def visible_locality_ids(user) -> set[int] | None:
    """None for MOHA (everything), else the one locality id an officer may see."""
    return None if user.is_moha else {user.locality_id}


def get_locality_or_404(user, code: str):
    """The locality with this code, if the user may see it; NotFound otherwise (never reveal which)."""
    locality = get_locality(code)
    ensure_locality(user, locality)
    return locality


def locality_scope(user, code: str | None) -> set[int] | None:
    """Locality ids a query covers: the one asked for (NotFound unless visible), else all the user may see."""
    return {get_locality_or_404(user, code).id} if code else visible_locality_ids(user)
