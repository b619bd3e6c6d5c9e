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


def _statement():
    inv, other = Invitation.__table__, Invitation.__table__.alias("other")
    camp, place, quest, resp = Campaign.__table__, Locality.__table__, Questionnaire.__table__, Response.__table__
    other_q, other_place = quest.alias("other_q"), place.alias("other_place")
    return (
        select(inv.c.id, inv.c.nonce, inv.c.is_void, inv.c.opened_at, inv.c.submitted_at,
               camp.c.title, camp.c.status, camp.c.response_deadline, camp.c.hash_key, place.c.name,
               quest.c.id, quest.c.checksum, quest.c.title, resp.c.answers, resp.c.receipt, resp.c.status,
               other.c.id, other.c.nonce, other_q.c.title, other_place.c.name)
        .join(camp, camp.c.id == inv.c.campaign_id)
        .join(place, place.c.id == inv.c.evaluated_locality_id)
        .join(quest, quest.c.id == inv.c.questionnaire_id)
        .outerjoin(resp, resp.c.invitation_id == inv.c.id)
        .outerjoin(other, and_(other.c.respondent_id == inv.c.respondent_id, other.c.id != inv.c.id,
                               other.c.is_void.is_(False), other.c.submitted_at.is_(None)))
        .outerjoin(other_q, other_q.c.id == other.c.questionnaire_id)
        .outerjoin(other_place, other_place.c.id == other.c.evaluated_locality_id)
        .where(inv.c.id == bindparam("id"))
        .order_by(other.c.id))


_STATEMENT = _statement()


def load_visit(invitation_id: int) -> Visit | None:
    """The visit of an invitation, read outside any transaction (core/reads.py).

    It sees committed data only: callers that wrote commit first. Writers do not rely on it for the
    invitation's state: their first statement re-reads that under the row's lock (responses/services.py).
    """
    rows = fetch_all(_STATEMENT, {"id": invitation_id})
    if not rows:
        return None
    (iid, nonce, is_void, opened_at, submitted_at, c_title, c_status, deadline, hash_key, about,
     q_id, checksum, q_title, answers, receipt, r_status) = rows[0][:16]
    others = [{"title": title, "about": place, "url": link_path(other_id, other_nonce)}
              for *_, other_id, other_nonce, title, place in rows if other_id is not None]
    return Visit(id=iid, nonce=nonce, is_void=is_void, opened_at=opened_at, submitted_at=submitted_at,
                 campaign=CampaignView(c_title, c_status, deadline, hash_key), about=about,
                 questionnaire=QuestionnaireRef(q_id, checksum, q_title),
                 response=SavedAnswers(answers or {}, receipt, r_status) if r_status else None, others=others)


def find_visit(token: str) -> Visit | None:
    """The visit a link token opens; None for a forged, damaged or reissued token."""
    ids = read_token(token)
    if ids is None:
        return None
    visit = load_visit(ids[0])
    return visit if nonce_matches(visit, ids[1]) else None
