"""The survey rule of DOMAIN.md §7 on cases computed by hand, voids, index, ties and classes."""

import pytest

from survey_app.scoring.engine import compute
from survey_app.scoring.inputs import Voids
from survey_app.scoring.ranking import ranks
from tests.scoring.builders import ballot, scoring_input

APPRAISAL = {("01", "TC1.1"): 5.0, ("01", "TC2.1"): 3.5, ("79", "TC1.1"): 6.0, ("79", "TC2.1"): 4.0,
             ("31", "TC1.1"): 6.0, ("31", "TC2.1"): 4.0, ("BTP", "TC1.1"): 4.0}
HANOI = [
    ballot(1, "01", "HDND", TC1_2=(1.0, 0.5), TC2_2=(1.0,)),
    ballot(2, "01", "HDND", TC1_2=(0.0,), TC2_2=()),          # "don't know" on TC2.2
    ballot(3, "01", "LD_SO", TC1_2=(0.75,), TC2_2=(0.5, 0.5)),
    ballot(4, "01", "LD_XA", TC2_2=()),                        # a group that answered only "don't know"
]
MINISTRY = [ballot(5, "BTP", "LD_SO", issuer="01", TC1_2=(1.0,)), ballot(6, "BTP", "LD_VU", TC1_2=(0.5,))]


def _unit(results, code):
    return results.unit(code)


def _criterion(unit, code):
    return next(c for c in unit.criteria if c.code == code)


def test_group_means_weighted_over_the_groups_that_answered():
    hanoi = _unit(compute(scoring_input(HANOI, appraisal=APPRAISAL)), "01")
    tc12, tc22 = _criterion(hanoi, "TC1.2"), _criterion(hanoi, "TC2.2")
    # TC1.2: HĐND mean (1 + 0.5 + 0) / 3 = 0.5 (n 3), sở 0.75 (n 1): 0.4·0.5 + 0.6·0.75 = 0.65 → 0.65 × 4
    assert [(g.group, g.mean, g.n, g.invitation_ids) for g in tc12.survey.groups] == [
        ("HDND", 0.5, 3, (1, 2)), ("LD_SO", 0.75, 1, (3,))]
    assert tc12.points == pytest.approx(2.6, abs=1e-12)
    # TC2.2: xã gave only "don't know" → left out; (0.5·1 + 0.3·0.5) / 0.8 = 0.8125 → × 6
    assert [g.group for g in tc22.survey.groups] == ["HDND", "LD_SO"]
    assert tc22.points == pytest.approx(4.875, abs=1e-12) and tc22.n == 3
    assert hanoi.survey_points == pytest.approx(7.475, abs=1e-12)


def test_index_is_all_points_over_the_maximum_with_fields_and_both_classes():
    hanoi = _unit(compute(scoring_input(HANOI, appraisal=APPRAISAL)), "01")
    assert hanoi.appraisal_points == 8.5
    assert hanoi.index == pytest.approx(79.875, abs=1e-12)
    assert hanoi.fields == pytest.approx({"LV1": 7.6, "LV2": 8.375})
    # below 80 → national C; local: ≥ 65 with every field ≥ 50 % → HOAN_THANH
    assert hanoi.classes == {"national": "C", "local": "HOAN_THANH"}


def test_a_criterion_with_no_valid_answer_gets_no_points_and_is_marked():
    hcm = _unit(compute(scoring_input(HANOI, appraisal=APPRAISAL)), "79")
    tc12 = _criterion(hcm, "TC1.2")
    assert tc12.points == 0.0 and tc12.survey.score is None and not tc12.survey.has_answers and tc12.n == 0
    assert hcm.survey_points == 0.0 and hcm.index == 50.0 and not hcm.is_voided


def test_a_void_response_counts_nowhere():
    hanoi = _unit(compute(scoring_input(HANOI, voids=Voids(invitations=frozenset({3})), appraisal=APPRAISAL)), "01")
    assert _criterion(hanoi, "TC1.2").points == pytest.approx(2.0, abs=1e-12)   # HĐND alone: 0.5 × 4
    assert _criterion(hanoi, "TC2.2").points == pytest.approx(6.0, abs=1e-12)   # HĐND alone: 1.0 × 6
    assert all(3 not in g.invitation_ids for c in hanoi.criteria if c.survey for g in c.survey.groups)


def test_a_voided_locality_scores_zero_and_its_leaders_answers_leave_the_ministry():
    before = compute(scoring_input(HANOI + MINISTRY, appraisal=APPRAISAL))
    assert _unit(before, "BTP").survey_points == pytest.approx(0.75 * 5, abs=1e-12)
    after = compute(scoring_input(HANOI + MINISTRY, voids=Voids(localities=frozenset({"01"})), appraisal=APPRAISAL))
    hanoi, ministry = _unit(after, "01"), _unit(after, "BTP")
    assert hanoi.is_voided and hanoi.survey_points == 0.0 and hanoi.index == pytest.approx(42.5)
    assert ministry.survey_points == pytest.approx(0.5 * 5, abs=1e-12)   # the ministry's own leaders only
    assert _criterion(ministry, "TC1.2").survey.groups[0].invitation_ids == (6,)


def test_revoking_restores_everything():
    plain = compute(scoring_input(HANOI + MINISTRY, appraisal=APPRAISAL))
    again = compute(scoring_input(HANOI + MINISTRY, voids=Voids(), appraisal=APPRAISAL))
    assert plain == again


def test_ties_share_a_rank_on_unrounded_values():
    assert ranks({"a": 90.0, "b": 80.0, "c": 80.0, "d": 70.0}) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert ranks({"a": 80.000001, "b": 80.0}) == {"a": 1, "b": 2}


def test_units_are_ranked_within_their_level():
    results = compute(scoring_input(HANOI + MINISTRY, appraisal=APPRAISAL))
    assert [(u.unit.code, u.rank) for u in results.units] == [("01", 1), ("31", 2), ("79", 2), ("BTP", 1)]


def test_missing_appraisal_points_count_zero_and_are_marked():
    results = compute(scoring_input(HANOI, appraisal={}))
    tc11 = _criterion(_unit(results, "01"), "TC1.1")
    assert tc11.points == 0.0 and tc11.is_missing


def test_field_floors_lower_the_local_class():
    # 90 % overall but LV2 at 75 % of its maximum: not "xuất sắc" (every field ≥ 80), "tốt" (≥ 70)
    appraisal = {("31", "TC1.1"): 6.0, ("31", "TC2.1"): 1.5}
    ballots = [ballot(9, "31", "HDND", TC1_2=(1.0,), TC2_2=(1.0,)), ballot(10, "31", "LD_SO", TC1_2=(1.0,),
                                                                           TC2_2=(1.0,))]
    unit = _unit(compute(scoring_input(ballots, appraisal=appraisal)), "31")
    assert unit.index == pytest.approx(87.5) and unit.fields["LV2"] == 7.5
    assert unit.classes == {"national": "B", "local": "TOT"}


def test_same_inputs_give_the_same_hash_and_a_changed_input_another():
    first = compute(scoring_input(HANOI, appraisal=APPRAISAL))
    assert compute(scoring_input(list(reversed(HANOI)), appraisal=APPRAISAL)).input_hash == first.input_hash
    voided = compute(scoring_input(HANOI, voids=Voids(invitations=frozenset({2})), appraisal=APPRAISAL))
    assert voided.input_hash != first.input_hash
    changed = compute(scoring_input(HANOI, appraisal={**APPRAISAL, ("01", "TC1.1"): 5.5}))
    assert changed.input_hash != first.input_hash
