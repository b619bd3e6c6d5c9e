"""A year's survey campaign, its respondent groups and its questionnaire snapshots."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db, one_of, utcnow


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    COLLECTING = "collecting"  #: localities send their lists
    SURVEYING = "surveying"  #: invitations are out, answers are taken
    CLOSED = "closed"
    SCORED = "scored"


STATUS_LABELS = {
    CampaignStatus.DRAFT: "Đang chuẩn bị",
    CampaignStatus.COLLECTING: "Đang nhận danh sách",
    CampaignStatus.SURVEYING: "Đang khảo sát",
    CampaignStatus.CLOSED: "Đã kết thúc",
    CampaignStatus.SCORED: "Đã tính điểm",
}
ABOUT = ("own_locality", "managing_ministry", "own_ministry")


class Campaign(db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint(one_of("status", CampaignStatus), name="status"),
        CheckConstraint("list_deadline < response_deadline", name="deadline_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    year: Mapped[int]
    #: The shipped campaign model it was created from (config/campaigns/<model>.yaml).
    model: Mapped[str] = mapped_column(String(40))
    list_deadline: Mapped[datetime]
    response_deadline: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12), default=CampaignStatus.DRAFT)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    #: A per-campaign key for hashing network and device identifiers (integrity events).
    hash_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    groups: Mapped[list["RespondentGroup"]] = relationship(
        back_populates="campaign", order_by="RespondentGroup.priority", cascade="all, delete-orphan")
    questionnaires: Mapped[list["Questionnaire"]] = relationship(
        back_populates="campaign", order_by="Questionnaire.code", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def group(self, code: str) -> "RespondentGroup | None":
        return next((g for g in self.groups if g.code == code), None)


class RespondentGroup(db.Model):
    __tablename__ = "respondent_groups"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),
                      CheckConstraint("level IN ('province', 'ministry')", name="level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    #: Lower wins when one person is in several groups (HĐND first).
    priority: Mapped[int]
    needs_ministry: Mapped[bool] = mapped_column(default=False)

    campaign: Mapped[Campaign] = relationship(back_populates="groups")
    assignments: Mapped[list["GroupQuestionnaire"]] = relationship(
        back_populates="group", cascade="all, delete-orphan")


class Questionnaire(db.Model):
    """A snapshot of a questionnaire definition; frozen once invitations exist."""

    __tablename__ = "questionnaires"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    definition: Mapped[dict] = mapped_column(JSON)
    checksum: Mapped[str] = mapped_column(String(64))
    is_frozen: Mapped[bool] = mapped_column(default=False)

    campaign: Mapped[Campaign] = relationship(back_populates="questionnaires")


class GroupQuestionnaire(db.Model):
    """Which questionnaire a group answers, and about whom."""

    __tablename__ = "group_questionnaires"
    __table_args__ = (
        UniqueConstraint("group_id", "questionnaire_id"),
        CheckConstraint("about IN ('own_locality', 'managing_ministry', 'own_ministry')", name="about"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("respondent_groups.id"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    about: Mapped[str] = mapped_column(String(20))

    group: Mapped[RespondentGroup] = relationship(back_populates="assignments")
    questionnaire: Mapped[Questionnaire] = relationship()
