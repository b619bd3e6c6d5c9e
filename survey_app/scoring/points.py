"""Survey points (DOMAIN.md §7): per group the mean of valid answers, combined by the model's weights.

For unit U, criterion C and group G, m(G) is the mean score of all valid answers to C's questions over G's
counted ballots about U; score = Σ w(G)·m(G) / Σ w(G) over the groups with at least one valid answer;
points = score × max(C). No valid answer at all: no points, and the criterion is marked. Sums use math.fsum
(exactly rounded), so the result does not depend on the order the answers were read in.
"""

import math
from collections import defaultdict
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


Key = tuple[str, str, str]


class _Pool:
    """Valid answer scores and the invitations they came from, per (unit, criterion, group)."""

    def __init__(self) -> None:
        self.scores: dict[Key, list[float]] = defaultdict(list)
        self.ids: dict[Key, list[int]] = defaultdict(list)

    def add(self, ballot: Ballot) -> None:
        for criterion, scores in ballot.scores.items():
            if scores:
                key = (ballot.unit, criterion, ballot.group)
                self.scores[key].extend(scores)
                self.ids[key].append(ballot.invitation_id)

    def group_mean(self, key: Key, weight: float) -> GroupMean | None:
        scores = self.scores.get(key)
        if not scores:
            return None
        return GroupMean(key[2], weight, math.fsum(scores) / len(scores), len(scores), tuple(sorted(self.ids[key])))


def pool_ballots(ballots: Iterable[Ballot]) -> _Pool:
    """Gather the counted ballots' scores (the caller has left out void ones)."""
    pool = _Pool()
    for ballot in ballots:
        pool.add(ballot)
    return pool


def criterion_score(pool: _Pool, unit: str, criterion: Criterion) -> SurveyScore:
    """One unit's score and points for one survey criterion, by the rule above."""
    groups = [pool.group_mean((unit, criterion.code, g), w) for g, w in criterion.weights.items()]
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
