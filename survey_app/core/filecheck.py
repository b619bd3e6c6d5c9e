"""Cheap safety checks on an uploaded file's bytes, before any spreadsheet reader sees it.

Pure standard library: magic bytes, zip bombs, encrypted workbooks, oversized
sheets and formulas in .xlsx sheet XML. Shared by every upload that reads a spreadsheet (core/sheets.py).
"""

import io
import re
import struct
import zipfile
import zlib
from xml.etree import ElementTree

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
LARGE_MEMBER = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 50
EXCEL_CELL_LIMIT = 32_767

_BIFF8_GLOBALS_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"  #: BOF record, BIFF8, workbook globals
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_HTML_START = re.compile(rb"^\s*<(?:!doctype html|html|table|\?xml[^>]*>\s*<html)", re.IGNORECASE)
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)([0-9]+)"')
_WIDE_CELL = re.compile(rb' r="[A-Z]{3}[0-9]')  # a literal start keeps the scan of a large sheet fast
_LAST_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')


_DAMAGED = (
    "File bị hỏng (không giải nén được một phần nội dung). "
    "Hãy mở file bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
)


class ReadError(Exception):
    """The file is refused or cannot be read; .message says what is wrong and what to do (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def sniff_kind(data: bytes) -> str:
    """'zip' (.xlsx/.ods), 'ole' (.xls or an encrypted workbook), 'html' or 'other'."""
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "encrypted" if _ENCRYPTED_STREAM in data or _xls_has_filepass(data) else "ole"
    if _HTML_START.match(data[:512]):
        return "html"
    return "other"


def _xls_has_filepass(data: bytes) -> bool:
    """Whether the .xls workbook globals hold a FILEPASS record (the workbook is encrypted)."""
    start = data.find(_BIFF8_GLOBALS_BOF)
    position = start
    for _ in range(64 if start >= 0 else 0):
        if position + 4 > len(data):
            return False
        kind, length = struct.unpack_from("<HH", data, position)
        if kind == 0x002F:
            return True
        if kind == 0x000A:
            return False
        position += 4 + length
    return False


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open a zip container, refusing archives that expand too far (zip bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError) as exc:
        raise ReadError(
            "File bị hỏng hoặc không phải bảng tính (.xlsx, .ods). "
            "Hãy mở file bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
        ) from exc
    if _is_bomb(members):
        raise ReadError(
            "File nén bất thường: khi giải nén lớn hơn rất nhiều so với kích thước tải lên "
            "(có thể là file độc hại). Hãy mở file bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại."
        )
    return archive


def _is_bomb(members: list[zipfile.ZipInfo]) -> bool:
    """Too much in all, or a large member compressed far more than spreadsheets ever are."""
    total = sum(member.file_size for member in members)
    return total > MAX_UNCOMPRESSED or any(
        member.file_size > LARGE_MEMBER and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )


def xlsx_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map sheet name → worksheet XML path inside an .xlsx archive ({} when not an .xlsx)."""
    if "xl/workbook.xml" not in archive.NameToInfo:
        return {}
    try:
        book = ElementTree.fromstring(read_member(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(read_member(archive, "xl/_rels/workbook.xml.rels"))
    except ElementTree.ParseError as exc:
        raise ReadError(_DAMAGED) from exc
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL_NS}Relationship")}
    paths = {}
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        paths[sheet.get("name", "")] = target
    return paths


def check_sheet_xml(xml: bytes, sheet: str) -> None:
    """Refuse a worksheet that is too wide or too long before a reader expands it in memory."""
    if _WIDE_CELL.search(xml):
        raise ReadError(
            f"Trang '{sheet}' có dữ liệu ở hàng nghìn cột (vượt quá {MAX_COLUMNS} cột được phép). "
            "Hãy xóa các cột thừa bên phải bảng rồi tải lên lại."
        )
    tail = xml.rfind(b"<row ")
    last = _LAST_ROW.match(xml, tail) if tail >= 0 else None
    if last and int(last.group(1)) > MAX_ROWS + 100:
        raise ReadError(
            f"Trang '{sheet}' có hơn {thousands(MAX_ROWS)} dòng; mỗi lần chỉ nhập tối đa {thousands(MAX_ROWS)} dòng. "
            "Hãy xóa các dòng thừa hoặc chia file rồi tải lên lại."
        )


def formula_cells(xml: bytes) -> list[tuple[str, int]]:
    """(column letters, row number) of every cell holding a formula in a worksheet XML."""
    found = []
    start = xml.find(b"<f")
    while start >= 0:
        follower = xml[start + 2 : start + 3]
        if follower in (b">", b" ", b"/"):
            cell = _CELL_REF.search(xml, xml.rfind(b"<c ", 0, start))
            if cell:
                found.append((cell.group(1).decode(), int(cell.group(2))))
        start = xml.find(b"<f", start + 2)
    return found


def column_letters(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def ods_has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether an OpenDocument spreadsheet holds formula cells (its reader returns their cached values)."""
    return "content.xml" in archive.NameToInfo and b"table:formula=" in read_member(archive, "content.xml")


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member of the archive; a damaged, encrypted or missing member is a ReadError."""
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, ValueError,
            EOFError, OSError) as exc:
        raise ReadError(_DAMAGED) from exc


def thousands(number: int) -> str:
    """A count written the Vietnamese way: 100000 → "100.000"."""
    return f"{number:,}".replace(",", ".")
