"""The notices raised by the workflow's events (core/events.py): lists decided, questionnaires dispatched.

Lower areas emit the events; this module, above them, turns each into a notice. `install()` subscribes once at
start-up (create_app), so respondents and invitations never import monitoring.
"""

from survey_app.core import events
from survey_app.core.clock import show
from survey_app.monitoring.notices import notify, notify_moha


def list_submitted(*, campaign_id: int, locality_id: int, locality_name: str, active: int, **_) -> None:
    notify_moha(locality_id, campaign_id, f"{locality_name} đã gửi danh sách ({active} người): chờ Bộ Nội vụ duyệt.",
                kind="list.submitted")


def list_approved(*, campaign_id: int, locality_id: int, **_) -> None:
    notify(locality_id, campaign_id, "Bộ Nội vụ đã duyệt danh sách đối tượng khảo sát của địa phương.",
           kind="list.approved")


def list_returned(*, campaign_id: int, locality_id: int, reason: str, **_) -> None:
    notify(locality_id, campaign_id, f"Bộ Nội vụ đã trả lại danh sách đối tượng khảo sát. Lý do: {reason}. "
           "Hãy sửa danh sách theo lý do trên rồi bấm “Gửi danh sách” lại.", kind="list.returned")


def list_reopened(*, campaign_id: int, locality_id: int, reason: str, until, **_) -> None:
    notify(locality_id, campaign_id,
           f"Bộ Nội vụ đã mở lại danh sách để địa phương chỉnh sửa đến {show(until)}. Lý do: {reason}",
           kind="list.reopened")


def list_locked(*, campaign_id: int, locality_id: int, **_) -> None:
    notify(locality_id, campaign_id, "Đã quá hạn gửi danh sách: phần mềm đã khóa danh sách của địa phương. "
           "Liên hệ Vụ CCHC, Bộ Nội vụ nếu cần mở lại.", kind="list.locked")


def list_unlocked(*, campaign_id: int, locality_id: int, **_) -> None:
    notify(locality_id, campaign_id, "Bộ Nội vụ đã gia hạn gửi danh sách: địa phương có thể tiếp tục chỉnh sửa và "
           "gửi danh sách.", kind="list.unlocked")


def dispatched(*, campaign_id: int, locality_id: int, created: int, **_) -> None:
    notify(locality_id, campaign_id, f"Bộ Nội vụ đã gửi {created} phiếu khảo sát tới đối tượng trong danh sách "
           "của địa phương. Theo dõi tiến độ và đôn đốc ở trang “Tiến độ khảo sát”.", kind="dispatch.done")


HANDLERS = {"list.submitted": list_submitted, "list.approved": list_approved, "list.returned": list_returned,
            "list.reopened": list_reopened, "list.locked": list_locked, "list.unlocked": list_unlocked,
            "dispatch.done": dispatched}


def install() -> None:
    """Subscribe every handler (idempotent)."""
    for name, handler in HANDLERS.items():
        events.subscribe(name, handler)
