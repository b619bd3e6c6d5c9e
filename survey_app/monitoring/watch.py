"""Notices that no single action raises, found by a periodic job: deadlines near, bounces high, a locality far
behind. Each is raised once (its dedupe key names the campaign, the locality and the occasion)."""

from datetime import date

from sqlalchemy import select

from survey_app.campaigns.models import Campaign, CampaignStatus
from survey_app.core.clock import local, show
from survey_app.core.db import db, utcnow
from survey_app.monitoring.funnel import total
from survey_app.monitoring.notices import notify, notify_moha
from survey_app.monitoring.overview import BOUNCE_MIN, BOUNCE_SHARE, is_far_behind, list_unit_rows
from survey_app.respondents.states import ListStatus

#: Days before a deadline when its warning goes out.
WARN_DAYS = (3, 1)


def watch_progress(*, today: date | None = None) -> int:
    """Raise the due notices of every running campaign; the number raised."""
    day = today or local(utcnow()).date()
    raised = 0
    active = (CampaignStatus.COLLECTING, CampaignStatus.SURVEYING)
    for campaign in db.session.scalars(select(Campaign).where(Campaign.status.in_(active))):
        rows = list_unit_rows(campaign)
        national = total(r.funnel for r in rows).rate
        for row in rows:
            raised += sum(1 for notice in _row_notices(campaign, row, national, day) if notice is not None)
    return raised


def _row_notices(campaign: Campaign, row, national: float, day: date) -> list:
    return [_list_deadline(campaign, row, day), _response_deadline(campaign, row, day), _bounces(campaign, row),
            _behind(campaign, row, national, day)]


def _days_left(deadline, day: date) -> int:
    return (local(deadline).date() - day).days


def _list_deadline(campaign: Campaign, row, day: date):
    left = _days_left(campaign.list_deadline, day)
    if left not in WARN_DAYS or row.list_status in (ListStatus.SUBMITTED, ListStatus.APPROVED):
        return None
    return notify(row.locality.id, campaign.id,
                  f"Còn {left} ngày đến hạn gửi danh sách ({show(campaign.list_deadline)}): "
                  f"danh sách của địa phương chưa được gửi ({row.list_label}).", kind="deadline.list",
                  dedupe_key=f"deadline.list:{campaign.id}:{row.locality.id}:{left}")


def _response_deadline(campaign: Campaign, row, day: date):
    left, f = _days_left(campaign.response_deadline, day), row.funnel
    if left not in WARN_DAYS or not f.listed or f.submitted >= f.listed:
        return None
    return notify(row.locality.id, campaign.id, f"Còn {left} ngày đến hạn trả lời phiếu "
                  f"({show(campaign.response_deadline)}): {f.listed - f.submitted} phiếu chưa được gửi lại. "
                  "Hãy đôn đốc người chưa trả lời ở trang “Tiến độ khảo sát”.", kind="deadline.responses",
                  dedupe_key=f"deadline.responses:{campaign.id}:{row.locality.id}:{left}")


def _bounces(campaign: Campaign, row):
    f = row.funnel
    if f.bounced < BOUNCE_MIN or f.bounce_rate < BOUNCE_SHARE:
        return None
    return notify(row.locality.id, campaign.id, f"{f.bounced} thư mời bị trả lại ({f.bounce_rate:.0%} số đã gửi). "
                  "Xem lý do và cách sửa ở trang “Tiến độ khảo sát”, sửa địa chỉ để gửi lại.", kind="bounces.high",
                  dedupe_key=f"bounces.high:{campaign.id}:{row.locality.id}")


def _behind(campaign: Campaign, row, national: float, day: date):
    if not is_far_behind(row.funnel, national):
        return None
    week = "{}-W{:02d}".format(*day.isocalendar()[:2])
    return notify_moha(row.locality.id, campaign.id, f"{row.locality.name} chậm xa so với cả nước: "
                       f"{row.funnel.rate:.0%} phiếu đã trả lời, cả nước {national:.0%}.", kind="locality.behind",
                       dedupe_key=f"locality.behind:{campaign.id}:{row.locality.id}:{week}")
