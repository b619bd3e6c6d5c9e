"""The de-duplication rule of DOMAIN.md §4, exhaustively."""

import random

from survey_app.respondents.dedup import deduplicate
from survey_app.respondents.validation import Candidate

from .conftest import GROUPS

MINISTRY_OF = {"LD_SO": "BYT", "LD_PHONG": "BYT"}


def cand(row: int, group: str, *, name: str = "Nguyễn Văn An", email: str = "nva@hanoi.gov.vn",
         organisation: str | None = None, ministry: str | None = None) -> Candidate:
    organisation = organisation or {"HDND": "HĐND tỉnh", "LD_SO": "Sở Y tế", "LD_PHONG": "Phòng Nghiệp vụ, Sở Y tế",
                                    "LD_XA": "UBND xã Tân Lập"}.get(group, "Vụ Pháp chế")
    return Candidate(row=row, full_name=name, position="Giám đốc", organisation=organisation, group=group,
                     email=email, phone="", managing_ministry=ministry or MINISTRY_OF.get(group), note="",
                     warnings=[])


def run(candidates, **options):
    return deduplicate(candidates, groups=GROUPS, **options)


def statuses(result) -> list[tuple[int, str, int | None]]:
    return [(d.row, d.status, d.duplicate_of_row) for d in result.decisions]


def test_distinct_people_are_all_active():
    result = run([cand(2, "HDND", email="a@x.gov.vn", name="A"), cand(3, "LD_SO", email="b@x.gov.vn", name="B")])
    assert statuses(result) == [(2, "active", None), (3, "active", None)]
    assert result.errors == result.warnings == result.duplicates == []
    assert result.ministry_only == {}


def test_hdnd_role_wins_over_department_leader():
    result = run([cand(2, "LD_SO"), cand(9, "HDND")])
    assert statuses(result) == [(2, "excluded", 9), (9, "active", None)]
    reason = result.decisions[0].excluded_reason
    assert "dòng 9" in reason and "Đại biểu HĐND" in reason and "BYT" in reason
    assert result.ministry_only == {9: ["BYT"]}
    [duplicate] = result.duplicates
    assert (duplicate.email, duplicate.kept_group, duplicate.dropped_groups) == ("nva@hanoi.gov.vn", "HDND", ["LD_SO"])
    assert duplicate.reason == reason
    assert result.errors == []


def test_hdnd_role_wins_over_division_leader_and_commune_leader():
    result = run([cand(2, "LD_PHONG"), cand(3, "LD_XA"), cand(4, "HDND")])
    assert statuses(result) == [(2, "excluded", 4), (3, "excluded", 4), (4, "active", None)]
    assert result.ministry_only == {4: ["BYT"]}
    assert result.duplicates[0].dropped_groups == ["LD_PHONG", "LD_XA"]


def test_dropped_commune_role_keeps_no_ministry_questionnaire():
    result = run([cand(2, "HDND"), cand(3, "LD_XA")])
    assert statuses(result) == [(2, "active", None), (3, "excluded", 2)]
    assert result.ministry_only == {}
    assert "bộ chủ quản" not in result.decisions[1].excluded_reason


def test_ministry_questionnaire_not_kept_when_the_campaign_setting_is_off():
    result = run([cand(2, "LD_SO"), cand(3, "HDND")], keep_ministry_questionnaire=False)
    assert statuses(result) == [(2, "excluded", 3), (3, "active", None)]
    assert result.ministry_only == {}
    assert "bộ chủ quản" not in result.decisions[0].excluded_reason


def test_two_dropped_roles_under_two_ministries_keep_both_questionnaires():
    result = run([cand(2, "LD_SO", ministry="BTP"), cand(3, "LD_PHONG", ministry="BYT"), cand(4, "HDND")])
    assert result.ministry_only == {4: ["BTP", "BYT"]}


def test_without_hdnd_the_group_of_best_priority_is_kept():
    result = run([cand(2, "LD_PHONG"), cand(3, "LD_SO")])
    assert statuses(result) == [(2, "excluded", 3), (3, "active", None)]
    assert "Lãnh đạo cấp sở" in result.decisions[0].excluded_reason
    assert result.duplicates[0].kept_group == "LD_SO"
    assert result.ministry_only == {}


