"""What a void would do, before it is decided: every affected unit's points, index and rank before and after."""

from dataclasses import dataclass, replace

from survey_app.scoring.engine import Results, UnitResult, compute
from survey_app.scoring.inputs import ScoringInput, Voids


@dataclass(frozen=True)
class Change:
    code: str
    level: str
    name: str
    survey_points_before: float
    survey_points_after: float
    index_before: float
    index_after: float
    rank_before: int
    rank_after: int
    is_voided_after: bool


def preview_void(data: ScoringInput, hypothetical: Voids) -> tuple[Results, list[Change]]:
    """The results with the hypothetical void on top of the active ones, and the units it changes."""
    before = compute(data)
    after = compute(replace(data, voids=data.voids.union(hypothetical)))
    changes = [_change(b, after.unit(b.unit.code) or b) for b in before.units]
    return after, [c for c in changes if _moved(c)]


def _change(before: UnitResult, after: UnitResult) -> Change:
    return Change(before.unit.code, before.unit.level, before.unit.name, before.survey_points, after.survey_points,
                  before.index, after.index, before.rank, after.rank, after.is_voided)


def _moved(change: Change) -> bool:
    return (change.index_before != change.index_after or change.rank_before != change.rank_after
            or change.survey_points_before != change.survey_points_after)
