"""A locality's detailed progress ("Chi tiết tiến độ khảo sát"): who has answered, never what."""

from io import BytesIO

from flask import Blueprint, render_template, request, send_file
from flask_login import current_user

from survey_app.accounts.permissions import get_locality_or_404
from survey_app.campaigns.services import get_campaign
from survey_app.mailing.status import STATUS_LABELS
from survey_app.monitoring.detail import list_respondent_progress
from survey_app.monitoring.export import progress_workbook
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires

bp = Blueprint("progress", __name__, url_prefix="/campaigns/<int:cid>/progress/<code>")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _load(cid: int, code: str):
    campaign = get_campaign(cid)
    locality = get_locality_or_404(current_user, code)
    return campaign, locality, list_respondent_progress(campaign.id, locality.id)


@bp.route("")
@requires("progress.read")
def show_progress(cid: int, code: str):
    """Every respondent with mail status, opened and submitted counts; filter to those not done."""
    campaign, locality, rows = _load(cid, code)
    total, done = len(rows), sum(1 for row in rows if row.is_done)
    late_only = request.args.get("only") == "late"
    shown = [row for row in rows if not row.is_done] if late_only else rows
    return render_template("progress/show.html", campaign=campaign, locality=locality, rows=shown, done=done,
                           total=total, late_only=late_only, labels=STATUS_LABELS, form=ActionForm())


@bp.route("/export.xlsx")
@requires("progress.read")
def export_progress(cid: int, code: str):
    """The same table as an Excel file."""
    campaign, locality, rows = _load(cid, code)
    data = progress_workbook(rows, title=f"Tiến độ khảo sát {campaign.code} — {locality.name}",
                             mail_labels=STATUS_LABELS)
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"tien-do-{campaign.code}-{locality.code}.xlsx")
