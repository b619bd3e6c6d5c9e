"""Small list files built in memory for the tests: .xlsx, .ods, .csv and broken ones."""

import io
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
