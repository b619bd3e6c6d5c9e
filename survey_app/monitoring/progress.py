"""Progress of a campaign: invitation counts per locality and group (never any answer)."""

from sqlalchemy import and_, case, func, select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import OutboxMessage
from survey_app.reference.models import Locality

COUNTS = ("invited", "sent", "bounced", "opened", "started", "submitted")


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def get_progress(campaign_id: int, *, locality_ids: set[int] | None = None) -> dict:
    """Counts of invitations by the locality whose list issued them, and by group."""
    invite = OutboxMessage
    query = (
        select(Locality.code, Invitation.group_code, func.count(Invitation.id),
               _count(invite.status == "sent"), _count(invite.status == "bounced"),
               _count(Invitation.opened_at.is_not(None)), _count(Invitation.started_at.is_not(None)),
               _count(Invitation.submitted_at.is_not(None)))
        .join(Locality, Locality.id == Invitation.locality_id)
        .outerjoin(invite, and_(invite.respondent_id == Invitation.respondent_id, invite.kind == "invite",
                                invite.campaign_id == Invitation.campaign_id))
        .where(Invitation.campaign_id == campaign_id, Invitation.is_void.is_(False))
        .group_by(Locality.code, Invitation.group_code).order_by(Locality.code, Invitation.group_code))
    if locality_ids is not None:
        query = query.where(Invitation.locality_id.in_(locality_ids))
    localities: dict[str, dict] = {}
    for code, group, *numbers in db.session.execute(query):
        entry = localities.setdefault(code, {"code": code, **dict.fromkeys(COUNTS, 0), "groups": []})
        row = dict(zip(COUNTS, (int(n or 0) for n in numbers), strict=True))
        entry["groups"].append({"group": group, **row})
        for key in COUNTS:
            entry[key] += row[key]
    for entry in localities.values():
        entry["rate"] = round(entry["submitted"] / entry["invited"], 4) if entry["invited"] else 0.0
    return {"localities": list(localities.values())}
