"""Return or reopen a respondent list for changes: refused once invitations were sent from it (issue 10 item 5:
changing people after dispatch is done by correcting or adding, which issue their own links).

It lives here, above respondents, because the refusal reads invitations; the list side is plain field changes.
"""

from sqlalchemy import select

from survey_app.core import audit, events
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.invitations.models import Invitation
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.respondents.services import checked_reason
from survey_app.respondents.states import ListStatus

DISPATCHED = ("Đã gửi phiếu khảo sát cho danh sách này: không thể trả lại hay mở lại danh sách. Sau khi gửi phiếu, "
              "thay đổi người được khảo sát bằng cách sửa địa chỉ thư (mỗi lần sửa có đường dẫn mới).")


def return_list(lst: RespondentList, *, reason: str, actor) -> RespondentList:
    """MOHA sends a submitted (or approved, not yet dispatched) list back with a reason."""
    reason = checked_reason(reason, "Cần ghi lý do trả lại danh sách.")
    if lst.status not in (ListStatus.SUBMITTED, ListStatus.APPROVED):
        raise InvalidState(f"Chỉ trả lại được danh sách đã gửi (hiện: '{lst.status_label}').")
    ensure_not_dispatched(lst)
    lst.status, lst.submitted_at, lst.decided_at, lst.return_reason = ListStatus.RETURNED, None, utcnow(), reason
    events.emit("list.returned", campaign_id=lst.campaign_id, locality_id=lst.locality_id, reason=reason)
    audit.record("list.return", lst, actor=actor, details={"reason": reason})
    return lst


def reopen_list(lst: RespondentList, *, reason: str, until, actor) -> RespondentList:
    """MOHA lets a locality change its list again (also past the deadline) until `until`, with a reason."""
    reason = checked_reason(reason, "Cần ghi lý do mở lại danh sách.")
    if until <= utcnow():
        raise InvalidInput("Thời hạn mở lại phải ở tương lai.",
                           errors=[{"field": "until", "message": "Thời hạn mở lại phải ở tương lai."}])
    ensure_not_dispatched(lst)
    lst.status, lst.submitted_at, lst.reopened_until, lst.locked_at = ListStatus.DRAFT, None, until, None
    events.emit("list.reopened", campaign_id=lst.campaign_id, locality_id=lst.locality_id, reason=reason,
                until=until)
    audit.record("list.reopen", lst, actor=actor, details={"reason": reason, "until": until.isoformat()})
    return lst


def ensure_not_dispatched(lst: RespondentList, message: str = DISPATCHED) -> None:
    """Refuse (with `message`) a change to a list from which invitations were already issued."""
    issued = select(Invitation.id).join(Respondent).where(Respondent.list_id == lst.id).limit(1)
    if lst.id and db.session.scalar(issued):
        raise InvalidState(message)
