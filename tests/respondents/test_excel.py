"""Reading list files: formats, encodings, layouts people really send."""

import datetime
import io

import pytest
import xlsxwriter

from survey_app.core.sheets import read_sheets
from survey_app.respondents.excel import read_list_file

from .builders import HEADER, cp1258, csv_text, ods, person, replace_in_zip, xls, xlsx

TITLE = ["DANH SÁCH ĐỐI TƯỢNG KHẢO SÁT NĂM 2025"]


def names(listfile) -> list[str]:
    return [row.values["full_name"] for row in listfile.rows]


def test_xlsx_header_found_under_title_rows_with_row_numbers_as_excel_shows():
    data = xlsx([TITLE, ["Kèm theo Công văn số 123/SNV"], [], HEADER, person(1), person(2)])
    result = read_list_file(data, "ds.xlsx")
    assert result.header_row == 4
    assert [row.number for row in result.rows] == [5, 6]
    assert result.rows[0].values["organisation"] == "Sở Tư pháp"
    assert result.sheet == "Danh sách"


def test_columns_matched_by_label_in_any_order_case_spacing_and_diacritics():
    header = ["email", "  HO TEN ", "Đơn vị công tác", "CHỨC   VỤ", "nhom doi tuong", "Số điện thoại",
              "Bộ chủ quản (nếu có)"]
    row = ["a@hanoi.gov.vn", "Lê Thị Hoa", "Sở Y tế", "Phó Giám đốc", "LD_SO", "0912345678", "Bộ Y tế"]
    result = read_list_file(xlsx([header, row]), "ds.xlsx")
    values = result.rows[0].values
    assert values["full_name"] == "Lê Thị Hoa"
    assert values["organisation"] == "Sở Y tế"
    assert values["position"] == "Phó Giám đốc"
    assert values["email"] == "a@hanoi.gov.vn"
    assert values["managing_ministry"] == "Bộ Y tế"
    assert values["phone"] == "0912345678"
    assert values["note"] == ""


@pytest.mark.parametrize("label", ["Địa chỉ email", "Thư điện tử", "E-mail", "Hộp thư công vụ"])
def test_email_column_variants_are_recognised(label):
    header = ["Họ tên", "Chức vụ", "Cơ quan", "Nhóm đối tượng", label]
    result = read_list_file(xlsx([header, ["A", "B", "C", "HDND", "x@y.gov.vn"]]), "ds.xlsx")
    assert result.rows[0].values["email"] == "x@y.gov.vn"


def test_numbers_come_back_as_clean_text_and_dates_as_iso():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, [1.0, "A", "B", "C", "HDND", "", "a@b.gov.vn", 912345678.0])
    sheet.write_datetime(1, 8, datetime.datetime(2025, 1, 15), book.add_format({"num_format": "dd/mm/yyyy"}))
    book.close()
    values = read_list_file(buffer.getvalue(), "ds.xlsx").rows[0].values
    assert values["stt"] == "1"
    assert values["phone"] == "912345678"
    assert values["note"] == "2025-01-15"


def test_blank_rows_and_trailing_formatting_are_skipped():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    fmt = book.add_format({"bg_color": "#FFFF00", "border": 1})
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, person(1))
    sheet.write_row(4, 0, person(2))
    for row in range(5, 400):
        sheet.write_blank(row, 0, None, fmt)
        sheet.write_blank(row, 30, None, fmt)
    book.close()
    result = read_list_file(buffer.getvalue(), "ds.xlsx")
    assert [row.number for row in result.rows] == [2, 5]


def test_first_sheet_holding_the_header_is_used():
    data = xlsx([HEADER, person(1)], sheet="DS gửi Bộ", first=[["Hướng dẫn điền"], ["Ghi đủ các cột"]])
    result = read_list_file(data, "ds.xlsx")
    assert result.sheet == "DS gửi Bộ"
    assert names(result) == ["Nguyễn Văn A"]


def test_merged_title_and_merged_organisation_cells_apply_to_every_row_they_cover():
    rows = [[], HEADER, person(1), person(2, org=""), person(3, org=""), person(4, org="Sở Y tế")]
    data = xlsx(rows, merges=[(0, 0, 0, 8, "DANH SÁCH"), (2, 3, 4, 3, "Sở Nội vụ")])
    result = read_list_file(data, "ds.xlsx")
    assert [row.values["organisation"] for row in result.rows] == ["Sở Nội vụ"] * 3 + ["Sở Y tế"]


def test_row_of_column_numbers_under_the_header_is_not_a_respondent():
    numbering = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"]
    result = read_list_file(xlsx([HEADER, numbering, person(1)]), "ds.xlsx")
    assert [row.number for row in result.rows] == [3]


