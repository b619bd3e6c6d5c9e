"""A questionnaire from spreadsheet rows: same result as YAML, errors by row and column."""

import pytest

from survey_app.questionnaires.definition import to_dict
from survey_app.questionnaires.loader import CONFIG_DIR, DefinitionError, load_file
from survey_app.questionnaires.sheet import load_rows, to_rows

HEADER = ["Mã phần", "Tên phần", "Mã câu", "Nội dung câu hỏi", "Gợi ý", "Bắt buộc", "Thang đo", "Tiêu chí"]


def _load(rows, scale_rows=None):
    return load_rows(rows, filename="phieu.xlsx", code="THU", title="Phiếu thử", about="own_locality",
                     scale_rows=scale_rows)


def _problems(rows, scale_rows=None) -> list[tuple]:
    with pytest.raises(DefinitionError) as caught:
        _load(rows, scale_rows)
    return [(e.file, e.line, e.path) for e in caught.value.errors]


@pytest.mark.parametrize("name", ["par-2025/TINH_HDND.yaml", "par-2024/BO_LD_HOI.yaml"])
def test_round_trip_through_rows_gives_the_same_definition(name):
    q = load_file(CONFIG_DIR / "questionnaires" / name)
    question_rows, scale_rows = to_rows(q)
    again = load_rows(question_rows, filename="x.xlsx", code=q.code, title=q.title, about=q.about,
                      scale_rows=scale_rows, intro=q.intro, privacy_notice=q.privacy_notice,
                      is_example=q.is_example)
    assert to_dict(again) == to_dict(q)


def test_header_is_found_below_a_title_and_builtin_scales_need_no_second_sheet():
    rows = [
        ["PHIẾU KHẢO SÁT (bản nháp)"],
        [],
        ["mã phần", "TÊN PHẦN", "Ma cau", "Noi dung cau hoi", "Gợi ý", "Bắt buộc", "Thang đo", "Tiêu chí"],
        ["LV1", "Chỉ đạo", "Q01", "Việc chỉ đạo CCHC như thế nào?", "", "Có", "muc_do_4", "TC1.6"],
        ["LV1", "", "Q02", "Ông/bà hài lòng thế nào?", "", "Không", "hai_long_5", "TC1.7"],
        ["", "", "", "", "", "", "", ""],
        ["LV2", "Văn bản", "Q03", "Văn bản của tỉnh rõ ràng.", "", "", "dong_y_5", "TC2.5"],
    ]
    q = _load(rows)
    assert [s.code for s in q.sections] == ["LV1", "LV2"]
    assert [qu.required for qu in q.questions()] == [True, False, True]
    assert q.questions()[1].options[0].label == "Rất hài lòng"
    assert q.questions()[0].options[-1].score is None


def test_declared_scale_accepts_a_decimal_comma():
    scales = [["Thang đo", "Giá trị", "Nhãn", "Điểm"], ["co_khong", "1", "Có", "1"], ["co_khong", "0", "Không", "0,5"],
              ["co_khong", "KB", "Không biết / Không đánh giá", ""]]
    rows = [HEADER, ["LV1", "Chỉ đạo", "Q01", "Có kế hoạch không?", "", "Có", "co_khong", "TC1.1"]]
    options = _load(rows, scales).questions()[0].options
    assert [(o.value, o.score) for o in options] == [("1", 1.0), ("0", 0.5), ("KB", None)]


def test_errors_name_the_spreadsheet_row_and_column():
    rows = [
        HEADER,
        ["LV1", "Chỉ đạo", "Q01", "Câu một?", "", "Có", "muc_do_4", "TC1.6"],
        ["LV1", "", "Q01", "Câu hai?", "", "Có", "muc_do_4", "TC1.6"],
        ["LV2", "", "Q03", "Câu ba?", "", "Có lẽ", "thang_la", "TC 2"],
        ["LV2", "", "", "Câu bốn?", "", "", "muc_do_4", "TC2.6"],
    ]
    assert set(_problems(rows)) == {
        ("phieu.xlsx", 3, "cột Mã câu"),
        ("phieu.xlsx", 4, "cột Bắt buộc"),
        ("phieu.xlsx", 4, "cột Thang đo"),
        ("phieu.xlsx", 4, "cột Tiêu chí"),
        ("phieu.xlsx", 4, "cột Tên phần"),
        ("phieu.xlsx", 5, "cột Mã câu"),
    }


def test_scale_sheet_errors_name_the_scale_sheet_row():
    scales = [["Thang đo", "Giá trị", "Nhãn", "Điểm"], ["rieng", "1", "Tốt", "1,5"], ["rieng", "0", "Kém", "0"]]
    rows = [HEADER, ["LV1", "Chỉ đạo", "Q01", "Câu một?", "", "Có", "rieng", "TC1.6"]]
    assert _problems(rows, scales) == [("phieu.xlsx (trang Thang đo)", 2, "cột Điểm")]


def test_missing_header_is_one_clear_error():
    with pytest.raises(DefinitionError) as caught:
        _load([["Câu hỏi", "Đáp án"], ["Q01", "Có"]])
    [error] = caught.value.errors
    assert "Mã phần" in error.message and "Tiêu chí" in error.message
