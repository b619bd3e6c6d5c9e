"""A "meeting" on one network; and an office behind one address, or the crowd before the deadline."""

from dataclasses import replace
from datetime import timedelta

import numpy as np

from survey_app.integrity.analysis import analyze
from tests.integrity.factory import START, honest, record, serious, sheet


def test_a_meeting_of_fifteen_phones_on_one_network_with_alike_favourable_answers_is_high():
    records, rng = honest(400), np.random.default_rng(9)
    for n in range(15):
        answers = {key: ("4" if rng.random() < 0.9 else "3") for key in sheet(rng)}
        records[n] = record(records[n].response_id, device=f"phone-{n}", ip=f"100.1.99.{n + 2}", answers=answers,
                            at=START + timedelta(days=10, minutes=float(rng.uniform(0, 40))))
    [flag] = serious(analyze(records), "network_burst")
    assert flag["severity"] == "high" and flag["evidence"]["devices"] == 15
    assert set(flag["response_ids"]) == {f"01-{n}" for n in range(15)}
    assert flag["evidence"]["in_window"] == 15 and flag["evidence"]["expected_in_window"] < 1


def test_an_office_behind_one_address_answering_at_different_times_is_not_flagged():
    records = [replace(r, ip="100.1.0.1", network="100.1.0.0/24") if n % 3 == 0 else r
               for n, r in enumerate(honest(300))]
    assert serious(analyze(records)) == []


def test_the_crowd_in_the_last_days_is_not_flagged():
    rng, records = np.random.default_rng(3), honest(400)
    last = START + timedelta(days=20)
    records = [replace(r, submitted_at=last + timedelta(hours=float(rng.uniform(0, 9)))) if n % 2 else r
               for n, r in enumerate(records)]
    assert serious(analyze(records)) == []


def test_an_office_meeting_with_varied_answers_stays_low():
    records, rng = honest(400), np.random.default_rng(9)
    for n in range(12):
        records[n] = replace(records[n], ip="100.1.98.1", network="100.1.98.0/24",
                             submitted_at=START + timedelta(days=5, minutes=float(rng.uniform(0, 40))))
    flags = [flag for flag in analyze(records)["flags"] if flag["rule"] == "network_burst"]
    assert flags and {flag["severity"] for flag in flags} == {"low"}
