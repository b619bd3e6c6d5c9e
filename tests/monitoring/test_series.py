"""Submissions per day are counted on Vietnam's calendar (UTC+7) by the database, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from survey_app.invitations.models import Invitation
from survey_app.monitoring.series import campaign_series, count_by_day


def test_a_day_in_vietnam_starts_at_17_utc(db, progressed):
    invitations = db.session.scalars(select(Invitation).where(Invitation.is_void.is_(False))
                                     .order_by(Invitation.id)).all()
    invitations[0].submitted_at = datetime(2025, 3, 1, 16, 59, tzinfo=UTC)  # 23:59 on 1 March in Hà Nội
    invitations[1].submitted_at = datetime(2025, 3, 1, 17, 0, tzinfo=UTC)   # 00:00 on 2 March
    invitations[2].submitted_at = datetime(2025, 3, 2, 16, 0, tzinfo=UTC)   # 23:00 on 2 March
    for other in invitations[3:]:
        other.submitted_at = None
    invitations[-1].is_void = True
    db.session.commit()

    per_day, live = count_by_day(progressed.id, Invitation.submitted_at)

    assert per_day == {date(2025, 3, 1): 1, date(2025, 3, 2): 2}
    assert live == len(invitations) - 1


def test_the_series_carries_its_own_totals(db, progressed):
    series = campaign_series(progressed)
    live = db.session.scalars(select(Invitation).where(Invitation.is_void.is_(False))).all()
    assert series.listed == len(live)
    assert series.submitted == sum(1 for i in live if i.submitted_at) == sum(n for n in series.daily if n)
