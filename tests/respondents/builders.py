"""Small list files built in memory for the tests: .xlsx, .ods, .csv and broken ones."""

import io
import struct
import unicodedata
import zipfile

import xlsxwriter

HEADER = ["STT", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Nhóm đối tượng", "Bộ chủ quản", "Email",
          "Điện thoại", "Ghi chú"]


def person(n: int, **over) -> list:
    """One data row in template order."""
    row = {"stt": n, "name": f"Nguyễn Văn {chr(64 + n)}", "position": "Giám đốc", "org": "Sở Tư pháp",
           "group": "LD_SO", "ministry": "", "email": f"nva{n}@hanoi.gov.vn", "phone": "", "note": ""}
    row.update(over)
    return list(row.values())


def far_cell_xlsx(cells: list[tuple[int, int]]) -> bytes:
    """A header and one person, plus an "x" at each far (row, column): a sheet whose used range is huge."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, person(1))
    for row, column in cells:
        sheet.write(row, column, "x")
    book.close()
    return buffer.getvalue()


def xlsx(rows: list[list], *, sheet: str = "Danh sách", first: list[list] | None = None, merges=(),
         formulas=()) -> bytes:
    """An .xlsx whose sheet holds rows from A1; `first` adds a sheet before it; formulas are (row, col, text, value)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    if first is not None:
        _fill(book.add_worksheet("Hướng dẫn"), first)
    target = book.add_worksheet(sheet)
    _fill(target, rows)
    for top, left, bottom, right, value in merges:
        target.merge_range(top, left, bottom, right, value)
    for row, column, formula, value in formulas:
        target.write_formula(row, column, formula, None, value)
    book.close()
    return buffer.getvalue()


def _fill(sheet, rows: list[list]) -> None:
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)


def replace_in_zip(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    """The same archive with one member's bytes edited."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                assert old in content
                content = content.replace(old, new)
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods(rows: list[list], *, sheet: str = "Danh sách", trailing_columns: int = 0) -> bytes:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content.xml), as LibreOffice writes it."""
    from xml.sax.saxutils import escape, quoteattr

    parts = [_ODS_HEAD, f"<table:table table:name={quoteattr(sheet)}>"]
    for row in rows:
        parts.append("<table:table-row>")
        for value in row:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                parts.append(f'<table:table-cell office:value-type="float" office:value="{value}">'
                             f"<text:p>{value}</text:p></table:table-cell>")
            elif value:
                parts.append(f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
                             "</table:table-cell>")
            else:
                parts.append("<table:table-cell/>")
        if trailing_columns:
            parts.append(f'<table:table-cell table:number-columns-repeated="{trailing_columns}"/>')
        parts.append("</table:table-row>")
    parts.append("</table:table></office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", "".join(parts), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def csv_text(rows: list[list], delimiter: str = ",") -> str:
    """CSV text as Excel writes it (quotes where needed, CRLF line ends)."""
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese Windows writes them: base letters plus combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(mark for mark in decomposed if mark in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in tones))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def encrypted_workbook() -> bytes:
    """The start of an OLE compound file holding an EncryptedPackage stream (a password-protected .xlsx)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 2048


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff_cell(row: int, column: int, value) -> bytes:
    if isinstance(value, (int, float)):
        return _record(0x0203, struct.pack("<HHHd", row, column, 0, float(value)))
    text = str(value).encode("utf-16-le")
    return _record(0x0204, struct.pack("<HHHHB", row, column, 0, len(value), 1) + text)


def _biff_stream(rows: list[list], sheet: str, password: bool = False) -> bytes:
    """A BIFF8 workbook stream: globals (BOF, CODEPAGE, BOUNDSHEET, EOF) then one worksheet."""
    name = sheet.encode("utf-16-le")
    cells = b"".join(_biff_cell(r, c, value) for r, row in enumerate(rows)
                     for c, value in enumerate(row) if value not in ("", None))
    width = max((len(row) for row in rows), default=0)
    worksheet = (_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
                 + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)) + cells + _record(0x000A, b""))
    head = (_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
            + (_record(0x002F, struct.pack("<HHH", 1, 1, 1) + b"\x00" * 48) if password else b"")
            + _record(0x0042, struct.pack("<H", 1200)))
    boundsheet_size = 4 + 8 + len(name)
    offset = len(head) + boundsheet_size + 4
    boundsheet = _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(sheet), 1) + name)
    return head + boundsheet + _record(0x000A, b"") + worksheet


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    none = 0xFFFFFFFF
    return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
            + struct.pack("<III", none, none, child) + b"\x00" * 16 + struct.pack("<IQQ", 0, 0, 0)
            + struct.pack("<IQ", start, size))


def xls(rows: list[list], *, sheet: str = "Danh sách", password: bool = False) -> bytes:
    """A genuine .xls: a BIFF8 workbook stream inside an OLE compound file; `password` adds a FILEPASS record."""
    stream = _biff_stream(rows, sheet, password)
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\x00")
    sectors = len(stream) // 512
    assert sectors < 120
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat = [fat_sector] + [n + 1 for n in range(1, sectors)] + [end, end]
    fat += [free] * (128 - len(fat))
    directory = (_directory_entry("Root Entry", 5, 1, end, 0)
                 + _directory_entry("Workbook", 2, 0xFFFFFFFF, 1, len(stream))
                 + _directory_entry("", 0, 0xFFFFFFFF, 0, 0) * 2)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, sectors + 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *fat) + stream + directory
