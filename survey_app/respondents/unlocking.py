"""Undo the list deadline's locks when MOHA moves the deadline to the future (campaigns/settings.py)."""

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core import audit, events
from survey_app.core.db import db
from survey_app.respondents.models import RespondentList


def unlock_lists(campaign: Campaign, *, actor) -> int:
    """Clear the deadline lock of the campaign's locked lists and tell each locality; the count."""
    locked = list(db.session.scalars(select(RespondentList).where(
        RespondentList.campaign_id == campaign.id, RespondentList.locked_at.is_not(None))))
    for lst in locked:
        lst.locked_at = None
        events.emit("list.unlocked", campaign_id=campaign.id, locality_id=lst.locality_id)
        audit.record("list.unlock", lst, actor=actor, details={"deadline": campaign.list_deadline.isoformat()})
    return len(locked)
