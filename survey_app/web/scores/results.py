"""Reading results: the ranking, a unit's page with its chart, the drill-down, the model, the .xlsx report."""

from io import BytesIO

from flask import abort, render_template, request, send_file
from flask_login import current_user

from survey_app.accounts.permissions import can
from survey_app.campaigns.services import get_campaign
from survey_app.questionnaires.coverage import LEVEL_OF_ABOUT
from survey_app.questionnaires.definition import from_dict
from survey_app.questionnaires.loader import load_index_model
from survey_app.scoring.model import model_from_dict
from survey_app.scoring.models import UnitScore
from survey_app.scoring.tables import (
    criterion_groups,
    field_chart_items,
    field_medians,
    model_of,
    scores_body,
    sort_units,
)
from survey_app.scoring.templates import report_for
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires
from survey_app.web.scores.blueprint import bp, load_results, load_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("")
@requires("scores.published")
def show_ranking(cid: int):
    """The ranking per level (MOHA: the latest computation; officers: the published one, never any answer)."""
    campaign, computation = load_results(cid)
    body = scores_body(computation)
    sort = request.args.get("sort", "rank")
    units = sort_units(body["units"], sort)
    model = model_of(computation) if computation else None
    return render_template("scores/ranking.html", campaign=campaign, computation=computation, model=model,
                           units=units, sort=sort, form=ActionForm())


@bp.route("/units/<code>")
@requires("scores.published")
def show_unit(cid: int, code: str):
    """A unit's fields against their maxima and the level's median, and its criteria."""
    campaign, computation, locality = load_unit(cid, code)
    units = scores_body(computation)["units"]
    unit = next((u for u in units if u["code"] == locality.code), None) or abort(404)
    level, medians = model_of(computation).levels[unit["kind"]], field_medians(units, unit["kind"])
    return render_template("scores/unit.html", campaign=campaign, computation=computation, unit=unit,
                           level=level, medians=medians, chart_items=field_chart_items(level, unit, medians),
                           criteria={c["code"]: c for c in _row(computation, locality.id).criteria})


@bp.route("/units/<code>/criteria/<criterion>")
@requires("scores.read")
def show_criterion(cid: int, code: str, criterion: str):
    """The drill-down: each group's mean, n and weight, and the invitations counted (ids only)."""
    campaign, computation, locality = load_unit(cid, code)
    row = _row(computation, locality.id)
    stored = next((c for c in row.criteria if c["code"] == criterion), None) or abort(404)
    model = model_of(computation)
    groups = criterion_groups(row.detail, criterion)
    return render_template("scores/criterion.html", campaign=campaign, computation=computation, row=row,
                           criterion=model.criterion(row.level, criterion), stored=stored, groups=groups,
                           weight_total=sum(g["weight"] for g in groups), names=model.levels[row.level].groups)


@bp.route("/report.xlsx")
@requires("scores.published")
def export_report(cid: int):
    """The ranking in MOHA's published shape: one sheet per level."""
    campaign, computation = load_results(cid)
    if computation is None:
        abort(404)
    name, data = report_for(campaign, computation)
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/model")
@requires("scores.read")
def show_model(cid: int):
    """The campaign's index model: fields, criteria, maxima, sources, group weights, the questions behind each."""
    campaign = get_campaign(cid)
    model = model_from_dict(load_index_model(campaign.model))
    asked: dict[str, list[str]] = {}
    for row in campaign.questionnaires:
        q = from_dict(row.definition)
        for question in q.questions():
            asked.setdefault(f"{LEVEL_OF_ABOUT[q.about]}:{question.criterion}", []).append(question.code)
    return render_template("scores/model.html", campaign=campaign, model=model, asked=asked,
                           can_manage=can(current_user, "scores.manage"))


def _row(computation, locality_id: int) -> UnitScore:
    return next((u for u in computation.units if u.locality_id == locality_id), None) or abort(404)
