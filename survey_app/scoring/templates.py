"""The spreadsheets a campaign's scores page offers: the appraisal template and the published report."""

from survey_app.campaigns.models import Campaign
from survey_app.questionnaires.loader import load_index_model
from survey_app.reference.models import list_localities
from survey_app.scoring.model import model_from_dict
from survey_app.scoring.models import ScoreComputation
from survey_app.scoring.tables import model_of, scores_body
from survey_app.scoring.workbooks import appraisal_template, ranking_report


def template_for(campaign: Campaign) -> tuple[str, bytes]:
    """(file name, bytes) of the appraisal template: every province and ministry, every non-survey criterion."""
    model = model_from_dict(load_index_model(campaign.model))
    units = [(u.code, u.name, u.kind) for u in list_localities()]
    data = appraisal_template(model, units, title=f"Điểm thẩm định — {campaign.title}")
    return f"mau-diem-tham-dinh-{campaign.code}.xlsx", data


def report_for(campaign: Campaign, computation: ScoreComputation) -> tuple[str, bytes]:
    """(file name, bytes) of the ranking report in MOHA's published shape."""
    units = scores_body(computation)["units"]
    data = ranking_report(model_of(computation), units, title=f"Chỉ số CCHC — {campaign.title}")
    return f"chi-so-cchc-{campaign.code}.xlsx", data
