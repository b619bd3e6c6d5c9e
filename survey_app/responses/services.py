"""Answering: open, save a draft, submit exactly once."""

import secrets

from sqlalchemy import select, text, update
from sqlalchemy.orm.attributes import set_committed_value

from survey_app.campaigns.models import Questionnaire as QuestionnaireRow
from survey_app.campaigns.services import ensure_responses_open
from survey_app.core.db import db, is_postgres, utcnow
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.invitations.links import LOAD_OPTIONS, nonce_matches, read_token, token_for
from survey_app.invitations.models import Invitation
from survey_app.questionnaires.answers import clean_answers, missing_required
from survey_app.questionnaires.definition import Questionnaire, from_dict
from survey_app.reference.models import Locality
from survey_app.responses.models import Response
from survey_app.responses.tracking import Client, active_seconds, hash_client, record_event

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class AlreadySubmitted(InvalidState):
    """The invitation was answered already; its response never changes."""


#: Parsed definitions by checksum: a snapshot never changes under its checksum, so parsing once is enough.
_PARSED: dict[str, Questionnaire] = {}


def questionnaire_of(row: QuestionnaireRow) -> Questionnaire:
    """The parsed questionnaire of a snapshot, cached by its checksum."""
    parsed = _PARSED.get(row.checksum)
    if parsed is None:
        if len(_PARSED) > 256:
            _PARSED.clear()
        parsed = _PARSED[row.checksum] = from_dict(row.definition)
    return parsed


def get_response(invitation: Invitation) -> Response | None:
    return db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def find_visit(token: str) -> tuple[Invitation | None, Response | None]:
    """The invitation a token opens and its response so far, in one query; (None, None) for a bad token."""
    ids = read_token(token)
    if ids is None:
        return None, None
    row = db.session.execute(
        select(Invitation, Response).outerjoin(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.id == ids[0]).options(*LOAD_OPTIONS)).first()
    if row is None or not nonce_matches(row[0], ids[1]):
        return None, None
    return row[0], row[1]


def list_other_links(invitation: Invitation) -> list[dict]:
    """The same respondent's other invitations still to answer: title, unit judged and link path (one query)."""
    rows = db.session.execute(
        select(Invitation.id, Invitation.nonce, QuestionnaireRow.title, Locality.name)
        .join(QuestionnaireRow, QuestionnaireRow.id == Invitation.questionnaire_id)
        .join(Locality, Locality.id == Invitation.evaluated_locality_id)
        .where(Invitation.respondent_id == invitation.respondent_id, Invitation.id != invitation.id,
               Invitation.is_void.is_(False), Invitation.submitted_at.is_(None))
        .order_by(Invitation.id))
    return [{"title": title, "about": about, "url": f"/s/{token_for(iid, nonce)}"}
            for iid, nonce, title, about in rows]


def ensure_answerable(invitation: Invitation) -> None:
    """Raise the reason an invitation cannot take answers now (void, submitted, closed, past deadline)."""
    if invitation.is_void:
        raise InvalidState("Phiếu này đã bị hủy và không còn nhận trả lời.")
    if invitation.submitted_at is not None:
        raise AlreadySubmitted("Phiếu này đã được gửi; không thể gửi lại hay sửa câu trả lời.")
    ensure_responses_open(invitation.campaign)


def open_invitation(invitation: Invitation, client: Client) -> None:
    """Record that the link was opened (without waiting for the disk: losing an "open" in a crash is harmless)."""
    if is_postgres():
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    record_event(invitation.id, "open", hash_client(client, invitation.campaign.hash_key))
    if invitation.opened_at is None:
        invitation.opened_at = utcnow()


def _draft(invitation: Invitation) -> Response:
    response = get_response(invitation)
    if response is None:
        response = Response(invitation_id=invitation.id, answers={})
        db.session.add(response)
        invitation.started_at = invitation.started_at or utcnow()
    return response


def _clean(invitation: Invitation, raw: dict) -> dict:
    answers, problems = clean_answers(questionnaire_of(invitation.questionnaire), raw)
    if problems:
        raise InvalidInput("Có câu trả lời không hợp lệ.",
                           errors=[{"field": p.question, "message": p.message} for p in problems])
    return answers


def _lock(invitation: Invitation) -> None:
    """Serialise writers of one invitation (autosave beside a submit) on databases that lock rows."""
    db.session.execute(select(Invitation.id).where(Invitation.id == invitation.id).with_for_update())


def save_draft(invitation: Invitation, raw: dict, client: Client) -> Response:
    """Keep the answers given so far as a draft (merged over the earlier draft)."""
    ensure_answerable(invitation)
    answers = _clean(invitation, raw)
    _lock(invitation)
    db.session.refresh(invitation)
    ensure_answerable(invitation)
    response = _draft(invitation)
    response.answers = {**response.answers, **answers}
    response.updated_at = utcnow()
    record_event(invitation.id, "save", hash_client(client, invitation.campaign.hash_key))
    db.session.flush()
    response.active_seconds = active_seconds(invitation.id)
    return response


def _claim(invitation: Invitation, now) -> None:
    """The exactly-once guard: of concurrent submits only one conditional update matches the row."""
    won = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.submitted_at.is_(None),
                                 Invitation.is_void.is_(False))
        .values(submitted_at=now).execution_options(synchronize_session=False)).rowcount
    if won != 1:
        raise AlreadySubmitted("Phiếu này đã được gửi; không thể gửi lại hay sửa câu trả lời.")
    set_committed_value(invitation, "submitted_at", now)


def submit(invitation: Invitation, raw: dict, client: Client) -> Response:
    """Store the final answers once; a concurrent or repeated submit raises AlreadySubmitted."""
    ensure_answerable(invitation)
    given = _clean(invitation, raw)
    now = utcnow()
    _claim(invitation, now)
    # Read the draft only once the row is ours: an autosave that committed meanwhile is included.
    response = get_response(invitation)
    answers = {**(response.answers if response else {}), **given}
    missing = missing_required(questionnaire_of(invitation.questionnaire), answers)
    if missing:
        raise InvalidInput("Còn câu hỏi bắt buộc chưa trả lời.",
                           errors=[{"field": code, "message": "Câu này bắt buộc: hãy chọn một phương án."}
                                   for code in missing])
    hashes = hash_client(client, invitation.campaign.hash_key)
    seconds = active_seconds(invitation.id, until=now)
    if response is None:
        response = Response(invitation_id=invitation.id, started_at=now)
        db.session.add(response)
        invitation.started_at = invitation.started_at or now
    response.answers, response.updated_at, response.active_seconds = answers, now, seconds
    response.status, response.submitted_at = "submitted", now
    response.receipt = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    for field, value in hashes.__dict__.items():
        setattr(response, field, value)
    record_event(invitation.id, "submit", hashes, at=now)
    return response
