"""The two spreadsheets of scoring: the appraisal template and the published report (text cells never formulas)."""

from collections.abc import Sequence
from io import BytesIO

import xlsxwriter

from survey_app.scoring.appraisal_file import CRITERION, POINTS, UNIT
from survey_app.scoring.model import IndexModel, Source

TEMPLATE_HEADER = [UNIT, "Tên đơn vị", CRITERION, "Tên tiêu chí", "Điểm tối đa", POINTS]
GUIDE = ("Điền điểm thẩm định vào cột 'Điểm' (số thập phân dùng dấu phẩy hoặc dấu chấm, từ 0 đến điểm tối đa). "
         "Dòng để trống cột 'Điểm' được bỏ qua. Không thêm tiêu chí lấy điểm từ điều tra xã hội học. "
         "Cả tệp được kiểm tra trước khi lưu: nếu có một dòng sai, không dòng nào được lưu.")


def _book() -> tuple[BytesIO, xlsxwriter.Workbook]:
    buffer = BytesIO()
    return buffer, xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})


def appraisal_template(model: IndexModel, units: Sequence[tuple[str, str, str]], *, title: str) -> bytes:
    """One row per unit (code, name, level) and non-survey criterion, the points column left to fill."""
    buffer, book = _book()
    sheet = book.add_worksheet("Điểm thẩm định")
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, title, bold)
    sheet.write_string(1, 0, GUIDE)
    for column, label in enumerate(TEMPLATE_HEADER):
        sheet.write_string(2, column, label, bold)
    _template_rows(sheet, model, units)
    sheet.freeze_panes(3, 0)
    for column, width in enumerate([11, 28, 12, 60, 11, 10]):
        sheet.set_column(column, column, width)
    book.close()
    return buffer.getvalue()


def _template_rows(sheet, model: IndexModel, units: Sequence[tuple[str, str, str]]) -> None:
    row = 3
    for code, name, level in units:
        for criterion in model.levels[level].criteria():
            if criterion.source is Source.APPRAISAL:
                for column, text in enumerate([code, name, criterion.code, criterion.name]):
                    sheet.write_string(row, column, text)
                sheet.write_number(row, 4, criterion.max_points)
                row += 1


def ranking_report(model: IndexModel, units: Sequence[dict], *, title: str) -> bytes:
    """MOHA's published shape: one sheet per level with rank, unit, points per field, index and class."""
    buffer, book = _book()
    bold = book.add_format({"bold": True})
    two = book.add_format({"num_format": "0.00"})
    for level_code, level in model.levels.items():
        sheet = book.add_worksheet(level.name[:31])
        sheet.write_string(0, 0, f"{title} — {level.name}", bold)
        header = ["Hạng", "Đơn vị", *[f"{f.code} (tối đa {f.max_points:g})" for f in level.fields],
                  "Điểm khảo sát", "Điểm thẩm định", "Chỉ số (%)", "Xếp nhóm", "Xếp loại", "Ghi chú"]
        for column, label in enumerate(header):
            sheet.write_string(2, column, label, bold)
        members = [u for u in units if u["kind"] == level_code]
        for row, unit in enumerate(members, start=3):
            _report_row(sheet, row, unit, [f.code for f in level.fields], two)
        sheet.freeze_panes(3, 2)
        sheet.set_column(1, 1, 30)
    book.close()
    return buffer.getvalue()


def _report_row(sheet, row: int, unit: dict, fields: list[str], two) -> None:
    sheet.write_number(row, 0, unit["rank"])
    sheet.write_string(row, 1, unit["name"])
    values = [unit["fields"][code] for code in fields] + [unit["survey_points"], unit["appraisal_points"],
                                                          unit["index"]]
    for offset, value in enumerate(values, start=2):
        sheet.write_number(row, offset, round(value, 2), two)
    end = 2 + len(values)
    sheet.write_string(row, end, unit["class_names"].get("national", ""))
    sheet.write_string(row, end + 1, unit["class_names"].get("local", ""))
    sheet.write_string(row, end + 2, "Kết quả khảo sát bị hủy" if unit.get("voided") else "")
