"""Turning a claimed batch of outbox rows into finished envelopes, with a fixed number of queries per batch.

Per-message ORM loads cost more than sending: the rows, their respondents and every open
invitation of the batch are read with one query each, as plain tuples.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import select

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core.db import db, utcnow
from survey_app.invitations.links import link_path
from survey_app.invitations.models import Invitation
from survey_app.mailing.account_mail import ACCOUNT_KIND, account_texts
from survey_app.mailing.compose import DkimKey, build_message, make_message_id
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.render import campaign_subject, campaign_view, render_mail, sample_context
from survey_app.mailing.smtp_types import Envelope, Outcome
from survey_app.mailing.verp import verp_sender
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent, RespondentList

TEST_SUBJECT_PREFIX = "[Thư thử] "
#: A notice to a respondent's former address that the links were moved (mailing/corrections.py).
NOTICE_KIND = "notice"
#: dedupe key prefix ("account" of "account:<link id>") → f(dedupe key, public base url) → (subject, text, html),
#: or None when there is nothing to send any more: messages to an account rather than a respondent. Higher
#: areas add theirs at start-up (register_texts).
TEXT_SOURCES: dict[str, Callable[[str, str], tuple[str, str, str] | None]] = {ACCOUNT_KIND: account_texts}


def register_texts(prefix: str, source: Callable[[str, str], tuple[str, str, str] | None]) -> None:
    """Let the worker build messages whose dedupe key starts with "<prefix>:" with `source` (e.g. notices)."""
    TEXT_SOURCES[prefix] = source


@dataclass
class Row:
    """What the worker needs of one claimed outbox row."""

    id: int
    campaign_id: int | None
    respondent_id: int | None
    kind: str
    dedupe_key: str
    to_addr: str
    attempts: int = 0
    message_id: str = ""
    invitation_ids: list = field(default_factory=list)


@dataclass
class Batch:
    """A claimed batch: rows by id, their campaigns, envelopes to send, rows with nothing to send or unbuildable."""

    rows: dict[int, Row]
    campaigns: dict[int, Campaign]
    envelopes: list[Envelope] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    #: Rows whose message could not be built, already answered as failed with the reason.
    unbuildable: list[Outcome] = field(default_factory=list)


def _rows(ids: list[int]) -> dict[int, tuple]:
    m = OutboxMessage
    query = (select(m.id, m.campaign_id, m.respondent_id, m.kind, m.dedupe_key, m.to_addr, m.attempts,
                    Respondent.full_name, Locality.name)
             .outerjoin(Respondent, Respondent.id == m.respondent_id)
             .outerjoin(RespondentList, RespondentList.id == Respondent.list_id)
             .outerjoin(Locality, Locality.id == RespondentList.locality_id)
             .where(m.id.in_(ids)))
    return {r[0]: r for r in db.session.execute(query)}


def _open_links(respondent_ids: set[int], base_url: str) -> dict[int, list[dict]]:
    """Each respondent's open (not submitted, not void) invitations as links, in invitation order."""
    if not respondent_ids:
        return {}
    query = (select(Invitation.id, Invitation.respondent_id, Invitation.nonce, Questionnaire.title, Locality.name)
             .join(Questionnaire, Questionnaire.id == Invitation.questionnaire_id)
             .join(Locality, Locality.id == Invitation.evaluated_locality_id)
             .where(Invitation.respondent_id.in_(respondent_ids), Invitation.is_void.is_(False),
                    Invitation.submitted_at.is_(None))
             .order_by(Invitation.id))
    base = base_url.rstrip("/")
    links: dict[int, list[dict]] = {}
    for inv_id, respondent_id, nonce, title, about in db.session.execute(query):
        url = base + link_path(inv_id, nonce)
        links.setdefault(respondent_id, []).append({"id": inv_id, "title": title, "url": url, "about": about})
    return links


