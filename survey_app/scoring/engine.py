"""From plain inputs to every unit's points, index, rank and class (no database)."""

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from survey_app.scoring.inputs import ScoringInput, Unit, input_hash
from survey_app.scoring.model import Criterion, IndexModel, Level, Source
from survey_app.scoring.points import SurveyScore, pool_ballots, unit_survey_scores, voided_scores
from survey_app.scoring.ranking import classify, index_of, ranks


@dataclass(frozen=True)
class CriterionResult:
    code: str
    field: str
    source: Source
    max_points: float
    points: float
    #: The survey detail (survey criteria only).
    survey: SurveyScore | None
    #: An appraisal criterion for which no points were imported.
    is_missing: bool = False

    @property
    def n(self) -> int:
        """Valid survey answers counted (0 for an appraisal criterion)."""
        return self.survey.n if self.survey else 0


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    is_voided: bool
    criteria: tuple[CriterionResult, ...]
    #: Field code → points (appraisal and survey).
    fields: Mapping[str, float]
    survey_points: float
    survey_max: float
    appraisal_points: float
    max_points: float
    index: float
    rank: int = 0
    #: Scheme name → class code.
    classes: Mapping[str, str] | None = None
    index_interval: tuple[float, float] | None = None
    rank_interval: tuple[int, int] | None = None


@dataclass(frozen=True)
class Results:
    model_checksum: str
    input_hash: str
    units: tuple[UnitResult, ...]

    def unit(self, code: str) -> UnitResult | None:
        return next((u for u in self.units if u.unit.code == code), None)


def compute(data: ScoringInput) -> Results:
    """Score every unit, then rank and classify within each level."""
    pool = pool_ballots(b for b in data.ballots if not data.voids.excludes(b))
    scored = []
    for unit in data.units:
        level = data.model.levels[unit.level]
        voided = unit.code in data.voids.localities
        survey = voided_scores(level) if voided else unit_survey_scores(pool, unit.code, level)
        scored.append(_unit_result(unit, level, voided, survey, data.appraisal))
    units = rank_units(data.model, scored)
    return Results(data.model.checksum, input_hash(data), tuple(units))


def _unit_result(unit: Unit, level: Level, voided: bool, survey: Mapping[str, SurveyScore],
                 appraisal: Mapping[tuple[str, str], float]) -> UnitResult:
    criteria = tuple(_criterion_result(c, survey.get(c.code), appraisal.get((unit.code, c.code)))
                     for c in level.criteria())
    fields = {f.code: math.fsum(r.points for r in criteria if r.field == f.code) for f in level.fields}
    survey_points = math.fsum(r.points for r in criteria if r.source is Source.SURVEY)
    appraisal_points = math.fsum(r.points for r in criteria if r.source is Source.APPRAISAL)
    total = math.fsum(r.points for r in criteria)
    return UnitResult(unit, voided, criteria, fields, survey_points, level.survey_points, appraisal_points,
                      level.max_points, index_of(total, level.max_points))


def _criterion_result(c: Criterion, survey: SurveyScore | None, appraised: float | None) -> CriterionResult:
    if c.source is Source.SURVEY:
        points = survey.points if survey else 0.0
        return CriterionResult(c.code, c.field, c.source, c.max_points, points, survey)
    return CriterionResult(c.code, c.field, c.source, c.max_points, appraised or 0.0, None, appraised is None)


def rank_units(model: IndexModel, units: list[UnitResult]) -> list[UnitResult]:
    """Rank within each level on unrounded indexes and classify by every scheme of the model."""
    out = []
    for level_code, level in model.levels.items():
        members = [u for u in units if u.unit.level == level_code]
        placed = ranks({u.unit.code: u.index for u in members})
        for u in members:
            shares = [u.fields[f.code] / f.max_points * 100 for f in level.fields]
            classes = {name: classify(grades, u.index, shares) for name, grades in model.schemes.items()}
            out.append(replace(u, rank=placed[u.unit.code], classes=classes))
    return sorted(out, key=lambda u: (u.unit.level != "province", u.rank, u.unit.code))
