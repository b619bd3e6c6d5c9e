"""Comma- or semicolon-separated text files, in the encodings Excel writes them."""

import codecs
import csv
import io
from collections.abc import Callable

from survey_app.core.filecheck import EXCEL_CELL_LIMIT, ReadError, thousands
from survey_app.core.text import nfc

#: How many of a row's cells are known column labels; the delimiter that makes the most line up wins.
HeaderScore = Callable[[list[str]], int]

_DELIMITERS = (";", ",", "\t")


def not_a_spreadsheet(filename: str) -> str:
    """The message for a file that is neither a workbook nor a text table."""
    return (f"File '{filename}' không phải là bảng tính. Hệ thống nhận file .xlsx, .xls, .ods hoặc .csv; "
            "hãy dùng file mẫu của hệ thống.")


def read_csv(data: bytes, filename: str, header_score: HeaderScore | None = None) -> list[list[str]]:
    """Rows of a CSV file, or a ReadError saying why it cannot be read."""
    text = decode_text(data)
    if text is None:
        raise ReadError(not_a_spreadsheet(filename))
    try:
        return parse_csv(text, header_score)
    except CsvProblem as problem:
        raise ReadError(
            f"Dòng {problem.line}: có ô quá dài (trên {thousands(EXCEL_CELL_LIMIT)} ký tự) hoặc dấu ngoặc kép "
            "không đóng. Hãy sửa ô đó rồi tải lên lại."
        ) from problem


def decode_text(data: bytes) -> str | None:
    """Text of a CSV file: UTF-8 (BOM or not), UTF-16 (BOM), else Windows-1258; None when binary."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel's "CSV" on a Vietnamese Windows is Windows-1258, which writes tones as combining marks.
            text = data.decode("cp1258", errors="replace")
    if "\x00" in text or _control_share(text) > 0.01:
        return None
    return nfc(text)


def _control_share(text: str) -> float:
    sample = text[:20_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\r\n\t")
    return controls / max(len(sample), 1)


def parse_csv(text: str, header_score: HeaderScore | None = None) -> list[list[str]]:
    """Rows of cells; the delimiter is the one that makes the header labels line up, else the commonest."""
    first, _, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        return _split(rest, first.strip()[4])
    return _split(text, _sniff(text, header_score or _no_labels))


def _no_labels(row: list[str]) -> int:
    return 0


def _sniff(text: str, header_score: HeaderScore) -> str:
    head = "\n".join(text.splitlines()[:30])

    def score(delimiter: str) -> tuple[int, int]:
        try:
            rows = _split(head, delimiter)
        except CsvProblem:
            return 0, 0
        best = max((header_score(row) for row in rows), default=0)
        return best, head.count(delimiter)

    return max(_DELIMITERS, key=score)


class CsvProblem(ValueError):
    """A CSV record that cannot be read (a cell far too long, an unclosed quote); .line is where."""

    def __init__(self, line: int):
        super().__init__(f"line {line}")
        self.line = line


def _split(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:
        raise CsvProblem(reader.line_num) from exc
