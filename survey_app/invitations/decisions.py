"""The three list decisions under one name each, so every entry point handles them the same way.

It lives in invitations because returning a list is refused once invitations exist (invitations/reopening.py)."""

from collections.abc import Callable
from dataclasses import dataclass

from survey_app.invitations import reopening
from survey_app.respondents import services
from survey_app.respondents.models import RespondentList


@dataclass(frozen=True)
class ListDecision:
    """A decision on a list: who may take it (a permission action) and the rule that takes it."""

    permission: str
    rule: Callable[..., RespondentList]
    needs_reason: bool = False


DECISIONS: dict[str, ListDecision] = {
    "submit": ListDecision("list.edit", lambda lst, reason, actor: services.submit_list(lst, actor=actor)),
    "approve": ListDecision("list.decide", lambda lst, reason, actor: services.approve_list(lst, actor=actor)),
    "return": ListDecision("list.decide", lambda lst, reason, actor: reopening.return_list(lst, reason=reason,
                                                                                           actor=actor),
                           needs_reason=True),
}


def decide_list(lst: RespondentList, verb: str, *, reason: str = "", actor) -> RespondentList:
    """Submit, approve or return the list (`verb`), by the rule of that name."""
    return DECISIONS[verb].rule(lst, reason, actor)
