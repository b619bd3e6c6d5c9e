"""A period of the audit log as an Excel file: one row per entry, in chain order, every cell as text."""

import json
from io import BytesIO

import xlsxwriter

from survey_app.core.audit import AuditEntry
from survey_app.core.audit_log import action_label
from survey_app.core.clock import show

HEADER = ["Số thứ tự", "Thời điểm (giờ Việt Nam)", "Người thực hiện", "Việc", "Mã việc", "Đối tượng",
          "Mã đối tượng", "Chi tiết", "Mã băm", "Mã băm mục trước"]
WIDTHS = [10, 18, 30, 28, 22, 18, 12, 60, 20, 20]


def _values(entry: AuditEntry) -> list[str]:
    return [str(entry.seq), show(entry.at), entry.actor_label, action_label(entry.action), entry.action,
            entry.object_type, entry.object_id, json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
            entry.hash, entry.prev_hash]


def audit_workbook(entries: list[AuditEntry], *, title: str) -> bytes:
    """The entries under a title line; text cells only (no formula injection from details)."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet, bold = book.add_worksheet("Nhật ký"), book.add_format({"bold": True})
    sheet.write_string(0, 0, title, bold)
    for column, label in enumerate(HEADER):
        sheet.write_string(2, column, label, bold)
        sheet.set_column(column, column, WIDTHS[column])
    for row, entry in enumerate(entries, start=3):
        for column, value in enumerate(_values(entry)):
            sheet.write_string(row, column, value)
    sheet.freeze_panes(3, 0)
    book.close()
    return buffer.getvalue()
