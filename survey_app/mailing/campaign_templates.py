"""A campaign's own email templates: stored in campaign.settings["mail_templates"], checked, audited, test-sent."""

import secrets

from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput, NotFound
from survey_app.mailing.compose import address_header
from survey_app.mailing.corrections import normalise_address
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.render import KINDS, PARTS, TemplateError, check_template, default_source


def ensure_kind(kind: str) -> str:
    """The template kind (invite, reminder), or NotFound."""
    if kind not in KINDS:
        raise NotFound("Không có mẫu thư này.")
    return kind


def current_sources(campaign, kind: str) -> dict[str, str]:
    """{subject, text, html}: the campaign's own text where set, else the shipped template."""
    own = (campaign.settings or {}).get("mail_templates", {}).get(ensure_kind(kind), {})
    return {part: own.get(part) or default_source(kind, part) for part in PARTS}


def check_sources(sources: dict[str, str]) -> None:
    """InvalidInput listing every part that does not compile or is empty."""
    errors = []
    for part in PARTS:
        text = sources.get(part) or ""
        if not text.strip():
            errors.append({"field": part, "message": f"Phần '{part}' đang để trống."})
            continue
        try:
            check_template(part, text)
        except TemplateError as exc:
            errors.append({"field": part, "message": str(exc)})
    if errors:
        raise InvalidInput("Mẫu thư có lỗi: " + " ".join(e["message"] for e in errors), errors=errors)


def save_templates(campaign, kind: str, sources: dict[str, str] | None, *, actor) -> None:
    """Store the campaign's own templates for `kind` (None: back to the shipped ones), audited."""
    ensure_kind(kind)
    if sources is not None:
        check_sources(sources)
    settings = dict(campaign.settings or {})
    templates = dict(settings.get("mail_templates", {}))
    if sources is None:
        templates.pop(kind, None)
    else:
        templates[kind] = {part: sources[part].replace("\r\n", "\n") for part in PARTS}
    settings["mail_templates"] = templates
    campaign.settings = settings  # a new dict, so the JSON column is seen as changed
    audit.record("campaign.mail_template", campaign, actor=actor,
                 details={"kind": kind, "reset": sources is None})


def queue_test_send(campaign, kind: str, address: str, *, actor) -> OutboxMessage:
    """Queue the campaign's `kind` template, filled with a sample respondent, to one address (kind "notice")."""
    ensure_kind(kind)
    to = normalise_address(address)
    address_header("To", to)  # refuses what a header cannot carry
    message = OutboxMessage(campaign_id=campaign.id, respondent_id=None, locality_id=None, kind="notice",
                            dedupe_key=f"test:{campaign.id}:{kind}:{secrets.token_hex(6)}", to_addr=to,
                            domain=to.rpartition("@")[2])
    db.session.add(message)
    db.session.flush()
    audit.record("campaign.mail_test", campaign, actor=actor, details={"kind": kind, "to": to})
    return message
