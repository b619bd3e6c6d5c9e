"""Read a respondent list file (.xlsx, .xls, .ods, .csv) into rows of text keyed by field.

The only module that imports the spreadsheet reader (python-calamine).
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine

from survey_app.respondents import filecheck
from survey_app.respondents.csvtext import CsvProblem, decode_text, parse_csv
from survey_app.respondents.filecheck import (
    EXCEL_CELL_LIMIT,
    MAX_COLUMNS,
    MAX_ROWS,
    FileProblem,
    thousands,
)
from survey_app.respondents.headers import (
    FIELDS,
    REQUIRED,
    match_header,
    missing_labels,
)

__all__ = ["FIELDS", "REQUIRED", "ListFile", "RawRow", "ReadError", "read_list_file", "read_rows"]

HEADER_SEARCH_ROWS = 30
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
_TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
_ODS_FORMULAS = (
    "File có ô chứa công thức; hệ thống lấy giá trị đang hiển thị của các ô đó. "
    "Hãy kiểm tra lại danh sách sau khi nhập."
)
_COLUMN_NUMBERS = re.compile(r"^\(?[0-9]{1,2}\)?$")


class ReadError(Exception):
    """The file cannot be read as a list; .message says what is wrong and what to do (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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


@dataclass
class _Sheet:
    name: str
    rows: list[list]  #: cells as the reader returns them
    first_row: int  #: 0-based sheet row of rows[0]
    first_column: int
    merged: list = field(default_factory=list)
    formulas: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_list_file(data: bytes, filename: str, *, max_bytes: int = 10 * 1024 * 1024) -> ListFile:
    """Find the header under any title rows and return every non-blank row below it as text by field."""
    for sheet in _sheets(data, filename, max_bytes):
        found = _find_header(sheet)
        if found is not None:
            return _build_list(sheet, *found)
    raise ReadError(
        "Không tìm thấy dòng tiêu đề của danh sách. Dòng tiêu đề cần có các cột: "
        + ", ".join(f"'{FIELDS[name]}'" for name in REQUIRED)
        + ". Hãy dùng file mẫu của hệ thống hoặc sửa lại tên cột rồi tải lên lại."
    )


def read_rows(data: bytes, filename: str) -> list[list[str]]:
    """The first sheet as rows of text cells (blank rows kept, trailing blank rows dropped)."""
    sheet = next(iter(_sheets(data, filename, 10 * 1024 * 1024)), None)
    if sheet is None:
        return []
    rows = [[_text(cell) for cell in row] for row in sheet.rows]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _sheets(data: bytes, filename: str, max_bytes: int):
    """Yield the file's sheets in order, refusing unsafe or unreadable files with a ReadError."""
    _check_size(data, max_bytes)
    try:
        kind = filecheck.sniff_kind(data)
        if kind == "encrypted":
            raise FileProblem("File có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại.")
        if kind == "html":
            raise FileProblem(
                "File này là trang web (HTML) được đặt tên như bảng tính, không phải file Excel thật. "
                "Hãy mở bằng Excel, chọn Lưu thành (Save As) dạng .xlsx rồi tải lên lại."
            )
        if kind == "other":
            yield _csv_sheet(data, filename)
            return
        yield from _workbook_sheets(data, kind)
    except FileProblem as problem:
        raise ReadError(problem.message) from problem


def _check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise ReadError(
            f"File quá lớn ({len(data) / 1024 / 1024:.1f} MB); giới hạn là {max_bytes / 1024 / 1024:.0f} MB. "
            "Hãy xóa các trang, hình ảnh không cần thiết hoặc chia danh sách thành nhiều file."
        )
    if not data.strip():
        raise ReadError("File rỗng, không có dữ liệu. Hãy kiểm tra lại file trước khi tải lên.")


def _csv_sheet(data: bytes, filename: str) -> _Sheet:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    text = decode_text(data) if suffix not in _SPREADSHEET_SUFFIXES else None
    if text is None:
        raise FileProblem(
            f"File '{filename}' không phải là bảng tính. Hệ thống nhận file .xlsx, .xls, .ods hoặc .csv; "
            "hãy dùng file mẫu của hệ thống."
        )
    try:
        rows = parse_csv(text)
    except CsvProblem as problem:
        raise FileProblem(
            f"Dòng {problem.line}: có ô quá dài (trên {EXCEL_CELL_LIMIT} ký tự) hoặc dấu ngoặc kép không đóng. "
            "Hãy sửa ô đó rồi tải lên lại."
        ) from problem
    return _Sheet(name=filename, rows=rows, first_row=0, first_column=0)


def _workbook_sheets(data: bytes, kind: str):
    archive = filecheck.open_zip(data) if kind == "zip" else None
    xml_paths = filecheck.xlsx_sheet_paths(archive) if archive else {}
    notes = [_ODS_FORMULAS] if archive and filecheck.ods_has_formulas(archive) else []
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            formulas = _check_xml(archive, xml_paths.get(meta.name), meta.name)
            sheet = _load_sheet(book, meta.name, formulas)
            sheet.notes = notes
            yield sheet
    except python_calamine.PasswordError as exc:
        raise FileProblem("File có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại.") from exc
    except python_calamine.CalamineError as exc:
        raise FileProblem(
            "Không đọc được file: file bị hỏng hoặc không phải bảng tính Excel/LibreOffice. "
            "Hãy mở file, lưu lại dưới dạng .xlsx rồi tải lên lại."
        ) from exc


def _check_xml(archive: zipfile.ZipFile | None, path: str | None, name: str) -> list[tuple[str, int]]:
    if archive is None or path is None:
        return []
    xml = filecheck.read_member(archive, path)
    filecheck.check_sheet_xml(xml, name)
    return filecheck.formula_cells(xml)


def _load_sheet(book, name: str, formulas: list[tuple[str, int]]) -> _Sheet:
    sheet = book.get_sheet_by_name(name)
    if sheet.height > MAX_ROWS + 100:
        raise FileProblem(
            f"Trang '{name}' có {thousands(sheet.height)} dòng; mỗi lần chỉ nhập tối đa {thousands(MAX_ROWS)} dòng. "
            "Hãy xóa các dòng thừa hoặc chia file rồi tải lên lại."
        )
    merged = sheet.merged_cell_ranges or []
    return _Sheet(name, sheet.to_python(), sheet.start[0], sheet.start[1], merged, formulas)


def _find_header(sheet: _Sheet) -> tuple[int, dict[str, int]] | None:
    """(index in sheet.rows, field → column) of the header row, or None when the sheet has none."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns = match_header([cell if isinstance(cell, str) else "" for cell in row])
        if len(columns) >= 3 and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    if best is None:
        return None
    missing = missing_labels(best[1])
    if missing:
        raise ReadError(
            f"Trang '{sheet.name}', dòng tiêu đề {sheet.first_row + best[0] + 1}: thiếu cột "
            + ", ".join(f"'{label}'" for label in missing)
            + ". Hãy thêm các cột này (đúng tên như file mẫu) rồi tải lên lại."
        )
    return best


def _build_list(sheet: _Sheet, header_index: int, columns: dict[str, int]) -> ListFile:
    width = max((len(row) for row in sheet.rows), default=0)
    if width > MAX_COLUMNS:
        raise ReadError(
            f"Trang '{sheet.name}' có dữ liệu ở {width} cột (tối đa {MAX_COLUMNS}). "
            "Hãy xóa các cột thừa bên phải bảng rồi tải lên lại."
        )
    header_number = sheet.first_row + header_index + 1
    _refuse_formulas(sheet, columns, header_number)
    fill = _merged_fill(sheet, header_index, columns)
    rows = _data_rows(sheet, header_index, columns, fill)
    _drop_numbering(rows, header_number)
    warnings = sheet.notes + _drop_footer(rows)
    if not rows:
        raise ReadError(
            f"Trang '{sheet.name}' chỉ có dòng tiêu đề (dòng {header_number}), chưa có dòng dữ liệu nào. "
            "Hãy điền danh sách bên dưới dòng tiêu đề rồi tải lên lại."
        )
    if len(rows) > MAX_ROWS:
        raise ReadError(f"Danh sách có {thousands(len(rows))} dòng; mỗi lần chỉ nhập tối đa "
                        f"{thousands(MAX_ROWS)} dòng. Hãy chia thành nhiều file.")
    return ListFile(rows=rows, header_row=header_number, sheet=sheet.name, warnings=warnings)


def _refuse_formulas(sheet: _Sheet, columns: dict[str, int], header_number: int) -> None:
    """A formula's value may differ from what the user sees, so data cells must hold plain values."""
    by_letters = {
        filecheck.column_letters(sheet.first_column + index): name for name, index in columns.items() if name != "stt"
    }
    for letters, number in sheet.formulas:
        if number > header_number and letters in by_letters:
            raise ReadError(
                f"Dòng {number}, cột {FIELDS[by_letters[letters]]} (ô {letters}{number}): ô chứa công thức. "
                "Hãy chép các ô dữ liệu rồi dán dạng giá trị (Paste Special → Values) và tải lên lại."
            )


def _merged_fill(sheet: _Sheet, header_index: int, columns: dict[str, int]) -> dict[tuple[int, int], object]:
    """(row index, column index) → the value of the merged block it belongs to, for data cells."""
    wanted = set(columns.values())
    fill = {}
    for (top, left), (bottom, right) in sheet.merged:
        top_index, left_index = top - sheet.first_row, left - sheet.first_column
        if top_index <= header_index or not 0 <= top_index < len(sheet.rows):
            continue
        value = _cell(sheet.rows[top_index], left_index)
        for row in range(top_index, min(bottom - sheet.first_row, len(sheet.rows) - 1) + 1):
            for column in range(left_index, right - sheet.first_column + 1):
                if column in wanted:
                    fill[(row, column)] = value
    return fill


def _cell(row: list, index: int):
    return row[index] if 0 <= index < len(row) else ""


def _data_rows(sheet: _Sheet, header_index: int, columns: dict[str, int], fill: dict) -> list[RawRow]:
    items = list(columns.items())
    absent = {name: "" for name in FIELDS if name not in columns}
    need = max(columns.values()) + 1
    rows = []
    for index in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[index]
        for cell in row:
            if cell.__class__ is str and len(cell) > EXCEL_CELL_LIMIT:
                _refuse_long_cell(sheet, index, row.index(cell), columns)
        if len(row) < need:
            row = row + [""] * (need - len(row))
        if fill:
            row = [fill.get((index, column), cell) for column, cell in enumerate(row)]
        values = {name: cell if (cell := row[column]).__class__ is str else _text(cell) for name, column in items}
        if "".join(values.values()).strip():
            if absent:
                values.update(absent)
            rows.append(RawRow(number=sheet.first_row + index + 1, values=values))
    return rows


def _refuse_long_cell(sheet: _Sheet, index: int, column: int, columns: dict[str, int]) -> None:
    labels = {position: FIELDS[name] for name, position in columns.items()}
    label = labels.get(column) or filecheck.column_letters(sheet.first_column + column)
    length = len(sheet.rows[index][column])
    raise ReadError(
        f"Dòng {sheet.first_row + index + 1}, cột {label}: ô dài {thousands(length)} ký tự, vượt giới hạn "
        f"{thousands(EXCEL_CELL_LIMIT)} ký tự của Excel. Hãy rút gọn nội dung ô này rồi tải lên lại."
    )


def _drop_footer(rows: list[RawRow]) -> list[str]:
    """Signature lines under the table (no email, no group) are not respondents."""
    end = len(rows)
    while end and not rows[end - 1].values["email"].strip() and not rows[end - 1].values["group"].strip():
        end -= 1
    dropped = rows[end:]
    del rows[end:]
    if not dropped or not rows:
        rows.extend(dropped)
        return []
    numbers = ", ".join(str(row.number) for row in dropped)
    return [f"Dòng {numbers} ở cuối bảng không có Email và Nhóm đối tượng nên được coi là phần ký tên, không nhập."]


def _drop_numbering(rows: list[RawRow], header_number: int) -> None:
    """A row of column numbers ((1), (2), …) right under the header is not a respondent."""
    if rows and rows[0].number == header_number + 1:
        cells = [value.strip() for value in rows[0].values.values() if value.strip()]
        if len(cells) >= 3 and all(_COLUMN_NUMBERS.match(cell) for cell in cells):
            rows.pop(0)


def _text(value) -> str:
    """A cell as the text the user sees: 912345678.0 → "912345678", dates → ISO."""
    kind = type(value)
    if kind is str:
        return value
    if kind is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if kind is datetime.datetime and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)
