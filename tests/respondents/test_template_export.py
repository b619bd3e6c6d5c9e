"""The list template reads back cleanly; the export writes every cell as text."""

import io

import openpyxl
import pytest

from survey_app.core.sheets import read_sheets
from survey_app.reference.ministries import MINISTRIES
from survey_app.respondents.excel import read_list_file
from survey_app.respondents.export import export_list
from survey_app.respondents.template import build_template
from survey_app.respondents.validation import validate_rows

MINISTRY_CHOICES = [(m.code, m.name) for m in MINISTRIES]


def open_book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize(("variant", "kind"), [("province", "province"), ("ministry", "ministry")])
def test_template_example_rows_read_and_validate(groups, make_policy, variant, kind):
    data = build_template(groups=groups, ministries=MINISTRY_CHOICES, variant=variant)
    parsed = read_list_file(data, "mau.xlsx")
    assert parsed.sheet == "Danh sách" and len(parsed.rows) == 2
    candidates, errors, _ = validate_rows(parsed.rows, make_policy(locality_kind=kind))
    assert errors == []
    assert len(candidates) == 2


def test_template_has_the_api_header_dropdowns_and_instructions(groups):
    book = open_book(build_template(groups=groups, ministries=MINISTRY_CHOICES))
    assert book.sheetnames == ["Danh sách", "Hướng dẫn", "Danh mục"]
    sheet = book["Danh sách"]
    assert [cell.value for cell in sheet[3]] == ["STT", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Nhóm đối tượng",
                                                 "Bộ chủ quản", "Email", "Điện thoại", "Ghi chú"]
    assert sheet.freeze_panes == "A4"
    sources = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert sources["E4"] == "'Danh mục'!$A$2:$A$5"
    assert sources["F4"] == f"'Danh mục'!$C$2:$C${len(MINISTRY_CHOICES) + 1}"
    choices = book["Danh mục"]
    assert choices.sheet_state == "hidden"
    assert [choices.cell(row=r, column=1).value for r in range(2, 6)] == [
        "Đại biểu HĐND cấp tỉnh", "Lãnh đạo cấp sở", "Lãnh đạo phòng thuộc sở", "Lãnh đạo UBND cấp xã"]
    help_text = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "HĐND" in help_text and "hạn chót" in help_text and ".csv" in help_text


def test_ministry_variant_offers_only_the_ministries_own_groups(groups):
    book = open_book(build_template(groups=groups, ministries=MINISTRY_CHOICES, variant="ministry"))
    choices = book["Danh mục"]
    assert [choices.cell(row=r, column=2).value for r in range(2, 5)] == ["LD_VU", "CC_CCHC", "LD_HOI"]
    assert choices.cell(row=5, column=2).value is None


DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+84912345678", "-1+1", "@SUM(A1)", "\t=1+1", "\r=2",
             "=cmd|' /C calc'!A0"]


def test_export_writes_formula_like_text_as_text():
    respondents = [{"full_name": value, "position": "Giám đốc", "organisation": value, "group": "LD_SO",
                    "email": "a@hanoi.gov.vn", "phone": value, "managing_ministry": "BYT", "note": value,
                    "status": "excluded", "excluded_reason": value} for value in DANGEROUS]
    sheet = open_book(export_list(respondents, title="Danh sách tỉnh Hà Nội"))["Danh sách"]
    assert [c.value for c in sheet[3]][-2:] == ["Trạng thái", "Lý do loại"]
    for offset, value in enumerate(DANGEROUS, start=4):
        for column in (2, 4, 8, 9, 11):
            cell = sheet.cell(row=offset, column=column)
            assert cell.data_type == "s"
            # openpyxl leaves Excel's _x000D_ escape of a carriage return undecoded; Excel and calamine decode it.
            assert cell.value.replace("_x000D_", "\r") == value
        assert sheet.cell(row=offset, column=10).value == "Bị loại"


def test_export_formula_like_text_reads_back_unchanged_through_the_list_reader():
    respondents = [{"full_name": value, "email": "a@hanoi.gov.vn", "note": value} for value in DANGEROUS]
    rows = read_sheets(export_list(respondents, title="x"), "ds.xlsx")[0][3:]
    assert [row[1] for row in rows] == DANGEROUS and [row[8] for row in rows] == DANGEROUS


def test_export_reads_back_as_a_list(make_policy):
    respondents = [{"full_name": "Lê Thị Hoa", "position": "Giám đốc", "organisation": "Sở Y tế", "group": "LD_SO",
                    "email": "lth@hanoi.gov.vn", "phone": "0912345678", "managing_ministry": "BYT", "note": None,
                    "status": "active", "excluded_reason": None}]
    parsed = read_list_file(export_list(respondents, title="Hà Nội"), "ds.xlsx")
    candidates, errors, _ = validate_rows(parsed.rows, make_policy())
    assert errors == [] and candidates[0].phone == "0912345678" and candidates[0].managing_ministry == "BYT"
