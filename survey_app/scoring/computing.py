"""Compute and store a campaign's scores, and publish them: the rules MOHA's entry points call."""

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidState
from survey_app.core.perf import paused_gc
from survey_app.questionnaires.loader import load_index_model
from survey_app.reference.models import Locality
from survey_app.scoring.bootstrap import with_intervals
from survey_app.scoring.engine import CriterionResult, Results, UnitResult, compute
from survey_app.scoring.inputs import input_hash
from survey_app.scoring.models import ComputationStatus, ScoreComputation, UnitScore
from survey_app.scoring.reading import read_inputs


def compute_scores(campaign: Campaign, *, resamples: int, actor) -> ScoreComputation:
    """Read every input, score, bootstrap the intervals and store the run with its checksums and its author."""
    with paused_gc():  # hundreds of thousands of small objects: collections cost more than the scoring
        data = read_inputs(campaign)
        results = with_intervals(data, compute(data), resamples)
        computation = store_results(campaign, results, resamples, actor=actor)
    audit.record("scores.compute", computation, actor=actor, details={
        "campaign": campaign.code, "model_checksum": results.model_checksum, "input_hash": results.input_hash,
        "units": len(results.units), "resamples": resamples})
    return computation


def store_results(campaign: Campaign, results: Results, resamples: int, *, actor) -> ScoreComputation:
    """A new computation row with one row per unit (added and flushed)."""
    computation = ScoreComputation(
        campaign_id=campaign.id, model_checksum=results.model_checksum, input_hash=results.input_hash,
        model=load_index_model(campaign.model), resamples=resamples, computed_by_id=getattr(actor, "id", None),
        computed_by=getattr(actor, "email", str(actor)), status=ComputationStatus.DRAFT)
    ids = dict(db.session.execute(select(Locality.code, Locality.id)
                                  .where(Locality.code.in_([u.unit.code for u in results.units]))).all())
    computation.units = [_unit_row(u, ids[u.unit.code]) for u in results.units]
    db.session.add(computation)
    db.session.flush()
    return computation


def _unit_row(u: UnitResult, locality_id: int) -> UnitScore:
    low, high = u.index_interval or (None, None)
    rank_low, rank_high = u.rank_interval or (None, None)
    return UnitScore(
        locality_id=locality_id, level=u.unit.level, survey_points=u.survey_points, survey_max=u.survey_max,
        appraisal_points=u.appraisal_points, max_points=u.max_points, index=u.index, rank=u.rank,
        classes=dict(u.classes or {}), is_voided=u.is_voided, index_low=low, index_high=high,
        rank_low=rank_low, rank_high=rank_high, fields=dict(u.fields),
        criteria=[_criterion(c) for c in u.criteria], detail=_detail(u))


def _criterion(c: CriterionResult) -> dict:
    score = c.survey.score if c.survey else None
    return {"code": c.code, "field": c.field, "source": str(c.source), "points": c.points,
            "max_points": c.max_points, "n": c.n, "score": score, "is_missing": c.is_missing}


def _detail(u: UnitResult) -> dict:
    """What each survey criterion counted. The invitations are listed once per group, and per criterion only
    those of the group that it did not count: 60,000 responses would otherwise store 1.2 million ids a run."""
    surveyed = [c for c in u.criteria if c.survey]
    groups: dict[str, set[int]] = {}
    for c in surveyed:
        for g in c.survey.groups:
            groups.setdefault(g.group, set()).update(g.invitation_ids)
    criteria = {c.code: [{"group": g.group, "weight": g.weight, "mean": g.mean, "n": g.n,
                          "missing": sorted(groups[g.group].difference(g.invitation_ids))} for g in c.survey.groups]
                for c in surveyed}
    return {"groups": {g: sorted(ids) for g, ids in groups.items()}, "criteria": criteria}


def publish_scores(campaign: Campaign, *, actor) -> ScoreComputation:
    """Publish the latest computation, if its inputs are still current: locality officers then read their own."""
    latest = latest_computation(campaign.id)
    if latest is None:
        raise InvalidState("Chưa có kết quả tính điểm nào để công bố. Hãy bấm 'Tính điểm' trước.")
    with paused_gc():
        current = input_hash(read_inputs(campaign))
    if current != latest.input_hash:
        raise InvalidState("Dữ liệu đầu vào (câu trả lời, quyết định hủy hoặc điểm thẩm định) đã thay đổi sau lần "
                           "tính điểm gần nhất. Hãy tính điểm lại, xem lại kết quả rồi mới công bố.")
    if latest.status != ComputationStatus.PUBLISHED:
        latest.status, latest.published_at, latest.published_by_id = ComputationStatus.PUBLISHED, utcnow(), actor.id
        audit.record("scores.publish", latest, actor=actor, details={"campaign": campaign.code,
                                                                      "input_hash": latest.input_hash})
    db.session.flush()
    return latest


def latest_computation(campaign_id: int, *, published: bool = False) -> ScoreComputation | None:
    """The newest computation of a campaign (only published ones when asked)."""
    query = select(ScoreComputation).where(ScoreComputation.campaign_id == campaign_id)
    if published:
        query = query.where(ScoreComputation.status == ComputationStatus.PUBLISHED)
    return db.session.scalar(query.order_by(ScoreComputation.id.desc()).limit(1))
