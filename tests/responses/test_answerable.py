"""One rule for "can this invitation still be answered": the page's state and the save's refusal agree."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from survey_app.campaigns.models import CampaignStatus
from survey_app.core.db import utcnow
from survey_app.core.errors import InvalidState
from survey_app.responses.answerable import AlreadySubmitted, LinkState, ensure_answerable, state_of


def _invitation(*, status=CampaignStatus.SURVEYING, late=False, void=False, submitted=False):
    deadline = utcnow() + timedelta(days=-1 if late else 1)
    campaign = SimpleNamespace(status=status, response_deadline=deadline)
    return SimpleNamespace(is_void=void, submitted_at=utcnow() if submitted else None, campaign=campaign)


@pytest.mark.parametrize(("invitation", "state"), [
    (_invitation(), LinkState.OPEN),
    (_invitation(void=True, submitted=True), LinkState.VOID),
    (_invitation(submitted=True), LinkState.SUBMITTED),
    (_invitation(status=CampaignStatus.CLOSED), LinkState.CLOSED),
    (_invitation(status=CampaignStatus.SCORED), LinkState.CLOSED),
    (_invitation(late=True), LinkState.EXPIRED),
    (_invitation(status=CampaignStatus.COLLECTING), LinkState.EXPIRED),
])
def test_ensure_answerable_refuses_exactly_what_state_of_does_not_call_open(invitation, state):
    assert state_of(invitation) == state
    if state is LinkState.OPEN:
        ensure_answerable(invitation)
    else:
        with pytest.raises(InvalidState):
            ensure_answerable(invitation)


def test_a_submitted_invitation_is_refused_as_already_submitted():
    with pytest.raises(AlreadySubmitted):
        ensure_answerable(_invitation(submitted=True))
