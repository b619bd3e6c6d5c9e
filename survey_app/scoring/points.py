"""Survey points (DOMAIN.md §7): per group the mean of valid answers, combined by the model's weights.

For unit U, criterion C and group G, m(G) is the mean score of all valid answers to C's questions over G's
counted ballots about U; score = Σ w(G)·m(G) / Σ w(G) over the groups with at least one valid answer;
points = score × max(C). No valid answer at all: no points, and the criterion is marked. Sums use math.fsum
(exactly rounded), so the result does not depend on the order the answers were read in.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from survey_app.scoring.inputs import Ballot
from survey_app.scoring.model import Criterion, Level


@dataclass(frozen=True)
class GroupMean:
    group: str
    #: The model's weight for this group (before dividing by the weights of the groups that answered).
    weight: float
    mean: float
    #: Valid answers counted.
    n: int
    #: The invitations whose answers were counted.
    invitation_ids: tuple[int, ...]


@dataclass(frozen=True)
class SurveyScore:
    criterion: str
    #: In [0, 1]; None when no group gave a valid answer.
    score: float | None
    points: float
    groups: tuple[GroupMean, ...]

    @property
    def n(self) -> int:
        """Valid answers counted over every group."""
        return sum(g.n for g in self.groups)

    @property
    def has_answers(self) -> bool:
        return self.score is not None


class _Pool:
    """Valid answer scores and the invitations they came from, per (unit, group) and criterion.

    Nested by (unit, group) first: one tuple key per ballot instead of one per criterion halved the pooling
    of 60,000 ballots."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, str], dict[str, tuple[list[float], list[int]]]] = {}

    def add(self, ballot: Ballot) -> None:
        by_criterion = self.cells.setdefault((ballot.unit, ballot.group), {})
        for criterion, scores in ballot.scores.items():
            if scores:
                cell = by_criterion.get(criterion)
                if cell is None:
                    by_criterion[criterion] = (list(scores), [ballot.invitation_id])
                else:
                    cell[0].extend(scores)
                    cell[1].append(ballot.invitation_id)

    def group_mean(self, unit: str, criterion: str, group: str, weight: float) -> GroupMean | None:
        cell = self.cells.get((unit, group), {}).get(criterion)
        if cell is None:
            return None
        scores, ids = cell
        return GroupMean(group, weight, math.fsum(scores) / len(scores), len(scores), tuple(sorted(ids)))


def pool_ballots(ballots: Iterable[Ballot]) -> _Pool:
    """Gather the counted ballots' scores (the caller has left out void ones)."""
    pool = _Pool()
    for ballot in ballots:
        pool.add(ballot)
    return pool


def criterion_score(pool: _Pool, unit: str, criterion: Criterion) -> SurveyScore:
    """One unit's score and points for one survey criterion, by the rule above."""
    groups = [pool.group_mean(unit, criterion.code, g, w) for g, w in criterion.weights.items()]
    answered = tuple(g for g in groups if g is not None)
    if not answered:
        return SurveyScore(criterion.code, None, 0.0, ())
    score = combine(answered)
    return SurveyScore(criterion.code, score, score * criterion.max_points, answered)


def combine(groups: Iterable[GroupMean]) -> float:
    """Σ w·m / Σ w over the groups given (those with at least one valid answer)."""
    groups = list(groups)
    return math.fsum(g.weight * g.mean for g in groups) / math.fsum(g.weight for g in groups)


def unit_survey_scores(pool: _Pool, unit: str, level: Level) -> Mapping[str, SurveyScore]:
    """Every survey criterion of the unit's level, by code."""
    return {c.code: criterion_score(pool, unit, c) for c in level.survey_criteria()}


def voided_scores(level: Level) -> Mapping[str, SurveyScore]:
    """A voided unit: zero survey points on every survey criterion, nothing counted."""
    return {c.code: SurveyScore(c.code, None, 0.0, ()) for c in level.survey_criteria()}
