"""Void invitations counted apart: progress leaves them out of every count, and says how many there are."""

from sqlalchemy import func, select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.monitoring.progress import COUNTS
from survey_app.reference.models import Locality


def count_void(campaign_id: int, *, locality_ids: set[int] | None = None) -> dict[str, int]:
    """Void invitations per locality code (the locality whose list issued them)."""
    query = (select(Locality.code, func.count(Invitation.id)).join(Locality, Locality.id == Invitation.locality_id)
             .where(Invitation.campaign_id == campaign_id, Invitation.is_void.is_(True)).group_by(Locality.code))
    if locality_ids is not None:
        query = query.where(Invitation.locality_id.in_(locality_ids))
    return {code: int(n) for code, n in db.session.execute(query)}


def with_void(progress: dict, void: dict[str, int]) -> dict:
    """Each locality's entry with its "void" count; a locality whose every invitation is void still appears."""
    entries = {entry["code"]: entry for entry in progress["localities"]}
    for code in void:
        if code not in entries:
            entries[code] = {"code": code, **dict.fromkeys(COUNTS, 0), "rate": 0.0, "groups": []}
            progress["localities"].append(entries[code])
    for code, entry in entries.items():
        entry["void"] = void.get(code, 0)
    progress["localities"].sort(key=lambda entry: entry["code"])
    return progress
