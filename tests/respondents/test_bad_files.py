"""Every bad file of issue 3 point 9 gets a ReadError whose message names the problem; never a crash."""

import io
import os
import zipfile

import pytest

from survey_app.respondents.excel import ReadError, read_list_file

from .builders import HEADER, csv_text, encrypted_workbook, far_cell_xlsx, person, replace_in_zip, xls, xlsx


def refused(data: bytes, filename: str = "ds.xlsx", **options) -> str:
    with pytest.raises(ReadError) as caught:
        read_list_file(data, filename, **options)
    assert caught.value.message == str(caught.value)
    return caught.value.message


@pytest.mark.parametrize(("data", "filename"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + os.urandom(300), "ds.pdf"),
    (b"\x89PNG\r\n\x1a\n" + os.urandom(500), "ds.xlsx"),
    (os.urandom(2000), "ds.xls"),
    (b"PK\x03\x04" + os.urandom(500), "ds.xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(1500), "ds.xls"),
    ("Họ và tên;Chức vụ".encode(), "ds.xlsx"),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused(data, filename):
    message = refused(data, filename)
    assert "bảng tính" in message or "không đọc được" in message.lower()


def test_an_html_page_named_xls_is_refused_with_save_as_advice():
    data = b"<html><body><table><tr><td>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</td></tr></table></body></html>"
    assert "HTML" in refused(data, "ds.xls")


def test_a_truncated_xlsx_is_refused():
    data = xlsx([HEADER, person(1)])
    assert "bảng tính" in refused(data[: len(data) // 2])


@pytest.mark.parametrize("data", [b"", b"   \r\n ", "\ufeff".encode("utf-8") + b"\r\n"])
def test_an_empty_file_is_refused(data):
    message = refused(data, "ds.csv")
    assert "rỗng" in message or "không có dữ liệu" in message


def test_a_sheet_without_the_header_names_the_required_labels():
    message = refused(xlsx([["Danh sách"], ["A", "B", "C"], ["1", "2", "3"]]))
    for label in ("Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Nhóm đối tượng", "Email"):
        assert label in message


def test_a_header_missing_required_columns_says_which():
    header = ["STT", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Ghi chú"]
    message = refused(xlsx([header, ["1", "A", "B", "C", ""]]))
    assert "'Nhóm đối tượng'" in message and "'Email'" in message
    assert "'Họ và tên'" not in message
    assert "dòng tiêu đề 1" in message


def test_headers_only_is_refused():
    message = refused(xlsx([["DANH SÁCH"], HEADER, [], []]))
    assert "chỉ có dòng tiêu đề" in message and "dòng 2" in message


def test_a_one_megabyte_cell_names_row_and_column():
    data = xlsx([HEADER, person(1), person(2, note="PLACEHOLDER")])
    data = replace_in_zip(data, "xl/sharedStrings.xml", b"PLACEHOLDER", b"x" * 1_000_000)
    message = refused(data)
    assert "Dòng 3, cột Ghi chú" in message and "32.767" in message


def test_a_one_megabyte_cell_in_csv_is_refused():
    text = csv_text([HEADER, person(1, note="x" * 1_000_000)], ";")
    message = refused(text.encode("utf-8"), "ds.csv")
    assert "Dòng 2" in message and "quá dài" in message


def test_sixteen_thousand_columns_are_refused_before_reading():
    assert "cột" in refused(far_cell_xlsx([(row, 16_000) for row in range(2, 200)]))


def test_more_than_fifty_used_columns_are_refused():
    wide = HEADER + [f"Cột {n}" for n in range(60)]
    message = refused(xlsx([wide, person(1) + ["x"] * 60]))
    assert "69 cột" in message and "50" in message


def test_a_zip_bomb_is_refused_before_the_reader_sees_it():
    data = xlsx([HEADER, person(1)])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename), zipfile.ZIP_DEFLATED)
        target.writestr("xl/media/padding.bin", b"\x00" * (20 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    assert "giải nén" in refused(buffer.getvalue())


def test_a_password_protected_workbook_is_refused():
    assert refused(encrypted_workbook()) == "File có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại."


def test_a_formula_in_a_data_column_names_the_row_and_column():
    rows = [HEADER, person(1), person(2, email="")]
    message = refused(xlsx(rows, formulas=[(2, 6, '=LOWER("NVB@HANOI.GOV.VN")', "nvb@hanoi.gov.vn")]))
    assert message.startswith("Dòng 3, cột Email (ô G3): ô chứa công thức")


def test_a_file_over_the_size_limit_is_refused():
    data = xlsx([HEADER, person(1)])
    message = refused(data, max_bytes=len(data) - 1)
    assert "quá lớn" in message


def test_more_than_one_hundred_thousand_rows_are_refused_before_reading():
    assert "100.000 dòng" in refused(far_cell_xlsx([(150_000, 1)]))


def test_more_than_one_hundred_thousand_csv_rows_are_refused():
    line = ";".join(str(value) for value in person(1)) + "\r\n"
    text = ";".join(HEADER) + "\r\n" + line * 100_001
    assert "100.000 dòng" in refused(text.encode("utf-8"), "ds.csv")


def test_an_archive_expanding_past_the_total_limit_is_refused(monkeypatch):
    from survey_app.core import filecheck

    data = xlsx([HEADER, person(1)])
    monkeypatch.setattr(filecheck, "MAX_UNCOMPRESSED", 4000)
    assert "giải nén" in refused(data)


def test_a_password_protected_xls_is_refused():
    data = xls([HEADER, person(1)], password=True)
    assert refused(data, "ds.xls") == "File có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại."


def test_a_workbook_with_only_empty_sheets_says_it_has_no_data():
    assert "không có dữ liệu" in refused(xlsx([]))


def test_a_partial_header_on_an_early_sheet_does_not_hide_the_full_one():
    from survey_app.respondents.excel import read_list_file

    first = [["Họ và tên", "Chức vụ", "Email"], ["ví dụ", "", ""]]
    result = read_list_file(xlsx([HEADER, person(1)], sheet="DS", first=first), "ds.xlsx")
    assert result.sheet == "DS"
