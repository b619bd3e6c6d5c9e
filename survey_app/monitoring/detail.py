"""Chi tiết tiến độ: each respondent of a locality and how far they got — never what they answered."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import MailStatus, OutboxMessage
from survey_app.respondents.models import Respondent, RespondentList


@dataclass
class RespondentProgress:
    respondent: "Person"
    #: The newest invitation email's delivery status (queued, sent, deferred, failed, bounced, …), or None.
    mail_status: str | None = None
    invited: int = 0
    opened: int = 0
    submitted: int = 0
    last_activity: datetime | None = None
    questionnaires: list[str] = field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return self.invited > 0 and self.submitted == self.invited

    @property
    def is_bounced(self) -> bool:
        return self.mail_status in (MailStatus.BOUNCED, MailStatus.FAILED)


#: The desk's filters of respondents: name → (label, test).
FILTERS = {
    "late": ("Chưa trả lời đủ", lambda row: not row.is_done),
    "not_opened": ("Chưa mở phiếu", lambda row: row.invited > 0 and row.opened == 0),
    "opened": ("Đã mở, chưa gửi đủ", lambda row: row.opened > 0 and not row.is_done),
    "bounced": ("Thư bị trả lại", lambda row: row.is_bounced),
    "done": ("Đã trả lời đủ", lambda row: row.is_done),
}


def filter_progress(rows: list[RespondentProgress], *, only: str = "", organisation: str = "") -> list:
    """Rows passing the named filter (FILTERS) and belonging to `organisation` when given."""
    test = FILTERS[only][1] if only in FILTERS else (lambda row: True)
    return [row for row in rows if test(row) and (not organisation or row.respondent.organisation == organisation)]


@dataclass(frozen=True)
class Person:
    """What the desk shows of a respondent (read as plain columns: a province lists thousands)."""

    id: int
    full_name: str
    position: str
    organisation: str
    group_code: str
    email: str
    phone: str


def _people(campaign_id: int, locality_id: int) -> dict[int, RespondentProgress]:
    query = (select(Respondent.id, Respondent.full_name, Respondent.position, Respondent.organisation,
                    Respondent.group_code, Respondent.email, Respondent.phone)
             .join(RespondentList, RespondentList.id == Respondent.list_id)
             .where(RespondentList.campaign_id == campaign_id, RespondentList.locality_id == locality_id,
                    Respondent.status == "active").order_by(Respondent.id))
    return {row[0]: RespondentProgress(Person(*row[:6], row[6] or "")) for row in db.session.execute(query)}


def _count_invitation(entry: RespondentProgress, opened_at, submitted_at, group_code: str) -> None:
    entry.invited += 1
    entry.opened += opened_at is not None
    entry.submitted += submitted_at is not None
    entry.questionnaires.append(group_code)
    for moment in (opened_at, submitted_at):
        if moment and (entry.last_activity is None or moment > entry.last_activity):
            entry.last_activity = moment


def list_respondent_progress(campaign_id: int, locality_id: int) -> list[RespondentProgress]:
    """Active respondents of the locality's list with their invitation counts, in list order."""
    rows = _people(campaign_id, locality_id)
    invitations = db.session.execute(
        select(Invitation.respondent_id, Invitation.opened_at, Invitation.submitted_at, Invitation.group_code)
        .where(Invitation.campaign_id == campaign_id, Invitation.locality_id == locality_id,
               Invitation.is_void.is_(False)))
    for respondent_id, *moments in invitations:
        if respondent_id in rows:
            _count_invitation(rows[respondent_id], *moments)
    mails = db.session.execute(
        select(OutboxMessage.respondent_id, OutboxMessage.status)
        .where(OutboxMessage.status != MailStatus.CANCELLED, OutboxMessage.campaign_id == campaign_id,
               OutboxMessage.locality_id == locality_id, OutboxMessage.kind == "invite").order_by(OutboxMessage.id))
    for respondent_id, status in mails:
        if respondent_id in rows:
            rows[respondent_id].mail_status = status
    return list(rows.values())
