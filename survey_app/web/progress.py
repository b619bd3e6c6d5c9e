"""A locality's desk ("Chi tiết tiến độ khảo sát"): its funnel and curve, who to call, reminders — never an answer."""

from io import BytesIO

from flask import Blueprint, Response, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from survey_app.accounts.permissions import get_locality_or_404
from survey_app.campaigns.services import get_campaign
from survey_app.core.clock import show
from survey_app.core.db import db, utcnow
from survey_app.core.errors import DomainError
from survey_app.mailing.reminders import list_reminder_recipients, queue_reminders
from survey_app.mailing.status import STATUS_LABELS
from survey_app.monitoring.bounces import count_bounce_reasons
from survey_app.monitoring.desk import get_desk
from survey_app.monitoring.detail import FILTERS, filter_progress, list_respondent_progress
from survey_app.monitoring.export import progress_workbook
from survey_app.monitoring.exports import series_csv
from survey_app.monitoring.funnel import STEP_LABELS
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires
from survey_app.web.monitoring import group_funnels, group_names

bp = Blueprint("progress", __name__, url_prefix="/campaigns/<int:cid>/progress/<code>")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Respondents per page of the desk (a province lists up to a few thousand; the Excel export has them all).
PAGE_SIZE = 300


def _load(cid: int, code: str):
    campaign = get_campaign(cid)
    locality = get_locality_or_404(current_user, code)
    return campaign, locality, list_respondent_progress(campaign.id, locality.id)


@bp.route("")
@requires("progress.read")
def show_progress(cid: int, code: str):
    """The desk: funnel, rate beside the nation's, by group and organisation, bounce reasons, filtered people."""
    campaign, locality, rows = _load(cid, code)
    only, organisation = request.args.get("only", ""), request.args.get("org", "")[:300]
    shown, desk = filter_progress(rows, only=only, organisation=organisation), get_desk(campaign, locality.id)
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    return render_template(
        "progress/show.html", campaign=campaign, locality=locality, matched=len(shown), page=page, pages=pages,
        rows=shown[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], total=len(rows),
        done=sum(1 for row in rows if row.is_done), only=only, organisation=organisation, filters=FILTERS,
        organisations=sorted({row.respondent.organisation for row in rows}), labels=STATUS_LABELS,
        steps=STEP_LABELS, desk=desk, groups=group_funnels(campaign, funnels=desk.groups),
        reasons=count_bounce_reasons(campaign.id, locality.id), group_names=group_names(campaign))


@bp.route("/export.xlsx")
@requires("progress.read")
def export_progress(cid: int, code: str):
    """The respondents' table as an Excel file."""
    campaign, locality, rows = _load(cid, code)
    data = progress_workbook(rows, title=f"Tiến độ khảo sát {campaign.code} — {locality.name}",
                             mail_labels=STATUS_LABELS)
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"tien-do-{campaign.code}-{locality.code}.xlsx")


@bp.route("/series.csv")
@requires("progress.read")
def export_series(cid: int, code: str):
    """The locality's submissions per day as CSV."""
    campaign = get_campaign(cid)
    locality = get_locality_or_404(current_user, code)
    return Response(series_csv(get_desk(campaign, locality.id).own), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=phieu-theo-ngay-{locality.code}.csv"})


@bp.route("/reminders")
@requires("remind")
def preview_reminders(cid: int, code: str):
    """Who a reminder sent now would reach, and how many: the confirmation page (no JavaScript needed)."""
    campaign, locality, rows = _load(cid, code)
    due = {rid for rid, _, _ in list_reminder_recipients(campaign, locality_ids={locality.id})}
    recipients = [row for row in rows if row.respondent.id in due]
    return render_template("progress/reminders.html", campaign=campaign, locality=locality, recipients=recipients,
                           form=ActionForm())


@bp.route("/reminders", methods=["POST"])
@requires("remind")
def send_reminders(cid: int, code: str):
    """Queue the reminders shown on the confirmation page (at most one a day per person), then say what was done."""
    campaign = get_campaign(cid)
    locality = get_locality_or_404(current_user, code)
    if ActionForm().validate_on_submit():
        try:
            queued = queue_reminders(campaign, locality_ids={locality.id}, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(f"Lúc {show(utcnow())}: đã xếp {queued} thư đôn đốc vào hàng đợi gửi; thư sẽ đi trong ít phút. "
                  "Ai đã được nhắc hôm nay sẽ không bị nhắc lại." if queued else
                  "Không có ai cần đôn đốc lúc này (đã trả lời hết, hoặc đã được nhắc hôm nay).", "info")
    return redirect(url_for("progress.show_progress", cid=cid, code=code))