def test_department_role_dropped_for_another_group_keeps_its_ministry_questionnaire():
    groups = [g if g.code != "LD_XA" else type(g)("LD_XA", g.name, g.level, 0, False) for g in GROUPS]
    result = deduplicate([cand(2, "LD_SO"), cand(3, "LD_XA")], groups=groups)
    assert statuses(result) == [(2, "excluded", 3), (3, "active", None)]
    assert result.ministry_only == {3: ["BYT"]}


def test_identical_repeated_rows_merge_with_a_note():
    result = run([cand(2, "LD_SO"), cand(5, "LD_SO"), cand(7, "LD_SO")])
    assert statuses(result) == [(2, "active", None), (5, "excluded", 2), (7, "excluded", 2)]
    assert "đã gộp" in result.decisions[1].excluded_reason
    assert [w.row for w in result.warnings] == [5, 7]
    assert result.duplicates == [] and result.errors == []


def test_identical_rows_match_regardless_of_case_and_diacritics_of_the_name():
    result = run([cand(2, "LD_SO", name="Nguyễn Văn An"), cand(3, "LD_SO", name="NGUYEN VAN AN")])
    assert statuses(result) == [(2, "active", None), (3, "excluded", 2)]


def test_same_person_same_group_two_units_keeps_the_first_with_a_warning():
    result = run([cand(2, "LD_SO", organisation="Sở Y tế"), cand(3, "LD_SO", organisation="Sở Tư pháp")])
    assert statuses(result) == [(2, "active", None), (3, "excluded", 2)]
    assert "Sở Tư pháp" in result.warnings[0].message


def test_one_mailbox_under_two_different_names_is_an_error_naming_both_rows():
    result = run([cand(4, "LD_SO", name="Nguyễn Văn An"), cand(11, "LD_PHONG", name="Trần Thị Bình")])
    [error] = result.errors
    assert error.row == 4 and error.column == "Email" and error.value == "nva@hanoi.gov.vn"
    assert "dòng 4 và dòng 11" in error.message
    assert "'Nguyễn Văn An'" in error.message and "'Trần Thị Bình'" in error.message
    assert statuses(result) == [(4, "active", None), (11, "active", None)]


def test_same_name_and_unit_under_two_mailboxes_is_a_warning():
    result = run([cand(2, "LD_SO", email="nva@hanoi.gov.vn"), cand(6, "LD_SO", email="nguyenvanan@hanoi.gov.vn")])
    assert result.errors == []
    [warning] = result.warnings
    assert warning.row == 2 and "2, 6" in warning.message
    assert statuses(result) == [(2, "active", None), (6, "active", None)]


def test_same_name_in_two_units_under_two_mailboxes_is_not_a_warning():
    result = run([cand(2, "LD_SO", email="a@x.gov.vn", organisation="Sở Y tế"),
                  cand(3, "LD_SO", email="b@x.gov.vn", organisation="Sở Tư pháp")])
    assert result.warnings == []


def test_email_key_ignores_case():
    result = run([cand(2, "LD_SO", email="NVA@hanoi.gov.vn"), cand(3, "HDND")])
    assert statuses(result) == [(2, "excluded", 3), (3, "active", None)]


def test_decisions_follow_input_order_and_ties_go_to_the_earlier_row():
    first = [cand(8, "HDND"), cand(3, "HDND", organisation="HĐND tỉnh")]
    assert statuses(run(first)) == [(8, "excluded", 3), (3, "active", None)]


def test_same_input_in_any_order_gives_the_same_decisions():
    people = []
    for n in range(40):
        email = f"p{n % 13}@x.gov.vn"
        group = ["HDND", "LD_SO", "LD_PHONG", "LD_XA"][n % 4]
        people.append(cand(n + 2, group, email=email, name=f"Người {n % 13}"))
    expected = {d.row: (d.status, d.duplicate_of_row, d.excluded_reason) for d in run(people).decisions}
    baseline = run(people)
    for seed in range(5):
        shuffled = people[:]
        random.Random(seed).shuffle(shuffled)
        result = run(shuffled)
        assert {d.row: (d.status, d.duplicate_of_row, d.excluded_reason) for d in result.decisions} == expected
        assert [c.row for c in shuffled] == [d.row for d in result.decisions]
        assert result.ministry_only == baseline.ministry_only
        assert [w.message for w in result.warnings] == [w.message for w in baseline.warnings]
        assert [d.email for d in result.duplicates] == [d.email for d in baseline.duplicates]
