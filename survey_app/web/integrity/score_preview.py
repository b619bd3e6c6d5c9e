"""What a void would do to the scores, for the flag page and the void pages (never raises: a problem is shown)."""

from survey_app.core.errors import DomainError
from survey_app.scoring.preview import preview_body

#: The two voids a flag's page can preview: its own sheets, or its whole locality.
FLAG_SCOPES = ("responses", "locality")


def score_preview(campaign, body: dict) -> tuple[dict | None, str]:
    """(every unit the void would move, "") or (None, why it cannot be shown)."""
    try:
        return preview_body(campaign, body), ""
    except DomainError as error:
        return None, error.message


def flag_void_body(flag, locality_code: str, scope: str) -> dict:
    """The void a flag's page asks about: its sheets (scope "responses") or its locality's whole result."""
    if scope == "locality":
        return {"scope": "locality", "locality": locality_code}
    return {"scope": "responses", "invitations": list(flag.invitation_ids)}
