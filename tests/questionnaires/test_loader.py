"""The YAML loader names the file, line and path of every problem, all in one pass."""

import shutil
import textwrap

import pytest

from survey_app.questionnaires import loader
from survey_app.questionnaires.loader import DefinitionError, check_criteria, load_yaml

GOOD = textwrap.dedent(
    """\
    code: THU
    title: "[MẪU MINH HỌA] Phiếu thử"
    about: own_locality
    is_example: true
    scales:
      muc_do:
        - {value: "4", label: "Rất tốt", score: 1.0}
        - {value: "3", label: "Tốt", score: 0.5}
        - {value: "1", label: "Chưa tốt", score: 0}
        - {value: "KB", label: "Không biết / Không đánh giá", score: null}
    sections:
      - code: LV1
        title: Chỉ đạo, điều hành
        questions:
          - code: Q01
            text: Việc chỉ đạo CCHC như thế nào?
            scale: muc_do
            criterion: TC1.6
          - code: Q02
            text: Việc kiểm tra CCHC như thế nào?
            help: Xét các đợt kiểm tra trong năm.
            required: false
            options:
              - {value: 1, label: "Có", score: 1}
              - {value: 0, label: "Không", score: 0}
            criterion: TC1.7
    """
)


def _errors(text: str, **kwargs) -> list:
    with pytest.raises(DefinitionError) as caught:
        load_yaml(text, "par-2025/THU.yaml", **kwargs)
    return caught.value.errors


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_good_definition_loads_with_named_scale_expanded():
    q = load_yaml(GOOD, "par-2025/THU.yaml")
    first, second = q.questions()
    assert [o.value for o in first.options] == ["4", "3", "1", "KB"]
    assert first.options[-1].score is None and first.required
    assert [o.value for o in second.options] == ["1", "0"] and not second.required
    assert second.help == "Xét các đợt kiểm tra trong năm."


def test_builtin_scale_needs_no_declaration():
    text = GOOD.replace("scale: muc_do", "scale: hai_long_5")
    labels = [o.label for o in load_yaml(text, "x.yaml").questions()[0].options]
    assert labels[0] == "Rất hài lòng" and labels[-1] == "Không biết / Không đánh giá"


def test_unknown_key_is_reported_at_its_line_with_its_path():
    text = GOOD.replace("        criterion: TC1.6\n", "        criterion: TC1.6\n        colour: red\n")
    [error] = _errors(text)
    assert error.line == _line_of(text, "colour: red")
    assert error.path == "sections[0].questions[0].colour"
    assert "colour" in error.message


def test_duplicate_question_code_names_the_second_occurrence_and_the_first():
    text = GOOD.replace("code: Q02", "code: Q01")
    [error] = _errors(text)
    assert error.line == _line_of(text, "text: Việc kiểm tra") - 1
    assert error.path == "sections[0].questions[1].code"
    assert "sections[0].questions[0]" in error.message


def test_score_outside_0_1_is_reported_at_the_option_line():
    text = GOOD.replace('label: "Tốt", score: 0.5', 'label: "Tốt", score: 1.5')
    [error] = _errors(text)
    assert error.line == _line_of(text, "score: 1.5")
    assert error.path == "scales.muc_do[1].score"


def test_every_problem_is_collected_not_just_the_first():
    text = (
        GOOD.replace('label: "Tốt", score: 0.5', 'label: "Tốt", score: -1')
        .replace("code: Q02", "code: Q01")
        .replace("about: own_locality", "about: province")
        .replace('{value: 0, label: "Không", score: 0}', '{value: 0, label: "Không", score: null}\n'
                 '          - {value: 9, label: "Bỏ qua", score: null}')
    )
    paths = {e.path for e in _errors(text)}
    assert paths >= {"about", "scales.muc_do[1].score", "sections[0].questions[1].code",
                     "sections[0].questions[1].options"}


def test_missing_required_key_and_empty_options_are_reported():
    options = (
        '    options:\n          - {value: 1, label: "Có", score: 1}\n'
        '          - {value: 0, label: "Không", score: 0}\n'
    )
    text = GOOD.replace("        text: Việc chỉ đạo CCHC như thế nào?\n", "").replace(options, "    options: []\n")
    messages = {(e.path, e.message) for e in _errors(text)}
    assert ("sections[0].questions[0]", "thiếu khóa bắt buộc 'text'.") in messages
    assert any(path == "sections[0].questions[1].options" for path, _ in messages)


def test_bad_code_syntax_and_unknown_scale_are_reported():
    text = GOOD.replace("code: Q01", "code: Q 01").replace("scale: muc_do", "scale: muc_do_7")
    paths = {e.path for e in _errors(text)}
    assert paths == {"sections[0].questions[0].code", "sections[0].questions[0].scale"}


def test_duplicate_yaml_key_is_reported():
    text = GOOD.replace("about: own_locality\n", "about: own_locality\nabout: own_ministry\n")
    [error] = _errors(text)
    assert error.line == 4 and error.path == "about"


def test_yaml_syntax_error_gives_its_line():
    text = GOOD.replace("title: Chỉ đạo, điều hành", "title: [Chỉ đạo")
    [error] = _errors(text)
    assert error.line is not None and error.line >= _line_of(text, "title: [Chỉ đạo")
    assert "YAML" in error.message


def test_message_reads_file_line_path_in_vietnamese():
    text = GOOD.replace('label: "Tốt", score: 0.5', 'label: "Tốt", score: 1.5')
    with pytest.raises(DefinitionError) as caught:
        load_yaml(text, "par-2025/THU.yaml")
    line = _line_of(text, "score: 1.5")
    assert str(caught.value).startswith(f"par-2025/THU.yaml, dòng {line}, scales.muc_do[1].score: ")


def test_criteria_outside_the_index_model_are_reported_with_their_line():
    [error] = _errors(GOOD, criteria={"TC1.6"})
    assert error.path == "sections[0].questions[1].criterion"
    assert error.line == _line_of(GOOD, "criterion: TC1.7")


def test_check_criteria_on_a_loaded_questionnaire():
    q = load_yaml(GOOD, "x.yaml")
    assert check_criteria(q, {"TC1.6", "TC1.7"}) == []
    [problem] = check_criteria(q, {"TC1.7"})
    assert "Q01" in problem.message and problem.path == "sections[0].questions[0].criterion"


def test_model_loading_reports_every_file_and_a_code_that_differs_from_the_file_name(tmp_path, monkeypatch):
    folder = tmp_path / "questionnaires" / "par-2025"
    folder.mkdir(parents=True)
    (tmp_path / "index").mkdir()
    shutil.copy(loader.CONFIG_DIR / "index" / "par-2025.yaml", tmp_path / "index" / "par-2025.yaml")
    source = loader.CONFIG_DIR / "questionnaires" / "par-2025" / "TINH_HDND.yaml"
    (folder / "TINH_KHAC.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    broken = GOOD.replace("code: THU", "code: TINH_HONG").replace("TC1.7", "TC9.9")
    (folder / "TINH_HONG.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(loader, "CONFIG_DIR", tmp_path)
    with pytest.raises(DefinitionError) as caught:
        loader.load_model_questionnaires("par-2025")
    found = {(e.file, e.path) for e in caught.value.errors}
    assert ("par-2025/TINH_KHAC.yaml", "code") in found
    assert ("par-2025/TINH_HONG.yaml", "sections[0].questions[1].criterion") in found


def test_empty_text_is_reported():
    text = GOOD.replace("text: Việc chỉ đạo CCHC như thế nào?", "text:")
    [error] = _errors(text)
    assert error.path == "sections[0].questions[0].text" and error.message == "không được để trống."
