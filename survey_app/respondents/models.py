"""Respondent lists, their rows and every upload kept."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db, one_of, utcnow
from survey_app.reference.models import Locality
from survey_app.respondents.states import ListStatus, RespondentStatus

LIST_STATUS_LABELS = {
    ListStatus.DRAFT: "Đang soạn",
    ListStatus.SUBMITTED: "Đã gửi Bộ Nội vụ",
    ListStatus.APPROVED: "Đã được duyệt",
    ListStatus.RETURNED: "Bị trả lại",
}


class RespondentList(db.Model):
    __tablename__ = "respondent_lists"
    __table_args__ = (
        UniqueConstraint("campaign_id", "locality_id"),
        CheckConstraint(one_of("status", ListStatus), name="status"),
        CheckConstraint("(status IN ('submitted', 'approved')) = (submitted_at IS NOT NULL)", name="submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    status: Mapped[str] = mapped_column(String(12), default=ListStatus.DRAFT)
    #: Incremented by every upload or hand edit.
    version: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    return_reason: Mapped[str | None] = mapped_column(String(2000))
    #: A MOHA admin reopened the list after the deadline: the locality may change it until then.
    reopened_until: Mapped[datetime | None]
    #: When the deadline job locked the list (it was never submitted in time).
    locked_at: Mapped[datetime | None]
    warnings: Mapped[list] = mapped_column(JSON, default=list)

    campaign: Mapped[Campaign] = relationship()
    locality: Mapped[Locality] = relationship()
    respondents: Mapped[list["Respondent"]] = relationship(
        back_populates="list", order_by="Respondent.id", cascade="all, delete-orphan",
        primaryjoin="RespondentList.id == foreign(Respondent.list_id)")

    @property
    def status_label(self) -> str:
        return LIST_STATUS_LABELS[self.status]


class Respondent(db.Model):
    __tablename__ = "respondents"
    __table_args__ = (
        CheckConstraint(one_of("status", RespondentStatus), name="status"),
        CheckConstraint("(status = 'excluded') = (excluded_reason IS NOT NULL)", name="excluded_reason"),
        # Every index costs the COPY of a 60,000-row upload; these are the two the queries need.
        Index("ix_respondents_list_id", "list_id"),
        # Deleting a list checks the self-reference: only the few duplicates are worth indexing.
        Index("ix_respondents_duplicate_of_id", "duplicate_of_id", postgresql_where=text("duplicate_of_id IS NOT NULL"),
              sqlite_where=text("duplicate_of_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A respondent_lists id. Not a declared foreign key: a row-level check cost a 60,000-row upload 0.15 s of
    #: its 0.34 s COPY, so on PostgreSQL statement-level triggers (migration 0007) check each statement's rows
    #: at once and keep a list that has respondents from being deleted.
    list_id: Mapped[int] = mapped_column()
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(300))
    group_code: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    managing_ministry: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(1000), default="")
    #: The row number in the uploaded file (None for rows added by hand).
    source_row: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default=RespondentStatus.ACTIVE)
    excluded_reason: Mapped[str | None] = mapped_column(String(500))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("respondents.id"))
    #: Managing ministries of dropped department/division roles that still get their questionnaire.
    extra_ministries: Mapped[list] = mapped_column(JSON, default=list)

    list: Mapped[RespondentList] = relationship(back_populates="respondents",
                                                primaryjoin="RespondentList.id == foreign(Respondent.list_id)")

    def to_dict(self) -> dict:
        return {"id": self.id, "full_name": self.full_name, "position": self.position,
                "organisation": self.organisation, "group": self.group_code, "email": self.email,
                "phone": self.phone, "managing_ministry": self.managing_ministry, "status": self.status,
                "excluded_reason": self.excluded_reason}


class ImportBatch(db.Model):
    """One accepted upload: who, when, which file, what it changed (a refused file stores nothing)."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("respondent_lists.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(10))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Emails added and removed against the previous version of the list.
    diff: Mapped[dict] = mapped_column(JSON, default=dict)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
