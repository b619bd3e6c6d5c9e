"""Copied answer sheets with a few answers changed; and honest straight-liners, who match each other fully."""

from dataclasses import replace

import numpy as np

from survey_app.integrity.analysis import analyze
from tests.integrity.factory import honest, serious, sheet


def test_eight_copies_of_a_sheet_with_two_answers_changed_are_found_whatever_their_devices_and_times():
    records, rng = honest(400), np.random.default_rng(2)
    template = sheet(rng)
    for n in range(0, 80, 10):
        answers = dict(template)
        for key in rng.choice(sorted(answers), 2, replace=False):
            answers[key] = str(rng.integers(1, 5))
        records[n] = replace(records[n], answers=answers)
    [flag] = serious(analyze(records), "copied_sheets")
    assert flag["severity"] == "high" and set(flag["response_ids"]) == {f"01-{n}" for n in range(0, 80, 10)}
    assert flag["evidence"]["match_share"] > 0.8 > 0.4 > flag["evidence"]["expected_match_share"]
    assert flag["evidence"]["near_identical_pairs"] >= 20 and flag["evidence"]["expected_pairs"] < 0.01


def test_honest_straight_liners_are_at_most_low():
    records = honest(400)
    for n in range(0, 400, 25):
        records[n] = replace(records[n], answers={key: "3" for key in records[n].answers})
    result = analyze(records)
    assert serious(result) == []
    assert {flag["rule"] for flag in result["flags"]} <= {"straight_lining"}
