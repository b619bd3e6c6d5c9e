"""Read a respondent list file (.xlsx, .xls, .ods, .csv) into rows of text keyed by field.

The file itself is opened by core/sheets.py; this module finds the list's header and reads the rows under it.
"""

from dataclasses import dataclass, field

from survey_app.core.filecheck import EXCEL_CELL_LIMIT, MAX_COLUMNS, MAX_ROWS, ReadError, column_letters, thousands
from survey_app.core.sheets import MAX_BYTES, Sheet, cell_text, open_sheets
from survey_app.respondents.headers import (
    FIELDS,
    REQUIRED,
    match_header,
    missing_labels,
)
from survey_app.respondents.layout import drop_footer, drop_numbering, merged_fill

__all__ = ["FIELDS", "REQUIRED", "ListFile", "RawRow", "ReadError", "read_list_file"]

HEADER_SEARCH_ROWS = 30
_NO_DATA = "File không có dữ liệu: các trang tính đều trống. Hãy kiểm tra lại file trước khi tải lên."
_NO_HEADER = ("Không tìm thấy dòng tiêu đề của danh sách. Dòng tiêu đề cần có các cột: "
              + ", ".join(f"'{FIELDS[name]}'" for name in REQUIRED)
              + ". Hãy dùng file mẫu của hệ thống hoặc sửa lại tên cột rồi tải lên lại.")


@dataclass(slots=True)
class RawRow:
    number: int  #: the row number the user sees in Excel (1-based)
    values: dict[str, str]  #: field → text as read, "" when empty


@dataclass
class ListFile:
    rows: list[RawRow]
    header_row: int
    sheet: str
    warnings: list[str] = field(default_factory=list)


def read_list_file(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> ListFile:
    """Find the header under any title rows and return every non-blank row below it as text by field."""
    partial, has_data = None, False
    for sheet in open_sheets(data, filename, max_bytes=max_bytes, header_score=_label_count):
        has_data = has_data or any(any(row) for row in sheet.rows)
        index, columns = _find_header(sheet)
        if columns and not missing_labels(columns):
            return _build_list(sheet, index, columns)
        partial = partial or (columns and _missing_columns(sheet, index, columns))
    raise ReadError(partial or (_NO_HEADER if has_data else _NO_DATA))


def _label_count(row: list[str]) -> int:
    return len(match_header(row))


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]]:
    """(index in sheet.rows, field → column) of the row with the most known labels (at least 3), else (0, {})."""
    best: tuple[int, dict[str, int]] = (0, {})
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns = match_header([cell if isinstance(cell, str) else "" for cell in row])
        if len(columns) >= 3 and len(columns) > len(best[1]):
            best = (index, columns)
    return best


def _missing_columns(sheet: Sheet, index: int, columns: dict[str, int]) -> str:
    return (
        f"Trang '{sheet.name}', dòng tiêu đề {sheet.first_row + index + 1}: thiếu cột "
        + ", ".join(f"'{label}'" for label in missing_labels(columns))
        + ". Hãy thêm các cột này (đúng tên như file mẫu) rồi tải lên lại."
    )


def _build_list(sheet: Sheet, header_index: int, columns: dict[str, int]) -> ListFile:
    _refuse_wide(sheet)
    header_number = sheet.first_row + header_index + 1
    _refuse_formulas(sheet, columns, header_number)
    fill = merged_fill(sheet, header_index, columns)
    rows = _data_rows(sheet, header_index, columns, fill)
    drop_numbering(rows, header_number)
    warnings = sheet.notes + drop_footer(rows)
    _refuse_count(sheet, rows, header_number)
    return ListFile(rows=rows, header_row=header_number, sheet=sheet.name, warnings=warnings)


def _refuse_wide(sheet: Sheet) -> None:
    width = max((len(row) for row in sheet.rows), default=0)
    if width > MAX_COLUMNS:
        raise ReadError(
            f"Trang '{sheet.name}' có dữ liệu ở {width} cột (tối đa {MAX_COLUMNS}). "
            "Hãy xóa các cột thừa bên phải bảng rồi tải lên lại."
        )


def _refuse_count(sheet: Sheet, rows: list[RawRow], header_number: int) -> None:
    """No data row under the header, or more rows than one upload takes."""
    if not rows:
        raise ReadError(
            f"Trang '{sheet.name}' chỉ có dòng tiêu đề (dòng {header_number}), chưa có dòng dữ liệu nào. "
            "Hãy điền danh sách bên dưới dòng tiêu đề rồi tải lên lại."
        )
    if len(rows) > MAX_ROWS:
        raise ReadError(f"Danh sách có {thousands(len(rows))} dòng; mỗi lần chỉ nhập tối đa "
                        f"{thousands(MAX_ROWS)} dòng. Hãy chia thành nhiều file.")


def _refuse_formulas(sheet: Sheet, columns: dict[str, int], header_number: int) -> None:
    """A formula's value may differ from what the user sees, so data cells must hold plain values."""
    by_letters = {
        column_letters(sheet.first_column + index): name for name, index in columns.items() if name != "stt"
    }
    for letters, number in sheet.formulas:
        if number > header_number and letters in by_letters:
            raise ReadError(
                f"Dòng {number}, cột {FIELDS[by_letters[letters]]} (ô {letters}{number}): ô chứa công thức. "
                "Hãy chép các ô dữ liệu rồi dán dạng giá trị (Paste Special → Values) và tải lên lại."
            )


def _data_rows(sheet: Sheet, header_index: int, columns: dict[str, int], fill: dict) -> list[RawRow]:
    items = list(columns.items())
    absent = {name: "" for name in FIELDS if name not in columns}
    need = max(columns.values()) + 1
    rows = []
    for index in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        if len(row) < need:
            row = row + [""] * (need - len(row))
        if fill:
            row = [fill.get((index, column), cell) for column, cell in enumerate(row)]
        values = {name: cell if (cell := row[column]).__class__ is str else cell_text(cell) for name, column in items}
        text = "".join(values.values())
        if len(text) > EXCEL_CELL_LIMIT:  # only then can one of the row's cells be over the limit
            for name, column in items:
                if len(values[name]) > EXCEL_CELL_LIMIT:
                    _refuse_long_cell(sheet, index, column, columns)
        if text.strip():
            if absent:
                values.update(absent)
            rows.append(RawRow(number=sheet.first_row + index + 1, values=values))
    return rows


def _refuse_long_cell(sheet: Sheet, index: int, column: int, columns: dict[str, int]) -> None:
    labels = {position: FIELDS[name] for name, position in columns.items()}
    label = labels.get(column) or column_letters(sheet.first_column + column)
    length = len(sheet.rows[index][column])
    raise ReadError(
        f"Dòng {sheet.first_row + index + 1}, cột {label}: ô dài {thousands(length)} ký tự, vượt giới hạn "
        f"{thousands(EXCEL_CELL_LIMIT)} ký tự của Excel. Hãy rút gọn nội dung ô này rồi tải lên lại."
    )
