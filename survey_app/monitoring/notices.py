"""In-app notices to localities."""

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.monitoring.models import Notification


def notify(locality_id: int, campaign_id: int | None, text: str) -> Notification:
    """Leave a notice for everyone of a locality."""
    notice = Notification(locality_id=locality_id, campaign_id=campaign_id, text=text)
    db.session.add(notice)
    return notice


def list_notices(locality_id: int, *, limit: int = 20) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.locality_id == locality_id)
                                   .order_by(Notification.id.desc()).limit(limit)))
