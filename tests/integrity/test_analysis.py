"""The engine: the same records give the same output; an honest campaign has no serious flag and low risks."""

import json
from dataclasses import replace

from survey_app.integrity.analysis import analyze
from survey_app.integrity.stats import benjamini_hochberg, fisher_combined
from tests.integrity.factory import honest, serious


def test_the_same_records_give_the_same_output_byte_for_byte():
    records = honest(200) + honest(200, locality="02", seed=7)
    assert json.dumps(analyze(records)) == json.dumps(analyze(list(records)))


def test_an_honest_campaign_has_no_serious_flag_and_a_risk_per_locality():
    result = analyze(honest(300) + honest(300, locality="02", seed=3))
    assert serious(result) == []
    assert [row["code"] for row in result["localities"]] == ["01", "02"]
    assert all(0 <= row["risk"] < 0.5 for row in result["localities"])


def test_benjamini_hochberg_counts_the_tests_that_found_nothing():
    assert benjamini_hochberg([0.001, 0.04], 2) == [0.002, 0.04]
    assert benjamini_hochberg([0.001], 100) == [0.1]


def test_fisher_combines_independent_p_values():
    assert abs(fisher_combined([0.5]) - 0.5) < 1e-12
    assert fisher_combined([0.01, 0.01]) < 0.01


def test_sheets_without_answers_times_devices_or_addresses_are_analysed_without_error():
    bare = [replace(r, answers={}, submitted_at=None, opened_at=None, device=None, ip=None, network=None,
                    active_seconds=None) for r in honest(5)]
    one = honest(1, locality="02")
    result = analyze(bare + one)
    assert result["flags"] == [] and [row["risk"] for row in result["localities"]] == [0.0, 0.0]
