"""The states of a respondent list and of a respondent (pure: the de-duplication rule uses them too)."""

from enum import StrEnum


class ListStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  #: sent to MOHA
    APPROVED = "approved"
    RETURNED = "returned"  #: sent back by MOHA with a reason; the locality edits it again


#: The states in which the locality may change its list.
EDITABLE = (ListStatus.DRAFT, ListStatus.RETURNED)


class RespondentStatus(StrEnum):
    ACTIVE = "active"  #: gets invitations
    EXCLUDED = "excluded"  #: kept with the reason (a duplicate, a dropped role), never invited
