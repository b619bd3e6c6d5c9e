"""The funnel of a campaign's invitations: listed → sent → delivered → opened → started → submitted.

Counts are of invitations, attributed to the locality whose list issued them (it follows up), whatever unit an
invitation is about. An invitation's mail is its respondent's invite message that was not cancelled (a corrected
address cancels the old message and queues a replacement; see invite_mail): "sent" means it left for the
recipient's server (accepted, or accepted and bounced later), "delivered" sent and not bounced, "bounced" bounced
or refused outright.
Void invitations count only as "void", apart from everything else. Never any answer.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import MailStatus, OutboxMessage
from survey_app.respondents.models import Respondent

#: The funnel's steps in order, then the two counts shown apart.
STEPS = ("listed", "sent", "delivered", "opened", "started", "submitted")
APART = ("bounced", "void")
STEP_LABELS = {"listed": "Phiếu đã tạo", "sent": "Đã gửi thư", "delivered": "Thư đến hộp thư",
               "opened": "Đã mở phiếu", "started": "Đã bắt đầu trả lời", "submitted": "Đã gửi phiếu trả lời",
               "bounced": "Thư bị trả lại", "void": "Phiếu bị hủy"}


@dataclass
class Funnel:
    listed: int = 0
    sent: int = 0
    delivered: int = 0
    opened: int = 0
    started: int = 0
    submitted: int = 0
    bounced: int = 0
    void: int = 0
    last_activity: datetime | None = None

    @property
    def rate(self) -> float:
        """Submitted ÷ listed (0 when nothing is listed)."""
        return self.submitted / self.listed if self.listed else 0.0

    @property
    def bounce_rate(self) -> float:
        return self.bounced / self.sent if self.sent else 0.0

    def add(self, other: "Funnel") -> None:
        # Spelled out: the overview sums a few hundred funnels per request, and getattr/setattr loops cost.
        self.listed += other.listed
        self.sent += other.sent
        self.delivered += other.delivered
        self.opened += other.opened
        self.started += other.started
        self.submitted += other.submitted
        self.bounced += other.bounced
        self.void += other.void
        if other.last_activity and (self.last_activity is None or other.last_activity > self.last_activity):
            self.last_activity = other.last_activity

    def counts(self) -> dict[str, int]:
        return {key: value for key, value in asdict(self).items() if key != "last_activity"}


def _latest(*moments: datetime | None) -> datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def invite_mail(campaign_id: int, locality_ids: set[int] | None = None):
    """Each respondent's current invite message: (respondent_id, status).

    Invariant relied on (no grouping needed): a respondent has at most one invite message per campaign that is
    not cancelled — dispatch queues one (key "invite:<campaign>:<respondent>", unique) and an address
    correction cancels it before queueing its replacement (mailing/corrections.py). Keep it so when adding a
    way to resend an invitation: cancel the old message in the same transaction.
    """
    current = (select(OutboxMessage.respondent_id, OutboxMessage.status)
               .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.kind == "invite",
                      OutboxMessage.status != MailStatus.CANCELLED))
    if locality_ids is not None:  # an invite message belongs to the locality of its respondent's list
        current = current.where(OutboxMessage.locality_id.in_(locality_ids))
    return current.subquery()


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def funnel_columns(mail) -> list:
    live = Invitation.is_void.is_(False)
    return [_count(live), _count(and_(live, mail.c.status.in_((MailStatus.SENT, MailStatus.BOUNCED)))),
            _count(and_(live, mail.c.status == MailStatus.SENT)), _count(and_(live, Invitation.opened_at.is_not(None))),
            _count(and_(live, Invitation.started_at.is_not(None))),
            _count(and_(live, Invitation.submitted_at.is_not(None))),
            _count(and_(live, mail.c.status.in_((MailStatus.BOUNCED, MailStatus.FAILED)))),
            _count(Invitation.is_void.is_(True)),
            func.max(Invitation.opened_at), func.max(Invitation.submitted_at)]


def make_funnel(numbers) -> Funnel:
    *counts, opened, submitted = numbers
    funnel = Funnel(*(int(n or 0) for n in counts))
    funnel.last_activity = _latest(opened, submitted)
    return funnel


def count_funnels(campaign_id: int, *keys, locality_ids: set[int] | None = None,
                  with_respondent: bool = False) -> dict[tuple, Funnel]:
    """Funnels grouped by `keys` (columns of Invitation, or of Respondent when with_respondent)."""
    mail = invite_mail(campaign_id, locality_ids)
    query = (select(*keys, *funnel_columns(mail)).select_from(Invitation)
             .outerjoin(mail, mail.c.respondent_id == Invitation.respondent_id)
             .where(Invitation.campaign_id == campaign_id).group_by(*keys))
    if with_respondent:
        query = query.join(Respondent, Respondent.id == Invitation.respondent_id)
    if locality_ids is not None:
        query = query.where(Invitation.locality_id.in_(locality_ids))
    width = len(keys)
    return {tuple(row[:width]): make_funnel(row[width:]) for row in db.session.execute(query)}


def sum_by(funnels: dict[tuple, Funnel], position: int) -> dict[tuple, Funnel]:
    """Funnels keyed by several columns, summed over all but the one at `position`."""
    summed: dict[tuple, Funnel] = {}
    for key, funnel in funnels.items():
        summed.setdefault((key[position],), Funnel()).add(funnel)
    return summed


def total(funnels) -> Funnel:
    """The sum of several funnels."""
    result = Funnel()
    for funnel in funnels:
        result.add(funnel)
    return result
