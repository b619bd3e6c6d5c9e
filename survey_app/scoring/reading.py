"""Read a campaign's scoring inputs from the database into the pure core's plain data."""

import hashlib
import json

from sqlalchemy import Text, bindparam, cast, select
from sqlalchemy.orm import aliased

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.integrity.models import VoidDecision, VoidScope, VoidStatus
from survey_app.invitations.models import Invitation
from survey_app.questionnaires.definition import from_dict
from survey_app.questionnaires.loader import load_index_model
from survey_app.reference.models import Locality
from survey_app.responses.models import Response, ResponseStatus
from survey_app.scoring.inputs import Ballot, ScoringInput, Unit, Voids
from survey_app.scoring.model import model_from_dict
from survey_app.scoring.models import AppraisalPoint

_Issuer, _Unit = aliased(Locality), aliased(Locality)
#: Every submitted response of a campaign with who issued it, whom it is about and the group.
SUBMITTED = (
    select(Invitation.id, _Issuer.code, _Unit.code, Invitation.group_code, Invitation.questionnaire_id,
           cast(Response.answers, Text))
    .join(Response, Response.invitation_id == Invitation.id)
    .join(_Issuer, _Issuer.id == Invitation.locality_id)
    .join(_Unit, _Unit.id == Invitation.evaluated_locality_id)
    .where(Invitation.campaign_id == bindparam("cid"), Response.status == ResponseStatus.SUBMITTED)
    .order_by(Invitation.id)
)
#: (question code, option value) → (criterion, score), for the options that score ("don't know" has none).
QuestionScores = dict[tuple[str, str], tuple[str, float]]


def read_inputs(campaign: Campaign) -> ScoringInput:
    """The model, units, submitted answers as scores, active voids and appraisal points of a campaign."""
    model = model_from_dict(load_index_model(campaign.model))
    ballots, digest = read_ballots(campaign)
    appraisal = read_appraisal(campaign.id)
    units = read_units(campaign.id, {unit for unit, _ in appraisal})
    return ScoringInput(model, units, ballots, read_voids(campaign.id), appraisal, digest)


def read_answers(campaign_id: int) -> list[tuple]:
    """The rows of every submitted response, its answers as the stored JSON text (the benchmark's baseline)."""
    return [tuple(row) for row in db.session.execute(SUBMITTED, {"cid": campaign_id})]


def read_ballots(campaign: Campaign) -> tuple[tuple[Ballot, ...], str]:
    """Every submitted response as a ballot (its valid answers' scores by criterion), and a
    digest of the stored answers with the checksums of the questionnaire snapshots that score them."""
    questions = {q.id: question_scores(q.definition) for q in campaign.questionnaires}
    checksums = {q.id: q.checksum for q in campaign.questionnaires}
    digest, ballots = hashlib.sha256(), []
    for row in read_answers(campaign.id):
        digest.update(f"{row[0]}|{row[1]}|{row[2]}|{row[3]}|{checksums[row[4]]}|{row[5]}\n".encode())
        ballots.append(_ballot(row, questions[row[4]]))
    return tuple(ballots), digest.hexdigest()


def question_scores(definition: dict) -> QuestionScores:
    """What each scoring answer to a questionnaire snapshot's questions feeds, and its score."""
    q = from_dict(definition)
    return {(item.code, o.value): (item.criterion, o.score)
            for item in q.questions() for o in item.options if o.score is not None}


def _ballot(row: tuple, questions: QuestionScores) -> Ballot:
    invitation_id, issuer, unit, group, _, text = row
    scores: dict[str, list[float]] = {}
    # map/filter look every answer up in C; the loop body runs only for the answers that score.
    for criterion, score in filter(None, map(questions.get, json.loads(text).items())):
        found = scores.get(criterion)
        if found is None:
            scores[criterion] = [score]
        else:
            found.append(score)
    return Ballot(invitation_id, issuer, unit, group, scores)


def read_voids(campaign_id: int) -> Voids:
    """Active voids: voided invitations (the decisions' and every is_void flag) and voided localities."""
    decisions = list(db.session.execute(
        select(VoidDecision.scope, VoidDecision.invitation_ids, Locality.code)
        .outerjoin(Locality, Locality.id == VoidDecision.locality_id)
        .where(VoidDecision.campaign_id == campaign_id, VoidDecision.status == VoidStatus.ACTIVE)))
    flagged = db.session.scalars(select(Invitation.id).where(Invitation.campaign_id == campaign_id,
                                                             Invitation.is_void.is_(True)))
    invitations = {int(i) for scope, ids, _ in decisions if scope == VoidScope.RESPONSES for i in ids or []}
    localities = {code for scope, _, code in decisions if scope == VoidScope.LOCALITY}
    return Voids(frozenset(invitations | set(flagged)), frozenset(localities))


def read_appraisal(campaign_id: int) -> dict[tuple[str, str], float]:
    """(unit code, criterion code) → appraised points."""
    rows = db.session.execute(select(Locality.code, AppraisalPoint.criterion_code, AppraisalPoint.points)
                              .join(Locality, Locality.id == AppraisalPoint.locality_id)
                              .where(AppraisalPoint.campaign_id == campaign_id))
    return {(code, criterion): points for code, criterion, points in rows}


def read_units(campaign_id: int, appraised: set[str]) -> tuple[Unit, ...]:
    """The evaluated units: every unit an invitation is about, and every unit given appraisal points."""
    asked = select(Invitation.evaluated_locality_id).where(Invitation.campaign_id == campaign_id)
    rows = db.session.scalars(select(Locality).where(Locality.id.in_(asked) | Locality.code.in_(appraised))
                              .order_by(Locality.code))
    return tuple(Unit(row.code, row.kind, row.name) for row in rows)
