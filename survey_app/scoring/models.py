"""Stored computations (with what they read: model checksum, input hash, who, when), unit results, appraisal."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from survey_app.core.db import db, utcnow
from survey_app.reference.models import Locality


class ComputationStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ScoreComputation(db.Model):
    """One run of the scoring core over a campaign's inputs at one moment."""

    __tablename__ = "score_computations"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        CheckConstraint("(status = 'published') = (published_at IS NOT NULL)", name="published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    #: SHA-256 of the index model's canonical JSON.
    model_checksum: Mapped[str] = mapped_column(String(64))
    #: SHA-256 over the model checksum, units, every counted answer's score, the voids and the appraisal points.
    input_hash: Mapped[str] = mapped_column(String(64))
    #: The index model as it was read (config/index/<model>.yaml can change later).
    model: Mapped[dict] = deferred(mapped_column(JSON, nullable=False))
    resamples: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default=ComputationStatus.DRAFT)
    computed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    computed_by: Mapped[str] = mapped_column(String(200))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None]

    units: Mapped[list["UnitScore"]] = relationship(back_populates="computation", order_by="UnitScore.id",
                                                    cascade="all, delete-orphan")


class UnitScore(db.Model):
    """One evaluated unit's result in one computation."""

    __tablename__ = "unit_scores"
    __table_args__ = (UniqueConstraint("computation_id", "locality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    computation_id: Mapped[int] = mapped_column(ForeignKey("score_computations.id"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    level: Mapped[str] = mapped_column(String(10))
    survey_points: Mapped[float] = mapped_column(Float)
    survey_max: Mapped[float] = mapped_column(Float)
    appraisal_points: Mapped[float] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    #: Unrounded, in %; ranks were made on this value.
    index: Mapped[float] = mapped_column(Float)
    rank: Mapped[int]
    #: Scheme name → class code, e.g. {"national": "A", "local": "TOT"}.
    classes: Mapped[dict] = mapped_column(JSON)
    is_voided: Mapped[bool] = mapped_column(default=False)
    index_low: Mapped[float | None] = mapped_column(Float)
    index_high: Mapped[float | None] = mapped_column(Float)
    rank_low: Mapped[int | None]
    rank_high: Mapped[int | None]
    #: Field code → points.
    fields: Mapped[dict] = mapped_column(JSON)
    #: [{code, field, source, points, max_points, n, score, is_missing}] in the model's order.
    criteria: Mapped[list] = mapped_column(JSON)
    #: Criterion code → [{group, weight, mean, n, invitation_ids}]: what each survey criterion counted.
    detail: Mapped[dict] = deferred(mapped_column(JSON, nullable=False))

    computation: Mapped[ScoreComputation] = relationship(back_populates="units")
    locality: Mapped[Locality] = relationship()


class AppraisalUpload(db.Model):
    """An accepted file of appraisal points, kept as received."""

    __tablename__ = "appraisal_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    #: SHA-256 of the file's bytes.
    checksum: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int]
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppraisalPoint(db.Model):
    """MOHA's appraised points for one non-survey criterion of one unit (the latest upload naming it wins)."""

    __tablename__ = "appraisal_points"
    __table_args__ = (UniqueConstraint("campaign_id", "locality_id", "criterion_code"),
                      CheckConstraint("points >= 0", name="points"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    criterion_code: Mapped[str] = mapped_column(String(30))
    points: Mapped[float] = mapped_column(Float)
    upload_id: Mapped[int] = mapped_column(ForeignKey("appraisal_uploads.id"))

    locality: Mapped[Locality] = relationship()
