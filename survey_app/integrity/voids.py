"""Voids: what is void now (the rules that request, approve and revoke voids come with the review desk)."""

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.integrity.models import VoidDecision, VoidScope, VoidStatus


def list_voided_locality_ids(campaign_id: int) -> set[int]:
    """The localities whose whole survey result is void in this campaign (an approved, unrevoked void)."""
    return set(db.session.scalars(select(VoidDecision.locality_id).where(
        VoidDecision.campaign_id == campaign_id, VoidDecision.scope == VoidScope.LOCALITY,
        VoidDecision.status == VoidStatus.ACTIVE)))
