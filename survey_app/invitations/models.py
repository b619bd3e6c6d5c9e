"""An invitation: one respondent asked one questionnaire about one evaluated unit."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.campaigns.models import Campaign, Questionnaire
from survey_app.core.db import db, utcnow
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent


class Invitation(db.Model):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("respondent_id", "questionnaire_id", "evaluated_locality_id"),
                      #: Progress counts read one campaign's invitations by locality (monitoring).
                      Index("ix_invitations_campaign_locality", "campaign_id", "locality_id"),
                      #: The first dispatch of a campaign (where progress charts start).
                      Index("ix_invitations_campaign_created", "campaign_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondents.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaires.id"))
    #: The locality whose list issued it: the one that follows up.
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"), index=True)
    #: The unit the answers are about (the province, or a ministry).
    evaluated_locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    #: The group the questionnaire belongs to (a dropped LD_SO role keeps its ministry questionnaire).
    group_code: Mapped[str] = mapped_column(String(20))
    #: Changed to reissue a link: the old link stops working.
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    is_void: Mapped[bool] = mapped_column(default=False)

    campaign: Mapped[Campaign] = relationship()
    respondent: Mapped[Respondent] = relationship()
    questionnaire: Mapped[Questionnaire] = relationship()
    locality: Mapped[Locality] = relationship(foreign_keys=[locality_id])
    evaluated_locality: Mapped[Locality] = relationship(foreign_keys=[evaluated_locality_id])
