"""The index model file: points add up and survey weights are a proper split over the level's groups."""

import textwrap

import pytest

from survey_app.questionnaires.loader import DefinitionError, load_index_model, parse_index, survey_criteria

SMALL = textwrap.dedent(
    """\
    model: thu
    levels:
      province:
        name: Cấp tỉnh
        max_points: 10
        survey_points: 4
        groups: {HDND: Đại biểu HĐND, LD_SO: Lãnh đạo sở}
        fields:
          - code: LV1
            name: Chỉ đạo
            max_points: 10
            criteria:
              - {code: TC1.1, name: Kế hoạch, max_points: 6}
              - {code: TC1.2, name: Quan tâm, max_points: 4, source: survey, weights: {HDND: 0.4, LD_SO: 0.6}}
      ministry:
        name: Cấp bộ
        max_points: 5
        survey_points: 0
        groups: {LD_VU: Lãnh đạo vụ}
        fields:
          - {code: LV1, name: Chỉ đạo, max_points: 5, criteria: [{code: TC1.1, name: Kế hoạch, max_points: 5}]}
    classes:
      national:
        - {code: A, name: Nhóm A, min_index: 90}
        - {code: B, name: Nhóm B, min_index: 80}
    """
)


def _paths(text: str) -> set[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_index(text, "index/thu.yaml")
    return {error.path for error in caught.value.errors}


def test_small_model_is_valid_and_lists_its_survey_criteria():
    assert survey_criteria(parse_index(SMALL, "index/thu.yaml"), "province") == {"TC1.2"}


def test_weights_not_summing_to_one_are_rejected():
    text = SMALL.replace("LD_SO: 0.6", "LD_SO: 0.5")
    assert _paths(text) == {"levels.province.fields[0].criteria[1].weights"}


def test_weight_for_a_group_outside_the_level_is_rejected():
    text = SMALL.replace("{HDND: 0.4, LD_SO: 0.6}", "{HDND: 0.4, LD_VU: 0.6}")
    assert _paths(text) == {"levels.province.fields[0].criteria[1].weights.LD_VU"}


def test_points_that_do_not_add_up_are_rejected_at_field_and_level():
    text = SMALL.replace("max_points: 6}", "max_points: 5}")
    assert _paths(text) == {"levels.province.fields[0].max_points", "levels.province.max_points"}


def test_survey_total_must_match_the_survey_criteria():
    assert _paths(SMALL.replace("survey_points: 4", "survey_points: 5")) == {"levels.province.survey_points"}


def test_non_positive_max_points_and_weights_on_appraisal_criteria_are_rejected():
    text = SMALL.replace("name: Kế hoạch, max_points: 6}", "name: Kế hoạch, max_points: 0, weights: {HDND: 1}}")
    paths = _paths(text)
    assert "levels.province.fields[0].criteria[0].max_points" in paths
    assert "levels.province.fields[0].criteria[0].weights" in paths


def test_class_thresholds_must_descend():
    assert _paths(SMALL.replace("min_index: 80", "min_index: 95")) == {"classes.national[1].min_index"}


@pytest.mark.parametrize("model", ["par-2024", "par-2025"])
def test_shipped_model_survey_weights_sum_to_one_per_criterion(model):
    index = load_index_model(model)
    for level in index["levels"].values():
        survey = [c for f in level["fields"] for c in f["criteria"] if c.get("source") == "survey"]
        assert sum(c["max_points"] for c in survey) == pytest.approx(level["survey_points"])
        for criterion in survey:
            assert sum(criterion["weights"].values()) == pytest.approx(1), criterion["code"]


@pytest.mark.parametrize("model", ["par-2024", "par-2025"])
def test_shipped_model_has_national_and_local_classes(model):
    classes = load_index_model(model)["classes"]
    assert [c["min_index"] for c in classes["national"]][:2] == [90, 80]
    assert [(c["min_index"], c.get("min_field")) for c in classes["local"]] == [(90, 80), (80, 70), (65, 50), (0, None)]


def test_a_survey_criterion_no_questionnaire_of_its_level_asks_is_named(tmp_path, monkeypatch):
    import shutil

    from survey_app.questionnaires import loader
    (tmp_path / "index").mkdir()
    shutil.copy(loader.CONFIG_DIR / "index" / "par-2025.yaml", tmp_path / "index" / "par-2025.yaml")
    shutil.copytree(loader.CONFIG_DIR / "questionnaires" / "par-2025", tmp_path / "questionnaires" / "par-2025")
    for path in (tmp_path / "questionnaires" / "par-2025").glob("TINH_*.yaml"):  # TC1.8's questions go to TC1.7
        path.write_text(path.read_text(encoding="utf-8").replace("TC1.8", "TC1.7"), encoding="utf-8")
    monkeypatch.setattr(loader, "CONFIG_DIR", tmp_path)
    with pytest.raises(DefinitionError) as caught:
        loader.load_model_questionnaires("par-2025")
    [error] = caught.value.errors
    assert (error.file, error.path) == ("index/par-2025.yaml", "levels.province.fields[0].criteria[7]")
    assert "TC1.8" in error.message and "TINH_HDND, TINH_LD_PHONG, TINH_LD_SO, TINH_LD_XA" in error.message


def test_shipped_models_ask_every_survey_criterion():
    from survey_app.questionnaires.coverage import uncovered_criteria
    from survey_app.questionnaires.loader import load_model_questionnaires
    for model in ("par-2024", "par-2025"):
        assert uncovered_criteria(load_index_model(model), load_model_questionnaires(model).values()) == []
