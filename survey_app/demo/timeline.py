"""Moving the demo's answering back in time: the rules stamp the moment they run, the demo wants the past.

Every stamp of one invitation moves together (its opening, start and submission, its response's times and
answering seconds, its save and submit events), so what a page or a detector reads stays consistent.
"""

from sqlalchemy import bindparam, update

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.responses.models import Response, ResponseEvent

_INV, _RESP, _EVENTS = Invitation.__table__, Response.__table__, ResponseEvent.__table__
_INVITATION = update(_INV).where(_INV.c.id == bindparam("i")).values(
    opened_at=bindparam("opened"), started_at=bindparam("started"), submitted_at=bindparam("submitted"))
_RESPONSE = update(_RESP).where(_RESP.c.invitation_id == bindparam("i")).values(
    started_at=bindparam("started"), updated_at=bindparam("updated"), submitted_at=bindparam("submitted"),
    active_seconds=bindparam("active"))
_EVENT = update(_EVENTS).where(_EVENTS.c.invitation_id == bindparam("i"), _EVENTS.c.kind == bindparam("k")) \
    .values(at=bindparam("at"))


def row(times: dict) -> dict:
    """The invitation's stamps: it started when first saved or submitted, was last updated at submission."""
    started = times["saved"] if times.get("has_save") else times["submitted"]
    return {**times, "started": started, "updated": times["submitted"] or times["saved"]}


def fix_times(times: list[dict]) -> None:
    """Write the simulated times of each answered invitation ({"i", "opened", "saved", "submitted", "active"})."""
    rows = [row(t) for t in times]
    if rows:
        db.session.execute(_INVITATION, rows)
        db.session.execute(_RESPONSE, rows)
        events = [{"i": r["i"], "k": "save", "at": r["saved"]} for r in rows] + \
                 [{"i": r["i"], "k": "submit", "at": r["submitted"]} for r in rows if r["submitted"]]
        db.session.execute(_EVENT, events)
