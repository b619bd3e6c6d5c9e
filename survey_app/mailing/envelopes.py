"""Turning a claimed batch of outbox rows into finished envelopes, with a fixed number of queries per batch.

Per-message ORM loads cost more than sending: the rows, their respondents and every open
invitation of the batch are read with one query each, as plain tuples.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import select

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core import tokens
from survey_app.core.db import db, utcnow
from survey_app.invitations.links import PURPOSE
from survey_app.invitations.models import Invitation
from survey_app.mailing.account_mail import ACCOUNT_KIND, account_texts
from survey_app.mailing.compose import DkimKey, build_message, make_message_id
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.render import campaign_subject, campaign_view, render_mail, sample_context
from survey_app.mailing.smtp_types import Envelope
from survey_app.mailing.verp import verp_sender
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent, RespondentList

TEST_SUBJECT_PREFIX = "[Thư thử] "
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
    """A claimed batch: its rows by id, their campaigns, the envelopes to send and the rows with nothing to send."""

    rows: dict[int, Row]
    campaigns: dict[int, Campaign]
    envelopes: list[Envelope] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)


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
        url = f"{base}/s/{tokens.sign(PURPOSE, [inv_id, nonce])}"
        links.setdefault(respondent_id, []).append({"id": inv_id, "title": title, "url": url, "about": about})
    return links


def load_batch(ids: list[int], settings) -> Batch:
    """Read the claimed rows and build every envelope; a respondent with no open link is cancelled."""
    found = _rows(ids)
    campaigns = {c.id: c for c in db.session.scalars(
        select(Campaign).where(Campaign.id.in_({r[1] for r in found.values()})))}
    links = _open_links({r[2] for r in found.values() if r[2] is not None}, settings.public_base_url)
    batch = Batch(rows={}, campaigns=campaigns)
    views = {cid: campaign_view(c) for cid, c in campaigns.items()}
    subjects: dict[tuple[int, str], str | None] = {}  # most subjects read only the campaign: render them once
    now = utcnow()
    for mid, campaign_id, respondent_id, kind, key, to_addr, attempts, full_name, locality_name in found.values():
        row = Row(mid, campaign_id, respondent_id, kind, key, to_addr, attempts)
        batch.rows[mid] = row
        source = TEXT_SOURCES.get(key.partition(":")[0]) if respondent_id is None else None
        if source is not None:
            texts = source(key, settings.public_base_url)
            if texts is None:
                batch.cancelled.append(mid)
                continue
            batch.envelopes.append(_envelope(row, texts, now, settings))
            continue
        campaign = campaigns[campaign_id]
        if respondent_id is None:
            texts = _test_texts(campaign, key, settings)
        else:
            row.invitation_ids = [item["id"] for item in links.get(respondent_id, [])]
            if not row.invitation_ids:
                batch.cancelled.append(mid)
                continue
            overrides = _overrides(campaign, kind)
            if (campaign_id, kind) not in subjects:
                subjects[campaign_id, kind] = campaign_subject(kind, overrides, views[campaign_id])
            texts = render_mail(kind, overrides=overrides, subject=subjects[campaign_id, kind],
                                campaign=views[campaign_id],
                                respondent=SimpleNamespace(full_name=full_name), links=links[respondent_id],
                                locality=SimpleNamespace(name=locality_name))
        batch.envelopes.append(_envelope(row, texts, now, settings))
    return batch


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
