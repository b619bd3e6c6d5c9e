"""Read a respondent list file (.xlsx, .xls, .ods, .csv) into rows of text keyed by field.

The only module that imports the spreadsheet reader (python-calamine).
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

import python_calamine

from survey_app.respondents import filecheck
from survey_app.respondents.csvtext import not_a_spreadsheet, read_csv
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
from survey_app.respondents.layout import drop_footer, drop_numbering, merged_fill

__all__ = ["FIELDS", "REQUIRED", "ListFile", "RawRow", "ReadError", "read_list_file", "read_sheets"]

HEADER_SEARCH_ROWS = 30
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
_ODS_FORMULAS = (
    "File có ô chứa công thức; hệ thống lấy giá trị đang hiển thị của các ô đó. "
    "Hãy kiểm tra lại danh sách sau khi nhập."
)


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
    partial, has_data = None, False
    for sheet in _sheets(data, filename, max_bytes):
        has_data = has_data or any(any(row) for row in sheet.rows)
        index, columns = _find_header(sheet)
        if columns and not missing_labels(columns):
            return _build_list(sheet, index, columns)
        partial = partial or (columns and _missing_columns(sheet, index, columns))
    if partial:
        raise ReadError(partial)
    if not has_data:
        raise ReadError("File không có dữ liệu: các trang tính đều trống. Hãy kiểm tra lại file trước khi tải lên.")
    raise ReadError(
        "Không tìm thấy dòng tiêu đề của danh sách. Dòng tiêu đề cần có các cột: "
        + ", ".join(f"'{FIELDS[name]}'" for name in REQUIRED)
        + ". Hãy dùng file mẫu của hệ thống hoặc sửa lại tên cột rồi tải lên lại."
    )


def read_sheets(data: bytes, filename: str) -> list[list[list[str]]]:
    """Every sheet, in order, as rows of text cells (blank rows kept, trailing blank rows dropped)."""
    return [_text_rows(sheet) for sheet in _sheets(data, filename, 10 * 1024 * 1024)]


def _text_rows(sheet) -> list[list[str]]:
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
    if suffix in _SPREADSHEET_SUFFIXES:
        raise FileProblem(not_a_spreadsheet(filename))
    return _Sheet(name=filename, rows=read_csv(data, filename), first_row=0, first_column=0)


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
    top, left = sheet.start or (0, 0)  # an empty sheet has no start
    return _Sheet(name, sheet.to_python(), top, left, merged, formulas)


def _find_header(sheet: _Sheet) -> tuple[int, dict[str, int]]:
    """(index in sheet.rows, field → column) of the row with the most known labels (at least 3), else (0, {})."""
    best: tuple[int, dict[str, int]] = (0, {})
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        columns = match_header([cell if isinstance(cell, str) else "" for cell in row])
        if len(columns) >= 3 and len(columns) > len(best[1]):
            best = (index, columns)
    return best


def _missing_columns(sheet: _Sheet, index: int, columns: dict[str, int]) -> str:
    return (
        f"Trang '{sheet.name}', dòng tiêu đề {sheet.first_row + index + 1}: thiếu cột "
        + ", ".join(f"'{label}'" for label in missing_labels(columns))
        + ". Hãy thêm các cột này (đúng tên như file mẫu) rồi tải lên lại."
    )


def _build_list(sheet: _Sheet, header_index: int, columns: dict[str, int]) -> ListFile:
    width = max((len(row) for row in sheet.rows), default=0)
    if width > MAX_COLUMNS:
        raise ReadError(
            f"Trang '{sheet.name}' có dữ liệu ở {width} cột (tối đa {MAX_COLUMNS}). "
            "Hãy xóa các cột thừa bên phải bảng rồi tải lên lại."
        )
    header_number = sheet.first_row + header_index + 1
    _refuse_formulas(sheet, columns, header_number)
    fill = merged_fill(sheet, header_index, columns)
    rows = _data_rows(sheet, header_index, columns, fill)
    drop_numbering(rows, header_number)
    warnings = sheet.notes + drop_footer(rows)
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


def _data_rows(sheet: _Sheet, header_index: int, columns: dict[str, int], fill: dict) -> list[RawRow]:
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
        values = {name: cell if (cell := row[column]).__class__ is str else _text(cell) for name, column in items}
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


def _refuse_long_cell(sheet: _Sheet, index: int, column: int, columns: dict[str, int]) -> None:
    labels = {position: FIELDS[name] for name, position in columns.items()}
    label = labels.get(column) or filecheck.column_letters(sheet.first_column + column)
    length = len(sheet.rows[index][column])
    raise ReadError(
        f"Dòng {sheet.first_row + index + 1}, cột {label}: ô dài {thousands(length)} ký tự, vượt giới hạn "
        f"{thousands(EXCEL_CELL_LIMIT)} ký tự của Excel. Hãy rút gọn nội dung ô này rồi tải lên lại."
    )


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
