"""Reading the audit log: filter and page it in chain order, name its actions in plain words."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select

from survey_app.core.audit import AuditEntry
from survey_app.core.clock import VIETNAM
from survey_app.core.db import db

PAGE_SIZE = 50
#: Most entries a single export holds (a period larger than this is refused with a message).
EXPORT_LIMIT = 100_000

ACTION_LABELS = {
    "appraisal.upload": "Nhập điểm thẩm định", "campaign.close": "Kết thúc kỳ khảo sát",
    "campaign.create": "Tạo kỳ khảo sát", "campaign.dispatch": "Gửi phiếu", "campaign.mail_template": "Sửa mẫu thư",
    "campaign.mail_test": "Gửi thư thử", "campaign.open": "Mở kỳ khảo sát", "campaign.remind": "Đôn đốc",
    "campaign.settings": "Đổi cài đặt kỳ khảo sát", "invitation.reissue_link": "Cấp lại đường dẫn phiếu",
    "list.approve": "Duyệt danh sách", "list.import": "Nhập danh sách", "list.lock": "Khóa danh sách (quá hạn)",
    "list.reopen": "Mở lại danh sách", "list.return": "Trả lại danh sách", "list.submit": "Gửi danh sách",
    "list.unlock": "Mở khóa danh sách (gia hạn)", "mail.correct_address": "Sửa địa chỉ thư",
    "questionnaire.replace": "Thay phiếu khảo sát", "scores.compute": "Tính điểm", "scores.publish": "Công bố điểm",
    "user.change_role": "Đổi vai trò tài khoản", "user.create": "Tạo tài khoản", "user.deactivate": "Khóa tài khoản",
    "user.locked": "Tạm khóa do nhập sai mật khẩu", "user.password_change": "Đổi mật khẩu",
    "user.password_link": "Gửi đường dẫn đặt mật khẩu", "user.password_set": "Đặt mật khẩu",
    "user.reactivate": "Mở lại tài khoản", "user.unlock": "Gỡ tạm khóa tài khoản",
}


def action_label(action: str) -> str:
    """The action in plain words (the code itself when it has no name yet)."""
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class AuditFilter:
    """Who (part of the actor), what (an action or its area, e.g. 'list'), which object, when (Vietnam days)."""

    who: str = ""
    what: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def _filtered(query: Select, f: AuditFilter) -> Select:
    if f.who:
        query = query.where(AuditEntry.actor_label.ilike(f"%{f.who}%"))
    if f.what:
        query = query.where((AuditEntry.action == f.what) | AuditEntry.action.startswith(f.what.rstrip(".") + "."))
    if f.object_type:
        query = query.where(AuditEntry.object_type == f.object_type)
    if f.object_id:
        query = query.where(AuditEntry.object_id == f.object_id)
    if f.since:
        query = query.where(AuditEntry.at >= _day_start(f.since))
    if f.until:
        query = query.where(AuditEntry.at < _day_start(f.until + timedelta(days=1)))
    return query


def list_entries(f: AuditFilter, *, page: int = 1) -> tuple[list[AuditEntry], int]:
    """One page of matching entries, newest first by their place in the chain, and how many match."""
    total = db.session.scalar(_filtered(select(func.count(AuditEntry.id)), f)) or 0
    query = _filtered(select(AuditEntry), f).order_by(AuditEntry.seq.desc())
    rows = db.session.scalars(query.limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE))
    return list(rows), total


def list_for_export(f: AuditFilter) -> list[AuditEntry]:
    """Every matching entry in chain order (at most EXPORT_LIMIT + 1, so the caller can refuse a larger one)."""
    return list(db.session.scalars(_filtered(select(AuditEntry), f).order_by(AuditEntry.seq).limit(EXPORT_LIMIT + 1)))


def get_entry(seq: int) -> AuditEntry | None:
    return db.session.scalar(select(AuditEntry).where(AuditEntry.seq == seq))


def list_object_types() -> list[str]:
    """The kinds of object the log names (for the filter's choices)."""
    return list(db.session.scalars(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)))
