"""Straight-lining and speeding are signals honest people also show: never more than low."""

from dataclasses import replace

from survey_app.integrity.analysis import analyze
from survey_app.integrity.detectors.habits import is_straight_lined
from tests.integrity.factory import honest


def test_a_locality_of_many_straight_liners_and_fast_readers_is_flagged_low_only():
    calm, busy = honest(300, locality="01"), honest(300, locality="02", seed=2)
    busy = [replace(r, answers={key: "4" for key in r.answers}, active_seconds=40.0) if n % 5 == 0 else r
            for n, r in enumerate(busy)]
    flags = analyze(calm + busy)["flags"]
    assert {(flag["rule"], flag["locality"], flag["severity"]) for flag in flags} == {
        ("straight_lining", "02", "low"), ("speeding", "02", "low")}


def test_a_sheet_with_few_answers_is_not_straight_lined():
    [record] = honest(1)
    assert not is_straight_lined(replace(record, answers={"q1": "4", "q2": "4", "q3": None}))
    assert is_straight_lined(replace(record, answers={f"q{n}": "4" for n in range(10)}))
