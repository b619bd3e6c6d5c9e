"""The file of many accounts (.xlsx or .csv): its columns, its template, and reading it into rows of text."""

import csv
import io
import zipfile
from dataclasses import dataclass

import openpyxl
import xlsxwriter

from survey_app.core.errors import InvalidInput
from survey_app.core.text import fold, nfc, squash

#: field → the column's label in the template (matched without regard to case, spacing or diacritics).
COLUMNS = {"email": "Email", "full_name": "Họ và tên", "role": "Vai trò", "locality": "Mã địa phương"}
REQUIRED = ("email", "full_name", "role")
MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10
_BY_LABEL = {fold(label): name for name, label in COLUMNS.items()}


@dataclass
class AccountRow:
    """One data row: its number in the file (1-based, as the spreadsheet shows it) and its cells by field."""

    row: int
    cells: dict[str, str]


def _refuse(message: str):
    raise InvalidInput(message, errors=[{"message": message}])


def _text(value) -> str:
    return squash(nfc(str(value))) if value is not None else ""


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        _refuse("Không đọc được tệp .xlsx này; hãy lưu lại bằng Excel hoặc dùng tệp mẫu.")
    sheet = book.worksheets[0]
    rows = [[_text(v) for v in row] for row in sheet.iter_rows(max_row=MAX_ROWS + HEADER_SEARCH_ROWS + 1,
                                                                 values_only=True)]
    book.close()
    return rows


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig", errors="replace")
    if "\x00" in text:
        _refuse("Tệp .csv chứa ký tự không hợp lệ; hãy lưu lại dưới dạng CSV UTF-8.")
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [[_text(v) for v in row] for row in csv.reader(io.StringIO(text), delimiter=dialect)]


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {_BY_LABEL[fold(cell)]: col for col, cell in enumerate(row) if fold(cell) in _BY_LABEL}
        if "email" in found:
            missing = [COLUMNS[name] for name in REQUIRED if name not in found]
            if missing:
                _refuse(f"Dòng tiêu đề (dòng {index + 1}) thiếu cột: {', '.join(missing)}. Hãy dùng tệp mẫu.")
            return index, found
    _refuse("Không tìm thấy dòng tiêu đề có cột 'Email' trong 10 dòng đầu. Hãy dùng tệp mẫu.")
    raise AssertionError  # unreachable: _refuse raises


def read_account_file(data: bytes, filename: str) -> list[AccountRow]:
    """The file's data rows (blank rows skipped); InvalidInput when it cannot be read as a table of accounts."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif filename.lower().endswith(".csv"):
        rows = _csv_rows(data)
    else:
        _refuse(f"Tệp '{filename}' không phải .xlsx hoặc .csv; hãy dùng tệp mẫu.")
    start, columns = _header(rows)
    found = [AccountRow(start + 2 + i, {name: (row[col] if col < len(row) else "") for name, col in columns.items()})
             for i, row in enumerate(rows[start + 1:]) if any(row)]
    if len(found) > MAX_ROWS:
        _refuse(f"Tệp có hơn {MAX_ROWS} tài khoản; hãy chia thành nhiều tệp.")
    return found


def template_xlsx(roles: dict[str, str], localities: list[tuple[str, str]]) -> bytes:
    """The template: the header and an example, then a sheet of role names and one of locality codes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Tài khoản")
    sheet.write_row(0, 0, list(COLUMNS.values()), bold)
    sheet.write_row(1, 0, ["nguyenvana@hanoi.gov.vn", "Nguyễn Văn A", "Cán bộ đầu mối", "01"])
    sheet.set_column(0, 1, 32)
    sheet.set_column(2, 3, 24)
    _list_sheet(book, "Vai trò", ["Vai trò", "Mã"], [(label, code) for code, label in roles.items()], bold)
    _list_sheet(book, "Mã địa phương", ["Mã", "Tên"], localities, bold)
    book.close()
    return buffer.getvalue()


def _list_sheet(book, name: str, header: list[str], rows: list[tuple[str, str]], bold) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, header, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    sheet.set_column(0, 1, 36)
