"""The transactional outbox: one row per message, sent by workers, with its delivery history."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db, one_of, utcnow
from survey_app.mailing.states import MailStatus
from survey_app.respondents.models import Respondent


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint(one_of("status", MailStatus), name="status"),
        CheckConstraint("kind IN ('invite', 'reminder', 'notice', 'account')", name="kind"),
        #: Dispatch is idempotent: one message per purpose key ("invite:<respondent>").
        UniqueConstraint("dedupe_key"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
        #: Progress reads each respondent's invite message of a campaign (monitoring).
        Index("ix_outbox_campaign_kind_respondent", "campaign_id", "kind", "respondent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None only for account mail (kind 'account': a link to set a password, mailing/account_mail.py).
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    respondent_id: Mapped[int | None] = mapped_column(ForeignKey("respondents.id"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    dedupe_key: Mapped[str] = mapped_column(String(80))
    to_addr: Mapped[str] = mapped_column(String(254))
    domain: Mapped[str] = mapped_column(String(254))
    #: Invitation ids the message carries links for.
    invitation_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A worker's lease: past it, the row may be claimed again.
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    message_id: Mapped[str] = mapped_column(String(200), default="")
    last_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    respondent: Mapped[Respondent | None] = relationship()


class MailEvent(db.Model):
    """One delivery attempt's outcome, or a bounce."""

    __tablename__ = "mail_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(12))
    code: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(1000), default="")
    extra: Mapped[dict] = mapped_column(JSON, default=dict)
