"""Progress of a campaign for the API: invitation counts per locality and group (never any answer).

"invited" counts the invitations that are not void; "sent", "bounced", "opened", "started" and "submitted"
follow monitoring/funnel.py. Beside the contract's fields each entry also carries "delivered" and "void".
"""

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.monitoring.funnel import Funnel, count_funnels
from survey_app.reference.models import Locality

COUNTS = ("invited", "sent", "bounced", "opened", "started", "submitted")


def funnel_fields(funnel: Funnel) -> dict:
    """The API's names for a funnel's counts."""
    return {"invited": funnel.listed, "sent": funnel.sent, "bounced": funnel.bounced, "opened": funnel.opened,
            "started": funnel.started, "submitted": funnel.submitted, "delivered": funnel.delivered,
            "void": funnel.void}


def get_progress(campaign_id: int, *, locality_ids: set[int] | None = None) -> dict:
    """Counts of invitations by the locality whose list issued them, and by group."""
    funnels = count_funnels(campaign_id, Invitation.locality_id, Invitation.group_code, locality_ids=locality_ids)
    codes = dict(db.session.execute(select(Locality.id, Locality.code)).all())
    localities: dict[str, dict] = {}
    for (locality_id, group), funnel in sorted(funnels.items(), key=lambda item: (codes[item[0][0]], item[0][1])):
        entry = localities.setdefault(codes[locality_id], {"code": codes[locality_id], "groups": [],
                                                           **dict.fromkeys(funnel_fields(funnel), 0)})
        row = funnel_fields(funnel)
        entry["groups"].append({"group": group, **row})
        for key, value in row.items():
            entry[key] += value
    for entry in localities.values():
        entry["rate"] = round(entry["submitted"] / entry["invited"], 4) if entry["invited"] else 0.0
    return {"localities": list(localities.values())}
