"""Can this invitation still be answered? One rule, read two ways: the link's state for the respondent's page,
and the refusal a save or a submit raises.

`invitation` is an Invitation row or a responses.visit.Visit: both carry is_void, submitted_at and campaign.
"""

from enum import StrEnum

from survey_app.campaigns.models import CampaignStatus
from survey_app.campaigns.services import ensure_responses_open
from survey_app.core.errors import InvalidState

SUBMITTED = "Phiếu này đã được gửi; không thể gửi lại hay sửa câu trả lời."
VOID = "Phiếu này đã bị hủy và không còn nhận trả lời."


class LinkState(StrEnum):
    """What a respondent's link leads to."""

    OPEN = "open"
    SUBMITTED = "submitted"
    VOID = "void"
    CLOSED = "closed"  #: the campaign is over
    EXPIRED = "expired"  #: past the response deadline (or not yet surveying)


class AlreadySubmitted(InvalidState):
    """The invitation was answered already; its response never changes."""


def state_of(invitation) -> LinkState:
    """What the link leads to: open, submitted, void, closed (campaign over) or expired (past the deadline)."""
    if invitation.is_void:
        return LinkState.VOID
    if invitation.submitted_at is not None:
        return LinkState.SUBMITTED
    if invitation.campaign.status in (CampaignStatus.CLOSED, CampaignStatus.SCORED):
        return LinkState.CLOSED
    try:
        ensure_responses_open(invitation.campaign)
    except InvalidState:
        return LinkState.EXPIRED
    return LinkState.OPEN


def ensure_answerable(invitation) -> None:
    """Raise the reason an invitation cannot take answers now (void, submitted, closed, late)."""
    state = state_of(invitation)
    if state is LinkState.VOID:
        raise InvalidState(VOID)
    if state is LinkState.SUBMITTED:
        raise AlreadySubmitted(SUBMITTED)
    if state is not LinkState.OPEN:
        ensure_responses_open(invitation.campaign)  # raises, with the campaign's own reason
