"""Export of a list to .xlsx; every cell is written as text, so nothing can run as a formula."""

import io

import xlsxwriter

from survey_app.respondents.headers import FIELDS
from survey_app.respondents.states import RespondentStatus

STATUS_LABELS = {RespondentStatus.ACTIVE: "Được khảo sát", RespondentStatus.EXCLUDED: "Bị loại"}
EXTRA_COLUMNS = {"status": "Trạng thái", "excluded_reason": "Lý do loại"}
_WIDTHS = {"stt": 6, "full_name": 28, "position": 24, "organisation": 36, "group": 16, "managing_ministry": 16,
           "email": 32, "phone": 14, "note": 24, "status": 16, "excluded_reason": 50}


def export_list(respondents: list[dict], *, title: str) -> bytes:
    """The current list with its status and exclusion reason; cells starting with = + - @ stay text."""
    columns = {**FIELDS, **EXTRA_COLUMNS}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Danh sách")
    _write_heading(book, sheet, title, columns)
    for offset, respondent in enumerate(respondents, start=1):
        row = 2 + offset
        for column, name in enumerate(columns):
            sheet.write_string(row, column, _cell_text(name, respondent, offset))
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, 2 + len(respondents), len(columns) - 1)
    book.close()
    return buffer.getvalue()


def _write_heading(book, sheet, title: str, columns: dict[str, str]) -> None:
    """The title in A1, the column labels in row 3."""
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
    for column, (name, label) in enumerate(columns.items()):
        sheet.write_string(2, column, label, header)
        sheet.set_column(column, column, _WIDTHS[name])


def _cell_text(name: str, respondent: dict, offset: int) -> str:
    """Text of one cell; write_string never turns text into a formula, whatever it starts with."""
    if name == "stt":
        return str(offset)
    value = respondent.get(name)
    if name == "status":
        return STATUS_LABELS.get(value, value or "")
    return "" if value is None else str(value)
