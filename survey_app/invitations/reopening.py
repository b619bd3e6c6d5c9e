"""Reopen a respondent list for changes: refused once invitations were sent from it.

It lives here, above respondents, because the refusal reads invitations; the list side is plain field changes.
"""

from sqlalchemy import select

from survey_app.core import audit
from survey_app.core.clock import show
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.invitations.models import Invitation
from survey_app.monitoring.notices import notify
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.respondents.states import ListStatus


def reopen_list(lst: RespondentList, *, reason: str, until, actor) -> RespondentList:
    """MOHA lets a locality change its list again (also past the deadline) until `until`, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Cần ghi lý do mở lại danh sách.",
                           errors=[{"field": "reason", "message": "Cần ghi lý do mở lại danh sách."}])
    if until <= utcnow():
        raise InvalidInput("Thời hạn mở lại phải ở tương lai.",
                           errors=[{"field": "until", "message": "Thời hạn mở lại phải ở tương lai."}])
    ensure_not_dispatched(lst, "Đã gửi phiếu cho danh sách này: không thể mở lại để sửa.")
    lst.status, lst.submitted_at, lst.reopened_until, lst.locked_at = ListStatus.DRAFT, None, until, None
    notify(lst.locality_id, lst.campaign_id,
           f"Bộ Nội vụ đã mở lại danh sách để địa phương chỉnh sửa đến {show(until)}. Lý do: {reason}")
    audit.record("list.reopen", lst, actor=actor, details={"reason": reason, "until": until.isoformat()})
    return lst


def ensure_not_dispatched(lst: RespondentList, message: str) -> None:
    """Refuse (with `message`) a change to a list from which invitations were already issued."""
    if db.session.scalar(select(Invitation.id).join(Respondent).where(Respondent.list_id == lst.id).limit(1)):
        raise InvalidState(message)
