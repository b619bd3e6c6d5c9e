"""What a dispatch would do, counted before it is done (the confirmation page's summary)."""

from sqlalchemy import exists, func, select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent, RespondentList


def dispatch_summary(campaign: Campaign) -> dict:
    """Approved lists with someone not yet invited, and how many people get their first letter."""
    not_invited = ~exists().where(Invitation.respondent_id == Respondent.id)
    rows = db.session.execute(
        select(Locality.name, func.count(Respondent.id))
        .select_from(RespondentList).join(Locality).join(Respondent, Respondent.list_id == RespondentList.id)
        .where(RespondentList.campaign_id == campaign.id, RespondentList.status == "approved",
               Respondent.status == "active", not_invited)
        .group_by(Locality.code, Locality.name).order_by(Locality.code)).all()
    return {"lists": len(rows), "letters": sum(n for _, n in rows), "localities": [(name, n) for name, n in rows]}
