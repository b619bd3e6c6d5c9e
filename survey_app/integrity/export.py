"""The live campaign as detector records: read from the database, or written to the JSON-lines file format.

Only keyed hashes leave the database (the campaign's HMAC of device, address and /24 network), never a
name, a mailbox or a raw address. A record's `response_id` is the invitation's id, the id flags and voids
carry.
"""

import json
from collections.abc import Iterable
from typing import IO, Any

from sqlalchemy import select

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core.db import db
from survey_app.integrity.records import Record, to_json
from survey_app.invitations.models import Invitation
from survey_app.reference.models import Locality
from survey_app.responses.models import Response

_COLUMNS = (Invitation.id, Locality.code, Invitation.group_code, Questionnaire.code, Invitation.opened_at,
            Response.submitted_at, Response.active_seconds, Response.ip_hash, Response.ip_prefix_hash,
            Response.device_hash, Response.answers)


def _query(campaign_id: int):
    return (select(*_COLUMNS)
            .join(Invitation, Invitation.id == Response.invitation_id)
            .join(Locality, Locality.id == Invitation.locality_id)
            .join(Questionnaire, Questionnaire.id == Invitation.questionnaire_id)
            .where(Invitation.campaign_id == campaign_id, Response.status == "submitted")
            .order_by(Invitation.id))


def read_records(campaign: Campaign) -> list[Record]:
    """Every submitted response of the campaign (void ones too: the evidence stays) as a detector record."""
    rows = db.session.execute(_query(campaign.id))
    return [_record(*row) for row in rows]


def _record(iid, locality, group, questionnaire, opened_at, submitted_at, seconds, ip, network, device,
            answers) -> Record:
    return Record(response_id=iid, locality=locality, group=group or "", questionnaire=questionnaire or "",
                  opened_at=opened_at, submitted_at=submitted_at,
                  active_seconds=None if seconds is None else float(seconds),
                  ip=ip or None, network=network or None, device=device or None,
                  answers={code: value if type(value) is str and value else answer_text(value)
                           for code, value in (answers or {}).items()})


def answer_text(value: Any) -> str | None:
    """An answer as the file format's reader gives it: option values as text, several options joined."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join(sorted(answer_text(item) or "" for item in value))
    return str(value)


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    """Write the records one JSON object a line (shared/API.md); the number written."""
    count = 0
    for record in records:
        out.write(json.dumps(to_json(record), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
