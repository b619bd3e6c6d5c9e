"""Uncertainty: a bootstrap over respondents gives each unit a 90 % interval for its index and its rank.

Each resample redraws, with replacement, the counted ballots of every (unit, group) (a ballot is one
respondent's answers about that unit), applies the survey rule to the redrawn answers, adds the unit's
appraisal points (fixed) and ranks the level again. The generator is seeded from the input hash, so the
same inputs always give the same intervals. A voided unit's survey points are 0 in every resample.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from survey_app.scoring.engine import Results, UnitResult
from survey_app.scoring.inputs import Ballot, ScoringInput
from survey_app.scoring.model import Criterion, Level

Matrix = npt.NDArray[np.float64]
#: (unit, group) → per ballot and survey criterion: the sum of valid scores and their count.
Strata = dict[tuple[str, str], tuple[Matrix, Matrix]]
LOW, HIGH = 5, 95


def with_intervals(data: ScoringInput, results: Results, resamples: int) -> Results:
    """The results with index_interval and rank_interval on every unit (unchanged when resamples is 0)."""
    if resamples <= 0:
        return results
    rng = np.random.default_rng(int(results.input_hash[:16], 16))
    units = []
    for code, level in data.model.levels.items():
        members = [u for u in results.units if u.unit.level == code]
        units += _level_intervals(rng, data, level, members, resamples)
    order = {u.unit.code: i for i, u in enumerate(results.units)}
    return replace(results, units=tuple(sorted(units, key=lambda u: order[u.unit.code])))


def _level_intervals(rng: np.random.Generator, data: ScoringInput, level: Level, members: list[UnitResult],
                     resamples: int) -> list[UnitResult]:
    strata = build_strata(data, level, {u.unit.code for u in members})
    draws = np.empty((resamples, len(members)))
    for j, u in enumerate(members):
        survey = np.zeros(resamples) if u.is_voided else _survey_draws(rng, strata, u.unit.code, level, resamples)
        draws[:, j] = (u.appraisal_points + survey) / u.max_points * 100
    placed = 1 + (draws[:, None, :] > draws[:, :, None]).sum(axis=2)
    return [replace(u, index_interval=_spread(draws[:, j]), rank_interval=_rank_spread(placed[:, j]))
            for j, u in enumerate(members)]


def build_strata(data: ScoringInput, level: Level, units: set[str]) -> Strata:
    """Each (unit, group)'s counted ballots as rows of sums and counts over the level's survey criteria."""
    criteria = level.survey_criteria()
    rows: dict[tuple[str, str], list[Ballot]] = defaultdict(list)
    for ballot in sorted(data.ballots, key=lambda b: b.invitation_id):
        if ballot.unit in units and not data.voids.excludes(ballot):
            rows[(ballot.unit, ballot.group)].append(ballot)
    return {key: _matrices(ballots, criteria) for key, ballots in sorted(rows.items())}


def _matrices(ballots: list[Ballot], criteria: Sequence[Criterion]) -> tuple[Matrix, Matrix]:
    sums = np.array([[sum(b.scores.get(c.code, ())) for c in criteria] for b in ballots], dtype=np.float64)
    counts = np.array([[len(b.scores.get(c.code, ())) for c in criteria] for b in ballots], dtype=np.float64)
    return sums.reshape(len(ballots), len(criteria)), counts.reshape(len(ballots), len(criteria))


def _survey_draws(rng: np.random.Generator, strata: Strata, unit: str, level: Level, resamples: int) -> Matrix:
    criteria = level.survey_criteria()
    numerator = np.zeros((resamples, len(criteria)))
    denominator = np.zeros((resamples, len(criteria)))
    for group in level.groups:
        if (unit, group) not in strata:
            continue
        sums, counts = strata[(unit, group)]
        n = sums.shape[0]
        picks = rng.multinomial(n, np.full(n, 1 / n), size=resamples).astype(np.float64)
        drawn_sums, drawn_counts = picks @ sums, picks @ counts
        answered = drawn_counts > 0
        weights = np.array([c.weights.get(group, 0.0) for c in criteria]) * answered
        means = np.divide(drawn_sums, drawn_counts, out=np.zeros_like(drawn_sums), where=answered)
        numerator += weights * means
        denominator += weights
    scores = np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)
    result: Matrix = scores @ np.array([c.max_points for c in criteria])
    return result


def _spread(values: Matrix) -> tuple[float, float]:
    low, high = np.percentile(values, [LOW, HIGH])
    return float(low), float(high)


def _rank_spread(values: npt.NDArray[np.int64]) -> tuple[int, int]:
    return int(np.percentile(values, LOW, method="lower")), int(np.percentile(values, HIGH, method="higher"))
