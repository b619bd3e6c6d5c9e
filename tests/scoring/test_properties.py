"""Properties of the rule over generated answers, and the bootstrap's repeatability."""


from hypothesis import given, settings
from hypothesis import strategies as st

from survey_app.scoring.bootstrap import with_intervals
from survey_app.scoring.engine import compute
from survey_app.scoring.inputs import Ballot
from tests.scoring.builders import ballot, scoring_input

SCORES = st.sampled_from([0.0, 0.25, 0.33, 0.5, 0.67, 0.75, 1.0])
GROUPS = st.sampled_from(["HDND", "LD_SO", "LD_XA"])
ANSWERS = st.lists(SCORES, max_size=3).map(tuple)
BALLOTS = st.lists(st.tuples(GROUPS, ANSWERS, ANSWERS), min_size=1, max_size=12).map(
    lambda rows: [ballot(i + 1, "01", g, TC1_2=a, TC2_2=b) for i, (g, a, b) in enumerate(rows)])


def _raise_one(ballots: list[Ballot], pick: int, new: float) -> list[Ballot] | None:
    answered = [(b, c, i) for b in ballots for c, s in sorted(b.scores.items()) for i in range(len(s))]
    if not answered:
        return None
    target, code, i = answered[pick % len(answered)]
    scores = list(target.scores[code])
    scores[i] = max(scores[i], new)
    raised = target._replace(scores={**target.scores, code: tuple(scores)})
    return [raised if b is target else b for b in ballots]


@settings(max_examples=300, deadline=None)
@given(BALLOTS, st.integers(min_value=0), SCORES)
def test_raising_one_answer_never_lowers_the_units_points(ballots, pick, new):
    raised = _raise_one(ballots, pick, new)
    if raised is None:
        return
    before = compute(scoring_input(ballots)).unit("01")
    after = compute(scoring_input(raised)).unit("01")
    assert after.survey_points >= before.survey_points
    assert all(a.points >= b.points for a, b in zip(after.criteria, before.criteria, strict=True))


@settings(max_examples=100, deadline=None)
@given(BALLOTS)
def test_points_stay_within_the_criteria_maxima(ballots):
    unit = compute(scoring_input(ballots)).unit("01")
    assert all(0.0 <= c.points <= c.max_points + 1e-12 for c in unit.criteria)


def _many_ballots() -> list[Ballot]:
    rows = []
    for i in range(60):
        unit = ("01", "79", "31")[i % 3]
        rows.append(ballot(i + 1, unit, ("HDND", "LD_SO", "LD_XA")[i % 4 % 3], TC1_2=((i % 5) / 4,),
                           TC2_2=((i * 7 % 5) / 4, 1.0)))
    return rows


def test_the_bootstrap_is_seeded_by_the_inputs_and_repeatable():
    data = scoring_input(_many_ballots())
    first = with_intervals(data, compute(data), 200)
    second = with_intervals(data, compute(data), 200)
    assert [u.index_interval for u in first.units] == [u.index_interval for u in second.units]
    for unit in first.units:
        low, high = unit.index_interval
        assert low <= high and 1 <= unit.rank_interval[0] <= unit.rank_interval[1]


def test_the_bootstrap_interval_surrounds_the_index_and_is_flat_without_answers():
    data = scoring_input(_many_ballots())
    results = with_intervals(data, compute(data), 400)
    for unit in results.units:
        low, high = unit.index_interval
        if unit.unit.level == "ministry":   # no answers: survey points 0 in every resample
            assert low == high == unit.index
        else:
            assert low - 1e-9 <= unit.index <= high + 1e-9
