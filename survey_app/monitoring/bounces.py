"""Why a locality's invitations did not arrive, in plain Vietnamese, with what the officer should do."""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.mailing.models import OutboxMessage


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    todo: str


REASONS = {
    "no_mailbox": Reason("no_mailbox", "Hộp thư không tồn tại (địa chỉ sai hoặc đã bị xóa)",
                         "Kiểm tra lại địa chỉ với người được khảo sát, sửa ở trang “Tình hình gửi thư” để gửi lại."),
    "full": Reason("full", "Hộp thư đầy",
                   "Gọi điện nhờ người được khảo sát dọn hộp thư, rồi gửi lại thư mời."),
    "refused": Reason("refused", "Máy chủ thư của cơ quan từ chối nhận (chặn thư, nghi thư rác)",
                      "Nhờ bộ phận công nghệ thông tin của tỉnh cho phép thư từ Bộ Nội vụ, rồi gửi lại."),
    "domain": Reason("domain", "Tên miền thư không nhận thư (sai tên miền hoặc máy chủ không hoạt động)",
                     "Kiểm tra phần sau dấu @ của địa chỉ; nếu là hộp thư công vụ, báo bộ phận công nghệ thông tin."),
    "other": Reason("other", "Lỗi khác khi gửi thư",
                    "Xem lời báo của máy chủ ở trang “Tình hình gửi thư”; nếu chưa rõ, liên hệ Vụ CCHC, Bộ Nội vụ."),
}


def classify(error: str | None) -> Reason:
    """The reason behind a server's words ("550 5.1.1 User unknown" → no mailbox)."""
    text = (error or "").lower()
    if any(k in text for k in ("5.1.1", "user unknown", "no such user", "does not exist", "mailbox unavailable")):
        return REASONS["no_mailbox"]
    if any(k in text for k in ("5.2.2", "552", "quota", "full")):
        return REASONS["full"]
    if any(k in text for k in ("5.1.2", "host not found", "domain", "no mx", "5.4.4")):
        return REASONS["domain"]
    if any(k in text for k in ("554", "5.7", "spam", "blocked", "rejected", "policy", "denied")):
        return REASONS["refused"]
    return REASONS["other"]


def count_bounce_reasons(campaign_id: int, locality_id: int) -> list[tuple[Reason, int]]:
    """The locality's bounced or refused invitation mails by reason, most frequent first."""
    errors = db.session.scalars(select(OutboxMessage.last_error).where(
        OutboxMessage.campaign_id == campaign_id, OutboxMessage.locality_id == locality_id,
        OutboxMessage.kind.in_(("invite", "reminder")), OutboxMessage.status.in_(("bounced", "failed"))))
    counts = Counter(classify(error).code for error in errors)
    return [(REASONS[code], n) for code, n in counts.most_common()]