def test_signature_lines_under_the_table_are_dropped_with_a_warning():
    rows = [HEADER, person(1), person(2), [], ["", "Hà Nội, ngày 10 tháng 12 năm 2025"], ["", "NGƯỜI LẬP BIỂU"]]
    result = read_list_file(xlsx(rows), "ds.xlsx")
    assert names(result) == ["Nguyễn Văn A", "Nguyễn Văn B"]
    assert "5, 6" in result.warnings[0]


def test_a_row_missing_email_in_the_middle_is_kept_for_validation():
    rows = [HEADER, person(1, email=""), person(2)]
    result = read_list_file(xlsx(rows), "ds.xlsx")
    assert [row.number for row in result.rows] == [2, 3]


def test_formula_in_the_stt_column_is_accepted():
    rows = [HEADER, person(1), person(2, stt="")]
    result = read_list_file(xlsx(rows, formulas=[(2, 0, "=A2+1", 2)]), "ds.xlsx")
    assert result.rows[1].values["stt"] == "2"


def test_decomposed_unicode_is_read_as_is_for_normalisation():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    result = read_list_file(xlsx([HEADER, person(1, name=decomposed)]), "ds.xlsx")
    assert unicodedata.normalize("NFC", result.rows[0].values["full_name"]) == "Nguyễn Thị Ánh"


def test_ods_file_is_read_with_trailing_repeated_columns():
    data = ods([TITLE, HEADER, person(1), person(2, name="Đỗ Thị Hằng")], trailing_columns=1000)
    result = read_list_file(data, "ds.ods")
    assert result.header_row == 2
    assert names(result) == ["Nguyễn Văn A", "Đỗ Thị Hằng"]


ROWS = [TITLE, HEADER, person(1, name="Phạm Thị Ngọc Ánh", org="Sở Văn hóa, Thể thao và Du lịch"),
        person(2, name="Đặng Quốc Việt", org="Phòng Kế hoạch, Sở Xây dựng")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_every_encoding_and_delimiter_excel_writes(encoding, delimiter):
    text = csv_text(ROWS, delimiter)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    result = read_list_file(data, "ds.csv")
    assert names(result) == ["Phạm Thị Ngọc Ánh", "Đặng Quốc Việt"]
    assert result.rows[0].values["organisation"] == "Sở Văn hóa, Thể thao và Du lịch"
    assert [row.number for row in result.rows] == [3, 4]


def test_csv_sep_line_sets_the_delimiter():
    text = "sep=;\r\n" + csv_text([HEADER, person(1)], ";")
    result = read_list_file(text.encode("utf-8"), "ds.csv")
    assert result.rows[0].values["email"] == "nva1@hanoi.gov.vn"
    assert result.rows[0].number == 2


def test_cp1258_csv_comes_back_composed():
    data = cp1258(csv_text([HEADER, person(1, name="Nguyễn Thị Hường")], ";"))
    assert "Nguyễn Thị Hường".encode() not in data
    value = read_list_file(data, "ds.csv").rows[0].values["full_name"]
    assert value == "Nguyễn Thị Hường"


def test_read_sheets_returns_each_sheet_as_text():
    (rows,) = read_sheets(xlsx([["Mã", "Câu hỏi"], [1, "Anh/chị đánh giá thế nào?"], [], [2.5, ""]]), "q.xlsx")
    assert rows == [["Mã", "Câu hỏi"], ["1", "Anh/chị đánh giá thế nào?"], ["", ""], ["2.5", ""]]


def test_read_sheets_reads_csv_as_one_sheet():
    assert read_sheets(b"a;b\r\n1;2\r\n", "q.csv") == [[["a", "b"], ["1", "2"]]]


def test_xls_biff8_file_is_read_with_numbers_as_clean_text():
    data = xls([TITLE, [], HEADER, person(1, phone=912345678.0), person(2, name="Lò Thị Huệ")])
    result = read_list_file(data, "ds.xls")
    assert result.header_row == 3
    assert names(result) == ["Nguyễn Văn A", "Lò Thị Huệ"]
    assert result.rows[0].values["phone"] == "912345678"
    assert result.rows[0].values["stt"] == "1"


def test_ods_formulas_give_a_warning():
    data = ods([HEADER, person(1)])
    data = replace_in_zip(data, "content.xml", b'office:value-type="float"',
                          b'table:formula="of:=1" office:value-type="float"')
    result = read_list_file(data, "ds.ods")
    assert "công thức" in result.warnings[0]