def load_batch(ids: list[int], settings) -> Batch:
    """Read the claimed rows and build every envelope; no open link cancels a row, an unbuildable message fails."""
    found = _rows(ids)
    campaigns = {c.id: c for c in db.session.scalars(
        select(Campaign).where(Campaign.id.in_({r[1] for r in found.values()})))}
    links = _open_links({r[2] for r in found.values() if r[2] is not None}, settings.public_base_url)
    batch = Batch(rows={}, campaigns=campaigns)
    context = _BuildContext(settings, links, {cid: campaign_view(c) for cid, c in campaigns.items()}, utcnow())
    for values in found.values():
        row = Row(*values[:7])
        batch.rows[row.id] = row
        try:
            _add_envelope(batch, row, values[7:], context)
        except ValueError as exc:  # a poison message (an address or header that cannot be encoded) fails alone
            batch.unbuildable.append(Outcome(row.id, "failed", None, f"Không tạo được thư: {exc}"))
    return batch


@dataclass
class _BuildContext:
    settings: object
    links: dict[int, list[dict]]
    views: dict[int, SimpleNamespace]
    now: object
    #: Most subjects read only the campaign: each is rendered once per (campaign, kind).
    subjects: dict[tuple[int, str], str | None] = field(default_factory=dict)


def _add_envelope(batch: Batch, row: Row, names: tuple, context: _BuildContext) -> None:
    """Append the row's envelope to the batch, or cancel the row when its respondent has no open link."""
    texts = _texts(row, names, batch.campaigns, context)
    if texts is None:
        batch.cancelled.append(row.id)
    else:
        batch.envelopes.append(_envelope(row, texts, context.now, context.settings))


def _texts(row: Row, names: tuple, campaigns: dict, context: _BuildContext) -> tuple[str, str, str] | None:
    """(subject, text, html) of one row, or None when there is nothing left to send."""
    source = TEXT_SOURCES.get(row.dedupe_key.partition(":")[0]) if row.respondent_id is None else None
    if source is not None:  # to an account, not a respondent (account links, officers' notices)
        return source(row.dedupe_key, context.settings.public_base_url)
    campaign = campaigns[row.campaign_id]
    if row.respondent_id is None:
        return _test_texts(campaign, row.dedupe_key, context.settings)
    if row.kind == NOTICE_KIND:  # to an address the links were moved away from: it must never carry them
        full_name, locality_name = names
        return render_mail(NOTICE_KIND, campaign=context.views[row.campaign_id],
                           respondent=SimpleNamespace(full_name=full_name),
                           locality=SimpleNamespace(name=locality_name))
    row.invitation_ids = [item["id"] for item in context.links.get(row.respondent_id, [])]
    if not row.invitation_ids:
        return None
    return _invitation_texts(row, names, campaign, context)


def _invitation_texts(row: Row, names: tuple, campaign: Campaign, context: _BuildContext) -> tuple[str, str, str]:
    full_name, locality_name = names
    overrides, key = _overrides(campaign, row.kind), (row.campaign_id, row.kind)
    if key not in context.subjects:
        context.subjects[key] = campaign_subject(row.kind, overrides, context.views[row.campaign_id])
    return render_mail(row.kind, overrides=overrides, subject=context.subjects[key],
                       campaign=context.views[row.campaign_id], respondent=SimpleNamespace(full_name=full_name),
                       links=context.links[row.respondent_id], locality=SimpleNamespace(name=locality_name))


def _overrides(campaign: Campaign, kind: str) -> dict | None:
    return (campaign.settings or {}).get("mail_templates", {}).get(kind)


def _test_texts(campaign: Campaign, key: str, settings) -> tuple[str, str, str]:
    """A test send ("test:<cid>:<kind>:<n>"): the campaign's template for <kind> with the sample respondent."""
    kind = key.split(":")[2]
    subject, text, html = render_mail(kind, overrides=_overrides(campaign, kind),
                                      **sample_context(campaign, settings.public_base_url))
    return TEST_SUBJECT_PREFIX + subject, text, html


def _envelope(row: Row, texts: tuple[str, str, str], now, settings) -> Envelope:
    subject, text, html = texts
    row.message_id = make_message_id(row.id, settings.bounce_domain)
    dkim: DkimKey | None = settings.dkim
    data = build_message(message_id=row.message_id, from_header=settings.mail_from, to=row.to_addr,
                         subject=subject, text=text, html=html, date=now, dkim=dkim)
    sender = verp_sender(row.id, local="bounces", domain=settings.bounce_domain)
    return Envelope(key=row.id, sender=sender, recipient=row.to_addr, data=data)
