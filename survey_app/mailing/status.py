"""Read-only counts of the outbox by delivery status: the campaign's mail to respondents (officers' notices, account
links and test sends travel through the same outbox but are not the campaign's mail)."""

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import selectinload

from survey_app.core.db import db
from survey_app.mailing.models import MailStatus, OutboxMessage
from survey_app.respondents.models import Respondent, RespondentList

REPORTED = (MailStatus.QUEUED, MailStatus.SENT, MailStatus.DEFERRED, MailStatus.FAILED, MailStatus.BOUNCED)
#: Shown on the mail page, with the statuses people filter by.
STATUS_LABELS = {MailStatus.QUEUED: "Đang chờ gửi", MailStatus.SENT: "Đã gửi",
                 MailStatus.DEFERRED: "Tạm hoãn, sẽ gửi lại", MailStatus.FAILED: "Thất bại",
                 MailStatus.BOUNCED: "Bị trả lại", MailStatus.CANCELLED: "Đã thay thế hoặc hủy"}


def count_mail_status(campaign_id: int, *, locality_ids: set[int] | None = None) -> dict:
    """{"queued", "sent", "deferred", "failed", "bounced"}; a claimed message counts as queued."""
    query = (select(OutboxMessage.status, func.count())
             .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.respondent_id.is_not(None))
             .group_by(OutboxMessage.status))
    if locality_ids is not None:
        query = query.where(OutboxMessage.locality_id.in_(locality_ids))
    counts = dict.fromkeys(REPORTED, 0)
    for status, n in db.session.execute(query):
        key = MailStatus.QUEUED if status == MailStatus.CLAIMED else status
        if key in counts:
            counts[key] += n
    return counts


def count_by_locality(campaign_id: int, *, locality_ids: set[int] | None = None) -> dict[int, dict]:
    """{locality id: status counts as in count_mail_status} for every locality with messages."""
    query = (select(OutboxMessage.locality_id, OutboxMessage.status, func.count())
             .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.respondent_id.is_not(None))
             .group_by(OutboxMessage.locality_id, OutboxMessage.status))
    if locality_ids is not None:
        query = query.where(OutboxMessage.locality_id.in_(locality_ids))
    result: dict[int, dict] = {}
    for locality_id, status, n in db.session.execute(query):
        counts = result.setdefault(locality_id, dict.fromkeys(REPORTED, 0))
        key = MailStatus.QUEUED if status == MailStatus.CLAIMED else status
        if key in counts:
            counts[key] += n
    return result


PAGE_SIZE = 100


def list_messages(campaign_id: int, *, locality_ids: set[int] | None = None, status: str | None = None,
                  search: str = "", page: int = 1) -> tuple[list[OutboxMessage], int]:
    """One page of a campaign's messages, problems first (bounced, failed, deferred), then newest, and how many
    match in all. `search` keeps the messages whose address or recipient's name contains it."""
    query = _matching(campaign_id, locality_ids, status, search.strip())
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    order = case({MailStatus.BOUNCED: 0, MailStatus.FAILED: 1, MailStatus.DEFERRED: 2}, value=OutboxMessage.status,
                 else_=3)
    # The page shows each row's respondent and locality: load them with the rows, not one query per row.
    query = (query.options(selectinload(OutboxMessage.respondent).selectinload(Respondent.list)
                           .selectinload(RespondentList.locality))
             .order_by(order, OutboxMessage.id.desc()).offset((max(page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(db.session.scalars(query)), total


def _matching(campaign_id: int, locality_ids: set[int] | None, status: str | None, search: str):
    """The campaign's respondent messages in the localities, with the status, whose address or name has `search`."""
    query = select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id,
                                        OutboxMessage.respondent_id.is_not(None))
    if locality_ids is not None:
        query = query.where(OutboxMessage.locality_id.in_(locality_ids))
    if status == MailStatus.QUEUED:
        query = query.where(OutboxMessage.status.in_((MailStatus.QUEUED, MailStatus.CLAIMED)))
    elif status:
        query = query.where(OutboxMessage.status == status)
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.join(Respondent, Respondent.id == OutboxMessage.respondent_id).where(
            or_(OutboxMessage.to_addr.ilike(pattern, escape="\\"), Respondent.full_name.ilike(pattern, escape="\\")))
    return query


def get_message(campaign_id: int, message_id: int, locality_id: int) -> OutboxMessage | None:
    """One message of the campaign, only if it belongs to the locality (scoping is the caller's)."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.campaign_id != campaign_id or message.locality_id != locality_id:
        return None
    return message
