"""Questionnaire links: a signed (invitation id, nonce); reissuing changes the nonce and kills the old link."""

import secrets

from survey_app.core import tokens
from survey_app.invitations.models import Invitation

PURPOSE = "invitation"
#: The respondent's page: this path, then the link token. Defined here only: the page's route, the middleware
#: that spares it the session and the rate limit (extensions.py), and every link written use it.
RESPONDENT_PATH = "/s/"


def new_nonce() -> str:
    return secrets.token_hex(8)


def token_for(invitation_id: int, nonce: str) -> str:
    """The link token of an invitation given its id and current nonce (no row needed)."""
    return tokens.sign(PURPOSE, [invitation_id, nonce])


def link_token(invitation: Invitation) -> str:
    return token_for(invitation.id, invitation.nonce)


def link_path(invitation_id: int, nonce: str) -> str:
    """The path of an invitation's page, from its id and current nonce: /s/<token>."""
    return RESPONDENT_PATH + token_for(invitation_id, nonce)


def link_url(invitation: Invitation, base_url: str) -> str:
    return base_url.rstrip("/") + link_path(invitation.id, invitation.nonce)


def read_token(token: str) -> tuple[int, str] | None:
    """(invitation id, nonce) from a well-signed token, or None when it is forged or damaged."""
    try:
        data = tokens.unsign(PURPOSE, token)
    except tokens.BadToken:
        return None
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int)
            and not isinstance(data[0], bool) and isinstance(data[1], str)):
        return None
    return data[0], data[1]


def nonce_matches(invitation: Invitation | None, nonce: str) -> bool:
    return invitation is not None and secrets.compare_digest(invitation.nonce, nonce)
