"""The audit log for MOHA: browse and filter, open an entry, export a period, see whether the chain holds."""

from datetime import date
from io import BytesIO

from flask import Blueprint, render_template, request, send_file

from survey_app.core import audit, audit_log
from survey_app.core.audit_export import audit_workbook
from survey_app.core.errors import InvalidInput, NotFound
from survey_app.web.loaders import requires

bp = Blueprint("audit_log", __name__, url_prefix="/audit")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(name: str, label: str) -> date | None:
    text = request.args.get(name, "").strip()
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        message = f"Trường {label}: '{text[:40]}' không phải là ngày (dạng năm-tháng-ngày, ví dụ 2026-12-03)."
        raise InvalidInput(message, errors=[{"field": name, "message": message}]) from None


def _filter() -> audit_log.AuditFilter:
    args = request.args
    return audit_log.AuditFilter(
        who=args.get("who", "").strip()[:200], what=args.get("what", "").strip()[:80],
        object_type=args.get("object_type", "").strip()[:40], object_id=args.get("object_id", "").strip()[:80],
        since=_day("since", "Từ ngày"), until=_day("until", "Đến ngày"))


@bp.route("")
@requires("audit.read")
def list_audit():
    """Entries newest first, filtered by who, what, which object and when, with the chain's status."""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    entries, total = audit_log.list_entries(_filter(), page=page)
    return render_template("audit/list.html", entries=entries, total=total, page=page,
                           pages=max(1, -(-total // audit_log.PAGE_SIZE)), status=audit.chain_status(),
                           labels=audit_log.ACTION_LABELS, object_types=audit_log.list_object_types(),
                           label=audit_log.action_label)


@bp.route("/<int:seq>")
@requires("audit.read")
def show_audit_entry(seq: int):
    """One entry in full: its details, and the hashes that chain it to the one before."""
    entry = audit_log.get_entry(seq)
    if entry is None:
        raise NotFound("Không tìm thấy mục nhật ký này.")
    return render_template("audit/show.html", entry=entry, label=audit_log.action_label(entry.action))


@bp.route("/export.xlsx")
@requires("audit.read")
def export_audit():
    """The matching entries (usually a period: ?since=&until=) as an Excel file, in chain order."""
    f = _filter()
    entries = audit_log.list_for_export(f)
    if len(entries) > audit_log.EXPORT_LIMIT:
        raise InvalidInput(f"Khoảng thời gian có hơn {audit_log.EXPORT_LIMIT} mục: hãy chọn khoảng ngắn hơn.")
    period = f"{f.since or 'đầu'} – {f.until or 'nay'}"
    data = audit_workbook(entries, title=f"Nhật ký kiểm toán, {period} ({len(entries)} mục)")
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"nhat-ky-{f.since or 'dau'}-{f.until or 'nay'}.xlsx")
