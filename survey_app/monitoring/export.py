"""The detailed progress of a locality as an Excel file, for officers who chase late respondents by phone."""

from io import BytesIO

import xlsxwriter

from survey_app.core.clock import show
from survey_app.monitoring.detail import RespondentProgress

HEADER = ["Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Nhóm", "Email", "Điện thoại", "Thư mời",
          "Số phiếu", "Đã mở", "Đã gửi phiếu", "Hoạt động gần nhất", "Tình trạng"]


def progress_workbook(rows: list[RespondentProgress], *, title: str, mail_labels: dict[str, str]) -> bytes:
    """One row per respondent; every cell is written as text (no formula injection)."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Tiến độ")
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, title, bold)
    for column, label in enumerate(HEADER):
        sheet.write_string(2, column, label, bold)
    for i, row in enumerate(rows, start=3):
        r = row.respondent
        values = [r.full_name, r.position, r.organisation, r.group_code, r.email, r.phone or "",
                  mail_labels.get(row.mail_status or "", "Chưa gửi"), str(row.invited), str(row.opened),
                  str(row.submitted), show(row.last_activity),
                  "Đã trả lời đủ" if row.is_done else "Chưa trả lời đủ"]
        for column, value in enumerate(values):
            sheet.write_string(i, column, value)
    sheet.freeze_panes(3, 1)
    sheet.autofilter(2, 0, 2 + len(rows), len(HEADER) - 1)
    for column, width in enumerate([24, 18, 30, 10, 30, 14, 14, 9, 8, 12, 18, 16]):
        sheet.set_column(column, column, width)
    book.close()
    return buffer.getvalue()
