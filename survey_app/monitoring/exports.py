"""The overview's exports: the national table and the funnel by group (.xlsx), the daily series (CSV).

Formula-safe: text is written as text (xlsxwriter's write_string never makes a formula), numbers as numbers,
and a CSV cell that a spreadsheet would read as a formula (=, +, -, @ first) gets a leading apostrophe.
"""

import csv
from io import BytesIO, StringIO

import xlsxwriter

from survey_app.core.clock import show
from survey_app.monitoring.funnel import APART, STEP_LABELS, STEPS, Funnel
from survey_app.monitoring.series import Series

COUNT_HEADER = [STEP_LABELS[key] for key in STEPS + APART] + ["Tỷ lệ trả lời"]


def _counts(funnel: Funnel) -> list:
    return [getattr(funnel, key) for key in STEPS + APART] + [round(funnel.rate, 4)]


def _sheet(rows: list[list], *, title: str, header: list[str], widths: list[int]) -> bytes:
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Tiến độ")
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, title, bold)
    for column, label in enumerate(header):
        sheet.write_string(2, column, label, bold)
    for i, row in enumerate(rows, start=3):
        for column, value in enumerate(row):
            _write(sheet, i, column, value)
    sheet.freeze_panes(3, 1)
    sheet.autofilter(2, 0, 2 + len(rows), len(header) - 1)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    book.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, "" if value is None else str(value))


def units_workbook(overview, *, title: str) -> bytes:
    """One row per province and ministry: list status, the funnel, rate and last activity."""
    rows = [[r.locality.code, r.locality.name, "Tỉnh" if r.locality.kind == "province" else "Bộ", r.list_label,
             *_counts(r.funnel), show(r.funnel.last_activity)] for r in overview.rows]
    rows.append(["", "Cả nước", "", "", *_counts(overview.national), show(overview.national.last_activity)])
    header = ["Mã", "Địa phương", "Loại", "Danh sách", *COUNT_HEADER, "Hoạt động gần nhất"]
    return _sheet(rows, title=title, header=header, widths=[6, 28, 6, 14] + [12] * 9 + [18])


def groups_workbook(groups: list[tuple[str, Funnel]], *, title: str) -> bytes:
    """One row per respondent group (by name) with its funnel."""
    rows = [[name, *_counts(funnel)] for name, funnel in groups]
    return _sheet(rows, title=title, header=["Nhóm đối tượng", *COUNT_HEADER], widths=[34] + [12] * 9)


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def series_csv(series: Series) -> str:
    """day, submitted that day, cumulative, needed cumulative (UTF-8 with BOM, so Excel reads the accents)."""
    out = StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Ngày", "Phiếu trả lời trong ngày", "Cộng dồn", "Cần đạt (cộng dồn)"])
    for row in series.rows():
        needed = None if row["needed"] is None else round(row["needed"], 1)
        writer.writerow([_safe(v) for v in (row["day"].isoformat(), row["daily"], row["cumulative"], needed)])
    return "\ufeff" + out.getvalue()
