"""Submissions per day (Vietnam's days) and the rate needed to reach a campaign's target by its deadline."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, literal_column, select

from survey_app.campaigns.models import Campaign
from survey_app.core.clock import local
from survey_app.core.db import db, is_postgres, utcnow
from survey_app.invitations.models import Invitation

#: The share of invitations a campaign aims to have answered by its deadline (campaign setting "progress_target").
DEFAULT_TARGET = 0.8


def _local_day(column):
    """The Vietnam calendar day of a UTC timestamp, in SQL.

    Vietnam keeps UTC+7 all year, so a fixed offset is exact; on PostgreSQL it is also a third cheaper than a
    time-zone lookup per row (the overview's daily chart scans every invitation).
    """
    if is_postgres():
        return func.date(func.timezone("UTC", column) + literal_column("INTERVAL '7 hours'"))
    return func.date(column, literal_column("'+7 hours'"))


def count_by_day(campaign_id: int, column, *, locality_ids: set[int] | None = None) -> tuple[dict[date, int], int]:
    """({local day: invitations (not void) whose `column` falls on it}, invitations not void): one scan for both."""
    day = _local_day(column)
    query = (select(day, func.count()).where(Invitation.campaign_id == campaign_id, Invitation.is_void.is_(False))
             .group_by(day))
    if locality_ids is not None:
        query = query.where(Invitation.locality_id.in_(locality_ids))
    per_day, live = {}, 0
    for moment, count in db.session.execute(query):
        live += count
        if moment is not None:  # the invitations whose `column` is empty count only in `live`
            per_day[_as_date(moment)] = count
    return per_day, live


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass
class Series:
    """Day by day from the first dispatch to the deadline; values None after today."""

    days: list[date]
    daily: list[int | None]
    cumulative: list[int | None]
    needed: list[float | None] = field(default_factory=list)
    target: float = 0
    today: date | None = None
    deadline: date | None = None
    #: Submissions a day still needed to reach the target by the deadline (0 when reached or past).
    needed_per_day: float = 0
    #: The invitations (not void) the series is about, and how many of them were submitted by today.
    listed: int = 0
    submitted: int = 0

    def rows(self) -> list[dict]:
        """The numbers as a table (for CSV)."""
        return [{"day": d, "daily": n, "cumulative": c, "needed": need}
                for d, n, c, need in zip(self.days, self.daily, self.cumulative, self.needed, strict=True)]


def target_rate(campaign: Campaign) -> float:
    return float((campaign.settings or {}).get("progress_target", DEFAULT_TARGET))


def build_series(start: date, deadline: date, today: date, per_day: dict[date, int], *, target: float) -> Series:
    """Daily and cumulative counts to today, and a straight line from today's total to the target at the deadline."""
    last = max(deadline, today, start)
    days = [start + timedelta(days=i) for i in range((last - start).days + 1)]
    daily, cumulative, running = [], [], 0
    for day in days:
        running += per_day.get(day, 0) if day <= today else 0
        daily.append(per_day.get(day, 0) if day <= today else None)
        cumulative.append(running if day <= today else None)
    series = Series(days, daily, cumulative, target=target, today=today, deadline=deadline)
    series.needed = _needed(days, today, deadline, running, target)
    left = (deadline - today).days
    series.needed_per_day = max(target - running, 0) / left if left > 0 else 0.0
    return series


def _needed(days: list[date], today: date, deadline: date, done: int, target: float) -> list[float | None]:
    left = (deadline - today).days
    if left <= 0:
        return [None] * len(days)
    step = max(target - done, 0) / left
    return [done + step * (day - today).days if today <= day <= deadline else None for day in days]


def campaign_series(campaign: Campaign, *, locality_ids: set[int] | None = None) -> Series:
    """The campaign's (or some localities') submissions per day, against the target share of their invitations."""
    per_day, listed = count_by_day(campaign.id, Invitation.submitted_at, locality_ids=locality_ids)
    today = local(utcnow()).date()
    first = db.session.scalar(select(func.min(Invitation.created_at)).where(Invitation.campaign_id == campaign.id))
    start = min([local(first).date() if first else today, *per_day])
    series = build_series(start, local(campaign.response_deadline).date(), today, per_day,
                          target=listed * target_rate(campaign))
    series.listed, series.submitted = listed, sum(per_day.values())
    return series
