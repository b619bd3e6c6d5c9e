"""Corrections of a bounced or failed address; one off the official domains waits for a MOHA admin."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db, utcnow
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent


class CorrectionStatus(StrEnum):
    PENDING = "pending"  #: outside the locality's official domains: waits for a MOHA admin
    APPLIED = "applied"  #: the link was reissued and sent to the new address
    REFUSED = "refused"  #: a MOHA admin refused it; nothing changed


CORRECTION_LABELS = {CorrectionStatus.PENDING: "Chờ Bộ Nội vụ duyệt", CorrectionStatus.APPLIED: "Đã áp dụng",
                     CorrectionStatus.REFUSED: "Bị từ chối"}


class AddressCorrection(db.Model):
    __tablename__ = "address_corrections"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'applied', 'refused')", name="status"),
        CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name="decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id"))
    #: The failed or bounced message the correction answers.
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"))
    old_address: Mapped[str] = mapped_column(String(254))
    new_address: Mapped[str] = mapped_column(String(254))
    #: The new address is on one of the locality's official mail domains (applied without approval).
    is_official: Mapped[bool]
    status: Mapped[str] = mapped_column(String(10), default=CorrectionStatus.PENDING)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_by: Mapped[str] = mapped_column(String(254))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    refusal_reason: Mapped[str | None] = mapped_column(String(1000))
    #: The message to the new address and the notice to the old one, once applied.
    replacement_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))

    respondent: Mapped[Respondent] = relationship()
    locality: Mapped[Locality] = relationship()

    @property
    def status_label(self) -> str:
        return CORRECTION_LABELS[CorrectionStatus(self.status)]
