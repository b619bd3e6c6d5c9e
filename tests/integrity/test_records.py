"""The JSON-lines file format of shared/API.md: reading, writing back, and clear errors for bad lines."""

import json
from datetime import UTC, datetime

import pytest

from survey_app.core.errors import InvalidInput
from survey_app.integrity.records import read_jsonl, to_json

LINE = {"response_id": 7, "locality": "01", "group": "HDND", "questionnaire": "TINH_HDND",
        "opened_at": "2025-11-20T09:00:00+07:00", "submitted_at": "2025-11-20T09:12:30+07:00",
        "active_seconds": 610, "ip": "203.0.113.45", "device": "d-1", "answers": {"q1": "4", "q2": None, "q3": "KB"}}


def test_a_line_becomes_a_record_with_its_ipv4_network():
    [record] = read_jsonl([json.dumps(LINE)])
    assert record.response_id == 7 and record.locality == "01" and record.questionnaire == "TINH_HDND"
    assert record.submitted_at == datetime(2025, 11, 20, 2, 12, 30, tzinfo=UTC)
    assert record.network == "203.0.113.0/24" and record.active_seconds == 610.0
    assert record.answers == {"q1": "4", "q2": None, "q3": "KB"}


def test_a_given_network_wins_and_opaque_addresses_have_none():
    [given, opaque] = read_jsonl([json.dumps({**LINE, "network": "n-9"}),
                                  json.dumps({**LINE, "response_id": "b", "ip": "a3f9c2"})])
    assert given.network == "n-9" and opaque.network is None


def test_numbers_in_answers_read_as_option_values():
    [record] = read_jsonl([json.dumps({**LINE, "answers": {"q1": 4, "q2": 3.0}})])
    assert record.answers == {"q1": "4", "q2": "3"}


def test_writing_back_reads_the_same_record():
    [record] = read_jsonl([json.dumps({**LINE, "network": "n-9"})])
    assert read_jsonl([json.dumps(to_json(record))]) == [record]


def test_bad_lines_are_all_named_with_their_field_and_value():
    lines = [json.dumps(LINE), "{not json", "", json.dumps({**LINE, "response_id": 8, "active_seconds": -3}),
             json.dumps({**LINE, "response_id": 7}), json.dumps({**LINE, "response_id": 9, "answers": None})]
    with pytest.raises(InvalidInput) as raised:
        read_jsonl(lines)
    problems = {(problem["line"], problem["field"]) for problem in raised.value.errors}
    assert problems == {(2, ""), (4, "active_seconds"), (5, "response_id"), (6, "answers")}
    assert "Dòng 4" in raised.value.errors[1]["message"] and "-3" in raised.value.errors[1]["message"]
