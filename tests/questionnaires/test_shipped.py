"""The shipped example questionnaires and index models load, fit each other and fit the campaign models."""

from pathlib import Path

import pytest
import yaml

from survey_app.questionnaires.loader import (
    CONFIG_DIR,
    LEVEL_OF_ABOUT,
    load_file,
    load_index_model,
    load_model_questionnaires,
    survey_criteria,
)

MODELS = ("par-2024", "par-2025")
FILES = sorted((CONFIG_DIR / "questionnaires").glob("par-*/*.yaml"))


def _campaign(model: str) -> dict:
    return yaml.safe_load((CONFIG_DIR / "campaigns" / f"{model}.yaml").read_text(encoding="utf-8"))


def _weights(index: dict, level: str) -> dict[str, dict[str, float]]:
    return {
        c["code"]: c["weights"]
        for f in index["levels"][level]["fields"]
        for c in f["criteria"]
        if c.get("source") == "survey"
    }


def test_every_model_ships_nine_questionnaires():
    assert {path.parent.name for path in FILES} == set(MODELS)
    for model in MODELS:
        assert len(load_model_questionnaires(model)) == 9


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_file_loads_with_20_to_40_questions_and_says_it_is_an_example(path: Path):
    q = load_file(path)
    assert q.code == path.stem
    assert 20 <= len(q.questions()) <= 40
    assert q.is_example and q.title.startswith("[MẪU MINH HỌA]")
    assert q.intro and q.privacy_notice


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_question_has_one_dont_know_option_and_scored_options(path: Path):
    for question in load_file(path).questions():
        unscored = [o for o in question.options if o.score is None]
        assert [o.label for o in unscored] == ["Không biết / Không đánh giá"], question.code
        assert len(question.options) in (5, 6), question.code


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_criterion_referenced_is_a_survey_criterion_of_the_right_level(path: Path):
    q = load_file(path)
    index = load_index_model(path.parent.name)
    assert q.criteria() <= survey_criteria(index, LEVEL_OF_ABOUT[q.about])


@pytest.mark.parametrize("model", MODELS)
def test_index_model_levels_total_100_and_ministry_survey_is_31_5(model: str):
    index = load_index_model(model)
    for level in index["levels"].values():
        assert sum(f["max_points"] for f in level["fields"]) == pytest.approx(100)
    assert index["levels"]["ministry"]["survey_points"] == pytest.approx(31.5)
    assert len(index["levels"]["ministry"]["fields"]) == 7
    assert len(index["levels"]["province"]["fields"]) == 8


@pytest.mark.parametrize("model", MODELS)
def test_campaign_model_questionnaires_exist_with_the_same_about(model: str):
    questionnaires = load_model_questionnaires(model)
    for group in _campaign(model)["groups"]:
        for ref in group["questionnaires"]:
            assert questionnaires[ref["code"]].about == ref["about"], ref["code"]


@pytest.mark.parametrize("model", MODELS)
def test_each_group_is_asked_exactly_the_criteria_it_is_weighted_on(model: str):
    """A weight without a question would score nothing; a question without a weight would be wasted."""
    index = load_index_model(model)
    questionnaires = load_model_questionnaires(model)
    for group in _campaign(model)["groups"]:
        for ref in group["questionnaires"]:
            level = LEVEL_OF_ABOUT[ref["about"]]
            weighted = {code for code, w in _weights(index, level).items() if group["code"] in w}
            assert questionnaires[ref["code"]].criteria() == weighted, (group["code"], ref["code"])


@pytest.mark.parametrize("model", MODELS)
def test_index_groups_are_the_campaign_groups(model: str):
    campaign_groups = {g["code"] for g in _campaign(model)["groups"]}
    index = load_index_model(model)
    for level in index["levels"].values():
        assert set(level["groups"]) <= campaign_groups


@pytest.mark.parametrize("model", MODELS)
def test_province_forms_differ_by_group(model: str):
    forms = [q for q in load_model_questionnaires(model).values() if q.about == "own_locality"]
    codes = [frozenset(q.question_map()) for q in forms]
    assert len(forms) == 4 and len(set(codes)) == 4
    for q, own in zip(forms, codes, strict=True):
        others = set().union(*(c for c in codes if c is not own))
        assert own - others, f"{q.code} has no question of its own"


def test_district_leaders_in_2024_and_commune_leaders_in_2025():
    assert "TINH_LD_HUYEN" in load_model_questionnaires("par-2024")
    assert "TINH_LD_XA" in load_model_questionnaires("par-2025")
    text_2025 = " ".join(q.text for q in load_model_questionnaires("par-2025")["TINH_LD_XA"].questions())
    assert "cấp huyện" not in text_2025 and "cấp xã" in text_2025
