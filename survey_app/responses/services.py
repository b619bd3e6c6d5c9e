"""Answering: save a draft, submit exactly once.

Written with Core statements on the tables, not the ORM: a submit is a handful of small statements
and, during a reminder wave, hundreds arrive each second.
"""

import secrets
from dataclasses import replace
from datetime import datetime

from sqlalchemy import bindparam, func, insert, null, select, type_coerce, union_all, update

from survey_app.campaigns.models import Questionnaire as QuestionnaireRow
from survey_app.core.db import UTCDateTime, db, utcnow
from survey_app.core.errors import InvalidInput
from survey_app.invitations.models import Invitation
from survey_app.questionnaires.answers import clean_answers, missing_required
from survey_app.questionnaires.definition import Questionnaire, from_dict
from survey_app.responses.answerable import SUBMITTED, AlreadySubmitted, ensure_answerable
from survey_app.responses.models import Response, ResponseEvent, ResponseStatus
from survey_app.responses.tracking import Client, active_seconds, hash_client, record_event
from survey_app.responses.visit import SavedAnswers, Visit

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

# The statements of a save and a submit, built once: building and keying them anew cost a quarter of a submit.
_INV, _RESP, _EVENTS = Invitation.__table__, Response.__table__, ResponseEvent.__table__
_NOW = bindparam("now", type_=UTCDateTime())
#: A save starts by writing the invitation (marking the start of answering): the write lock it takes, a row lock
#: on PostgreSQL and the file's on SQLite, serialises the saves and the submit of one invitation, so that each
#: reads the draft the previous one wrote.
_TAKE = update(_INV).where(_INV.c.id == bindparam("invitation")) \
    .values(started_at=func.coalesce(_INV.c.started_at, _NOW)).returning(_INV.c.is_void, _INV.c.submitted_at)
#: The draft and the times of the invitation's events in one round trip: a row (answers, NULL) when there is a
#: draft, and a row (NULL, time) for each event.
_DRAFT_AND_TIMES = union_all(
    select(_RESP.c.answers, type_coerce(null(), UTCDateTime()).label("at"))
    .where(_RESP.c.invitation_id == bindparam("invitation")),
    select(null(), _EVENTS.c.at).where(_EVENTS.c.invitation_id == bindparam("invitation")))
#: The exactly-once guard: of concurrent submits only one conditional update matches the row.
_CLAIM = update(_INV).where(_INV.c.id == bindparam("invitation"), _INV.c.submitted_at.is_(None),
                            _INV.c.is_void.is_(False)) \
    .values(submitted_at=_NOW, started_at=func.coalesce(_INV.c.started_at, _NOW))
_UPDATE_RESPONSE = update(_RESP).where(_RESP.c.invitation_id == bindparam("invitation"))
_INSERT_RESPONSE = insert(_RESP)


def _execute(statement, params: dict):
    """A prebuilt statement in the session's transaction, on its connection: a tenth cheaper than through the
    Session, which has no objects to manage here."""
    return db.session.connection().execute(statement, params)


#: Parsed definitions by checksum: a snapshot never changes under its checksum, so parsing once is enough.
_PARSED: dict[str, Questionnaire] = {}


def questionnaire_of(row) -> Questionnaire:
    """The parsed questionnaire of a snapshot (a row, or anything with its id and checksum), cached by checksum."""
    parsed = _PARSED.get(row.checksum)
    if parsed is None:
        if len(_PARSED) > 256:
            _PARSED.clear()
        definition = db.session.scalar(select(QuestionnaireRow.definition).where(QuestionnaireRow.id == row.id))
        parsed = _PARSED[row.checksum] = from_dict(definition)
    return parsed


def _clean(visit: Visit, raw: dict) -> dict:
    answers, problems = clean_answers(questionnaire_of(visit.questionnaire), raw, refuse_unknown=True)
    if problems:
        raise InvalidInput("Có câu trả lời không hợp lệ: " + " ".join(p.message for p in problems[:3]),
                           errors=[{"field": p.code, "message": p.message} for p in problems])
    return answers


def _draft_and_times(invitation_id: int) -> tuple[dict | None, list[datetime]]:
    """The draft's answers (None when nothing was saved yet) and the times of the invitation's events."""
    draft, times = None, []
    for answers, at in _execute(_DRAFT_AND_TIMES, {"invitation": invitation_id}):
        if at is None:
            draft = answers or {}
        else:
            times.append(at)
    return draft, times


def _store(invitation_id: int, exists: bool, values: dict) -> None:
    """Write the response row: an update of the draft, or its first insert."""
    if exists:
        _execute(_UPDATE_RESPONSE, {"invitation": invitation_id, **values})
    else:
        _execute(_INSERT_RESPONSE, {"invitation_id": invitation_id, "started_at": values["updated_at"], **values})


def save_draft(visit: Visit, raw: dict, client: Client) -> SavedAnswers:
    """Keep the answers given so far as a draft (merged over the earlier draft)."""
    ensure_answerable(visit)
    answers = _clean(visit, raw)
    now = utcnow()
    is_void, submitted_at = _execute(_TAKE, {"invitation": visit.id, "now": now}).one()
    if is_void or submitted_at is not None:  # changed since the visit was read
        ensure_answerable(replace(visit, is_void=is_void, submitted_at=submitted_at))
    earlier, times = _draft_and_times(visit.id)
    record_event(visit.id, "save", hash_client(client, visit.campaign.hash_key), at=now)
    merged = {**(earlier or {}), **answers}
    _store(visit.id, earlier is not None,
           {"answers": merged, "updated_at": now, "active_seconds": active_seconds(times, until=now)})
    return SavedAnswers(merged, None, ResponseStatus.DRAFT)


def submit(visit: Visit, raw: dict, client: Client) -> SavedAnswers:
    """Store the final answers once; a concurrent or repeated submit raises AlreadySubmitted."""
    ensure_answerable(visit)
    given = _clean(visit, raw)
    now = utcnow()
    if _execute(_CLAIM, {"invitation": visit.id, "now": now}).rowcount != 1:
        raise AlreadySubmitted(SUBMITTED)
    # Read the draft only once the row is ours: an autosave that committed meanwhile is included.
    earlier, times = _draft_and_times(visit.id)
    answers = {**(earlier or {}), **given}
    missing = missing_required(questionnaire_of(visit.questionnaire), answers)
    if missing:
        raise InvalidInput("Còn câu hỏi bắt buộc chưa trả lời.",
                           errors=[{"field": code, "message": "Câu này bắt buộc: hãy chọn một phương án."}
                                   for code in missing])
    hashes = hash_client(client, visit.campaign.hash_key)
    receipt = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    _store(visit.id, earlier is not None,
           {"answers": answers, "updated_at": now, "active_seconds": active_seconds(times, until=now),
            "status": ResponseStatus.SUBMITTED, "submitted_at": now, "receipt": receipt, **hashes.__dict__})
    record_event(visit.id, "submit", hashes, at=now)
    return SavedAnswers(answers, receipt, ResponseStatus.SUBMITTED)
