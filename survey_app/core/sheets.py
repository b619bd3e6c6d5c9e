"""Read an uploaded spreadsheet (.xlsx, .xls, .ods, .csv) into sheets of cells, refusing unsafe files.

The only module that imports the spreadsheet reader (python-calamine). Respondent lists, questionnaire files
and appraisal points all read through here; what a sheet means is for each of them to decide.
"""

import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import python_calamine

from survey_app.core import filecheck
from survey_app.core.csvtext import HeaderScore, not_a_spreadsheet, read_csv
from survey_app.core.filecheck import MAX_ROWS, ReadError, thousands

__all__ = ["MAX_BYTES", "ReadError", "Sheet", "cell_text", "open_sheets", "read_sheets"]

MAX_BYTES = 10 * 1024 * 1024
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
_ODS_FORMULAS = (
    "File có ô chứa công thức; hệ thống lấy giá trị đang hiển thị của các ô đó. "
    "Hãy kiểm tra lại danh sách sau khi nhập."
)
_ENCRYPTED = "File có mật khẩu: hãy bỏ mật khẩu rồi tải lên lại."
_HTML = ("File này là trang web (HTML) được đặt tên như bảng tính, không phải file Excel thật. "
         "Hãy mở bằng Excel, chọn Lưu thành (Save As) dạng .xlsx rồi tải lên lại.")
_UNREADABLE = ("Không đọc được file: file bị hỏng hoặc không phải bảng tính Excel/LibreOffice. "
               "Hãy mở file, lưu lại dưới dạng .xlsx rồi tải lên lại.")


@dataclass
class Sheet:
    name: str
    rows: list[list]  #: cells as the reader returns them
    first_row: int  #: 0-based sheet row of rows[0]
    first_column: int
    merged: list = field(default_factory=list)
    formulas: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_sheets(data: bytes, filename: str) -> list[list[list[str]]]:
    """Every sheet, in order, as rows of text cells (blank rows kept, trailing blank rows dropped)."""
    return [_text_rows(sheet) for sheet in open_sheets(data, filename)]


def _text_rows(sheet: Sheet) -> list[list[str]]:
    rows = [[cell_text(cell) for cell in row] for row in sheet.rows]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def open_sheets(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES,
                header_score: HeaderScore | None = None) -> Iterator[Sheet]:
    """Yield the file's sheets in order, refusing unsafe or unreadable files with a ReadError."""
    _check_size(data, max_bytes)
    kind = filecheck.sniff_kind(data)
    if kind == "encrypted":
        raise ReadError(_ENCRYPTED)
    if kind == "html":
        raise ReadError(_HTML)
    if kind == "other":
        yield _csv_sheet(data, filename, header_score)
        return
    yield from _workbook_sheets(data, kind)


def _check_size(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise ReadError(
            f"File quá lớn ({len(data) / 1024 / 1024:.1f} MB); giới hạn là {max_bytes / 1024 / 1024:.0f} MB. "
            "Hãy xóa các trang, hình ảnh không cần thiết hoặc chia danh sách thành nhiều file."
        )
    if not data.strip():
        raise ReadError("File rỗng, không có dữ liệu. Hãy kiểm tra lại file trước khi tải lên.")


def _csv_sheet(data: bytes, filename: str, header_score: HeaderScore | None) -> Sheet:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in _SPREADSHEET_SUFFIXES:
        raise ReadError(not_a_spreadsheet(filename))
    return Sheet(name=filename, rows=read_csv(data, filename, header_score), first_row=0, first_column=0)


def _workbook_sheets(data: bytes, kind: str) -> Iterator[Sheet]:
    archive = filecheck.open_zip(data) if kind == "zip" else None
    xml_paths = filecheck.xlsx_sheet_paths(archive) if archive else {}
    notes = [_ODS_FORMULAS] if archive and filecheck.ods_has_formulas(archive) else []
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for meta in book.sheets_metadata:
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet:
                yield _load_sheet(book, meta.name, _check_xml(archive, xml_paths.get(meta.name), meta.name), notes)
    except python_calamine.PasswordError as exc:
        raise ReadError(_ENCRYPTED) from exc
    except python_calamine.CalamineError as exc:
        raise ReadError(_UNREADABLE) from exc


def _check_xml(archive: zipfile.ZipFile | None, path: str | None, name: str) -> list[tuple[str, int]]:
    if archive is None or path is None:
        return []
    xml = filecheck.read_member(archive, path)
    filecheck.check_sheet_xml(xml, name)
    return filecheck.formula_cells(xml)


def _load_sheet(book, name: str, formulas: list[tuple[str, int]], notes: list[str]) -> Sheet:
    sheet = book.get_sheet_by_name(name)
    if sheet.height > MAX_ROWS + 100:
        raise ReadError(
            f"Trang '{name}' có {thousands(sheet.height)} dòng; mỗi lần chỉ nhập tối đa {thousands(MAX_ROWS)} dòng. "
            "Hãy xóa các dòng thừa hoặc chia file rồi tải lên lại."
        )
    merged = sheet.merged_cell_ranges or []
    top, left = sheet.start or (0, 0)  # an empty sheet has no start
    return Sheet(name, sheet.to_python(), top, left, merged, formulas, notes)


def cell_text(value) -> str:
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
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)
