"""One person answering for colleagues on one device; and the colleague on a neighbour's computer."""

from dataclasses import replace
from datetime import timedelta

import numpy as np

from survey_app.integrity.analysis import analyze
from tests.integrity.factory import START, honest, record, serious, sheet


def test_one_device_sending_six_sheets_fast_and_alike_is_high():
    records = honest(300)
    rng, template = np.random.default_rng(5), sheet(np.random.default_rng(4), 1.5)
    for n in range(6):
        answers = {**template, f"q{n + 1}": str(rng.integers(1, 5))}
        records[n] = record(records[n].response_id, device="proxy", answers=answers, seconds=90,
                            at=START + timedelta(days=3, minutes=3 * n), ip="100.1.0.1")
    [flag] = serious(analyze(records), "shared_device")
    assert flag["severity"] == "high" and flag["cluster"] == "device:proxy"
    assert flag["response_ids"] == sorted((f"01-{n}" for n in range(6)), key=str)
    assert flag["evidence"]["people"] == 6 and flag["evidence"]["expected_people"] < 1.1
    assert flag["evidence"]["match_share"] > flag["evidence"]["expected_match_share"] + 0.5


def test_a_colleague_on_a_neighbours_computer_is_never_more_than_low():
    records = honest(300)
    for n in range(0, 40, 4):
        records[n + 1] = replace(records[n + 1], device=records[n].device, submitted_at=records[n].submitted_at
                                 + timedelta(minutes=10))
    result = analyze(records)
    assert serious(result) == []
    assert {flag["severity"] for flag in result["flags"] if flag["rule"] == "shared_device"} <= {"low"}
