"""Dispatch: invitations for approved lists and one invitation email per respondent, in one transaction.

The rule spans two areas: invitations/services.py issues the links, the outbox queues the mail that carries
them. It lives here, above both, so that invitations never import mailing.
"""

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.invitations.services import issue_invitations
from survey_app.mailing.outbox import queue_invites
from survey_app.respondents.states import RespondentStatus


def dispatch(campaign: Campaign, *, locality_codes: list[str] | None = None, actor) -> dict:
    """Invitations and one outbox message per respondent for approved lists; a repeat creates nothing."""
    lists, created = issue_invitations(campaign, locality_codes=locality_codes)
    active = [r for lst in lists for r in lst.respondents if r.status == RespondentStatus.ACTIVE]
    queued = queue_invites(campaign, active)
    audit.record("campaign.dispatch", campaign, actor=actor,
                 details={"localities": [lst.locality.code for lst in lists],
                          "invitations_created": created, "messages_queued": queued})
    return {"invitations_created": created, "messages_queued": queued}
