"""MOHA's national overview: one row per province and ministry, the national funnel, and who needs action first."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db, utcnow
from survey_app.invitations.models import Invitation
from survey_app.monitoring.funnel import Funnel, count_funnels, sum_by, total
from survey_app.reference.models import Locality, list_localities
from survey_app.respondents.models import LIST_STATUS_LABELS, RespondentList
from survey_app.respondents.states import ListStatus

#: A unit "needs action" when its bounces reach this share of what was sent (and at least BOUNCE_MIN)…
BOUNCE_SHARE, BOUNCE_MIN = 0.05, 5
#: …or when its rate is below this fraction of the national rate (once the national rate passes BEHIND_FROM).
BEHIND_FRACTION, BEHIND_FROM = 0.5, 0.1
#: Lists not sent this close to the list deadline need action.
LIST_SOON = timedelta(days=3)


@dataclass
class UnitRow:
    """One locality on the overview."""

    locality: Locality
    funnel: Funnel
    list_status: str | None = None
    list_submitted_at: datetime | None = None

    @property
    def list_label(self) -> str:
        return LIST_STATUS_LABELS[self.list_status] if self.list_status else "Chưa nhập"


@dataclass
class Action:
    """A unit to act on first: why, how urgent (lower first), and which page to act on."""

    row: UnitRow
    reason: str
    urgency: int
    target: str  # "list", "mail" or "desk": the web layer turns it into a link


@dataclass
class Overview:
    campaign: Campaign
    rows: list[UnitRow]
    national: Funnel
    actions: list[Action] = field(default_factory=list)
    #: group code → the national funnel of that group
    groups: dict[str, Funnel] = field(default_factory=dict)


def _lists(campaign_id: int) -> dict[int, RespondentList]:
    return {lst.locality_id: lst for lst in db.session.scalars(
        select(RespondentList).where(RespondentList.campaign_id == campaign_id))}


def list_unit_rows(campaign: Campaign, locality_ids: set[int] | None = None, funnels=None) -> list[UnitRow]:
    """Every visible locality with its funnel and its list's status, in code order."""
    if funnels is None:
        funnels = count_funnels(campaign.id, Invitation.locality_id, locality_ids=locality_ids)
    lists = _lists(campaign.id)
    rows = []
    for locality in list_localities():
        if locality_ids is None or locality.id in locality_ids:
            lst = lists.get(locality.id)
            rows.append(UnitRow(locality, funnels.get((locality.id,), Funnel()), lst.status if lst else None,
                                lst.submitted_at if lst else None))
    return rows


def get_overview(campaign: Campaign) -> Overview:
    """The national overview of a campaign (MOHA)."""
    by_group = count_funnels(campaign.id, Invitation.locality_id, Invitation.group_code)  # one scan for both
    rows = list_unit_rows(campaign, funnels=sum_by(by_group, 0))
    overview = Overview(campaign, rows, total(row.funnel for row in rows),
                        groups={key[0]: f for key, f in sum_by(by_group, 1).items()})
    overview.actions = find_actions(campaign, rows, overview.national.rate)
    return overview


def find_actions(campaign: Campaign, rows: list[UnitRow], national_rate: float, *, now=None) -> list[Action]:
    """Units needing action, most urgent first: lists late or waiting, bounces, rates far below the nation's."""
    now = now or utcnow()
    found = [action for row in rows for action in _row_actions(campaign, row, national_rate, now)]
    return sorted(found, key=lambda a: (a.urgency, a.row.funnel.rate, a.row.locality.code))


def _row_actions(campaign: Campaign, row: UnitRow, national_rate: float, now) -> list[Action]:
    actions = []
    if row.list_status in (None, ListStatus.DRAFT, ListStatus.RETURNED) and campaign.list_deadline - now <= LIST_SOON:
        late = "đã quá hạn" if now > campaign.list_deadline else "sắp đến hạn"
        actions.append(Action(row, f"Chưa gửi danh sách, {late} ({row.list_label})", 0, "list"))
    if row.list_status == ListStatus.SUBMITTED:
        actions.append(Action(row, "Danh sách đang chờ Bộ Nội vụ duyệt", 1, "list"))
    if row.funnel.bounced >= BOUNCE_MIN and row.funnel.bounce_rate >= BOUNCE_SHARE:
        actions.append(Action(row, f"{row.funnel.bounced} thư bị trả lại ({row.funnel.bounce_rate:.0%} số đã gửi)",
                              2, "mail"))
    if is_far_behind(row.funnel, national_rate):
        actions.append(Action(row, f"Tỷ lệ trả lời {row.funnel.rate:.0%}, dưới một nửa cả nước ({national_rate:.0%})",
                              3, "desk"))
    return actions


def is_far_behind(funnel: Funnel, national_rate: float) -> bool:
    """Whether a unit's rate is under half the national rate (once the nation is under way)."""
    return funnel.listed > 0 and national_rate >= BEHIND_FROM and funnel.rate < BEHIND_FRACTION * national_rate


SORTS = {"code": lambda r: r.locality.code, "name": lambda r: r.locality.name, "rate": lambda r: r.funnel.rate,
         "listed": lambda r: r.funnel.listed, "bounced": lambda r: r.funnel.bounced,
         "submitted": lambda r: r.funnel.submitted, "list": lambda r: r.list_label,
         "last": lambda r: r.funnel.last_activity.timestamp() if r.funnel.last_activity else 0}


def filter_rows(rows: list[UnitRow], *, kind: str = "", search: str = "", list_status: str = "") -> list[UnitRow]:
    """Rows of one kind (province, ministry), whose name or code contains `search`, with one list status."""
    needle = search.strip().casefold()
    return [r for r in rows if (not kind or r.locality.kind == kind)
            and (not needle or needle in r.locality.name.casefold() or needle == r.locality.code.casefold())
            and (not list_status or (r.list_status or "none") == list_status)]


def sort_rows(rows: list[UnitRow], key: str, *, descending: bool = False) -> list[UnitRow]:
    """Rows sorted by one of SORTS (code when unknown)."""
    return sorted(rows, key=SORTS.get(key, SORTS["code"]), reverse=descending)
