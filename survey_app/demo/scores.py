"""The demo's scores: example appraisal points for every evaluated unit, then a computation (not published),
so that `make run` shows a ranking with intervals, unit pages and the drill-down."""

import random

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.questionnaires.loader import load_index_model
from survey_app.reference.models import list_localities
from survey_app.scoring.appraisal import import_appraisal
from survey_app.scoring.computing import compute_scores, latest_computation
from survey_app.scoring.model import Source, model_from_dict
from survey_app.scoring.models import AppraisalUpload

ACTOR = "demo"


def appraisal_csv(campaign: Campaign, rng: random.Random) -> bytes:
    """Appraised points between 55 % and 100 % of each non-survey criterion's maximum, per unit."""
    model = model_from_dict(load_index_model(campaign.model))
    lines = ["Mã đơn vị,Mã tiêu chí,Điểm"]
    for unit in list_localities():
        strength = rng.uniform(0.55, 0.95)
        for criterion in model.levels[unit.kind].criteria():
            if criterion.source is Source.APPRAISAL:
                share = min(1.0, max(0.0, rng.gauss(strength, 0.08)))
                lines.append(f"{unit.code},{criterion.code},{round(share * criterion.max_points, 2)}")
    return ("\n".join(lines) + "\n").encode()


def load() -> list[str]:
    """Import example appraisal points and compute once (idempotent); return the lines to print."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == "DEMO2025"))
    if campaign is None:
        return []
    if db.session.scalar(select(AppraisalUpload.id).where(AppraisalUpload.campaign_id == campaign.id)) is None:
        import_appraisal(campaign, appraisal_csv(campaign, random.Random(2025)), "diem-tham-dinh-minh-hoa.csv",
                         actor=ACTOR)
    if latest_computation(campaign.id) is None:
        compute_scores(campaign, resamples=300, actor=ACTOR)
    db.session.commit()
    return [f"Điểm: điểm thẩm định minh họa đã nhập, đã tính điểm (chưa công bố): /campaigns/{campaign.id}/scores "
            "— quản trị viên công bố để địa phương xem kết quả của mình."]
