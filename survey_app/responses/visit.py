"""What the respondent's page shows, read in one statement without the ORM.

The page behind a questionnaire link is the most requested page of a campaign (every reminder sends
tens of thousands of people to it at once), so its read is one Core query: the invitation, its campaign,
the unit judged, the questionnaire snapshot, the draft so far and the same respondent's other open
invitations (one row each; a single row when there are none).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core.reads import fetch_all
from survey_app.invitations.links import link_path, nonce_matches, read_token
from survey_app.invitations.models import Invitation
from survey_app.reference.models import Locality
from survey_app.responses.models import Response


@dataclass(frozen=True)
class CampaignView:
    title: str
    status: str
    response_deadline: datetime
    hash_key: str


@dataclass(frozen=True)
class QuestionnaireRef:
    id: int
    checksum: str
    title: str


@dataclass(frozen=True)
class SavedAnswers:
    """The invitation's response so far: a draft, or the submitted answers with their receipt."""

    answers: dict
    receipt: str | None
    status: str


@dataclass(frozen=True)
class Visit:
    """An invitation as its respondent sees it; `id` and `nonce` as on the Invitation row."""

    id: int
    nonce: str
    is_void: bool
    opened_at: datetime | None
    submitted_at: datetime | None
    campaign: CampaignView
    about: str
    questionnaire: QuestionnaireRef
    response: SavedAnswers | None
    others: list[dict]


_INV, _CAMP, _PLACE = Invitation.__table__, Campaign.__table__, Locality.__table__
_QUEST, _RESP = Questionnaire.__table__, Response.__table__
_OTHER, _OTHER_Q, _OTHER_PLACE = _INV.alias("other"), _QUEST.alias("other_q"), _PLACE.alias("other_place")


def _columns() -> tuple:
    """The statement's columns, each read by its name (or label) in `_visit` and `_other_link`."""
    return (_INV.c.id, _INV.c.nonce, _INV.c.is_void, _INV.c.opened_at, _INV.c.submitted_at,
            _CAMP.c.title.label("campaign_title"), _CAMP.c.status.label("campaign_status"),
            _CAMP.c.response_deadline, _CAMP.c.hash_key, _PLACE.c.name.label("about"),
            _QUEST.c.id.label("questionnaire_id"), _QUEST.c.checksum, _QUEST.c.title.label("questionnaire_title"),
            _RESP.c.answers, _RESP.c.receipt, _RESP.c.status.label("response_status"),
            _OTHER.c.id.label("other_id"), _OTHER.c.nonce.label("other_nonce"),
            _OTHER_Q.c.title.label("other_title"), _OTHER_PLACE.c.name.label("other_about"))


def _statement():
    other_open = and_(_OTHER.c.respondent_id == _INV.c.respondent_id, _OTHER.c.id != _INV.c.id,
                      _OTHER.c.is_void.is_(False), _OTHER.c.submitted_at.is_(None))
    return (
        select(*_columns())
        .join(_CAMP, _CAMP.c.id == _INV.c.campaign_id)
        .join(_PLACE, _PLACE.c.id == _INV.c.evaluated_locality_id)
        .join(_QUEST, _QUEST.c.id == _INV.c.questionnaire_id)
        .outerjoin(_RESP, _RESP.c.invitation_id == _INV.c.id)
        .outerjoin(_OTHER, other_open)
        .outerjoin(_OTHER_Q, _OTHER_Q.c.id == _OTHER.c.questionnaire_id)
        .outerjoin(_OTHER_PLACE, _OTHER_PLACE.c.id == _OTHER.c.evaluated_locality_id)
        .where(_INV.c.id == bindparam("id"))
        .order_by(_OTHER.c.id))


_STATEMENT = _statement()


def load_visit(invitation_id: int) -> Visit | None:
    """The visit of an invitation, read outside any transaction (core/reads.py).

    It sees committed data only: callers that wrote commit first. Writers do not rely on it for the
    invitation's state: their first statement re-reads that under the row's lock (responses/services.py).
    """
    rows = fetch_all(_STATEMENT, {"id": invitation_id})
    return _visit(rows[0], [_other_link(row) for row in rows if row.other_id is not None]) if rows else None


def _visit(row, others: list[dict]) -> Visit:
    """A Visit from the first row of the statement (every row repeats the invitation's own columns)."""
    response = SavedAnswers(row.answers or {}, row.receipt, row.response_status) if row.response_status else None
    return Visit(id=row.id, nonce=row.nonce, is_void=row.is_void, opened_at=row.opened_at,
                 submitted_at=row.submitted_at, about=row.about, response=response, others=others,
                 campaign=CampaignView(row.campaign_title, row.campaign_status, row.response_deadline, row.hash_key),
                 questionnaire=QuestionnaireRef(row.questionnaire_id, row.checksum, row.questionnaire_title))


def _other_link(row) -> dict:
    return {"title": row.other_title, "about": row.other_about,
            "url": link_path(row.other_id, row.other_nonce)}


def find_visit(token: str) -> Visit | None:
    """The visit a link token opens; None for a forged, damaged or reissued token."""
    ids = read_token(token)
    if ids is None:
        return None
    visit = load_visit(ids[0])
    return visit if nonce_matches(visit, ids[1]) else None
