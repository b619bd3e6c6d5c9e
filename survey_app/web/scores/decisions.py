"""MOHA's decisions on scores: compute, import appraisal points, preview a void, publish (with confirmation)."""

from io import BytesIO

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.scoring.appraisal import import_appraisal, list_uploads
from survey_app.scoring.computing import compute_scores, latest_computation, publish_scores
from survey_app.scoring.preview import preview_body
from survey_app.scoring.templates import template_for
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires
from survey_app.web.recompute_limit import limit_recompute
from survey_app.web.scores.blueprint import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AppraisalForm(FlaskForm):
    file = FileField("Tệp điểm thẩm định (.xlsx hoặc .csv)")


@bp.route("/compute", methods=["POST"])
@limit_recompute()
@requires("scores.manage")
def compute_ranking(cid: int):
    """Compute from the current answers, voids and appraisal points; the result stays MOHA's until published."""
    form = ActionForm()
    campaign = get_campaign(cid)
    if form.validate_on_submit():
        resamples = current_app.config.get("SCORING_RESAMPLES", 1000)
        computation = compute_scores(campaign, resamples=resamples, actor=current_user)
        db.session.commit()
        flash(f"Đã tính điểm (lần tính số {computation.id}). Kết quả chưa công bố cho địa phương.", "success")
    return redirect(url_for("scores.show_ranking", cid=cid))


@bp.route("/publish", methods=["GET", "POST"])
@requires("scores.manage")
def publish_ranking(cid: int):
    """Confirm, then publish the latest computation: each locality officer then sees its own unit's results."""
    campaign, form = get_campaign(cid), ActionForm()
    if form.validate_on_submit():
        publish_scores(campaign, actor=current_user)
        db.session.commit()
        flash("Đã công bố kết quả. Mỗi địa phương nay xem được điểm, chỉ số, hạng và xếp loại của mình.", "success")
        return redirect(url_for("scores.show_ranking", cid=cid))
    return render_template("scores/publish.html", campaign=campaign, form=form,
                           computation=latest_computation(campaign.id))


@bp.route("/appraisal")
@requires("scores.read")
def show_appraisal(cid: int):
    """The appraisal page: the template, the upload form, every accepted upload with who, when and checksum."""
    campaign = get_campaign(cid)
    return render_template("scores/appraisal.html", campaign=campaign, form=AppraisalForm(), problems=[],
                           uploads=list_uploads(campaign.id))


@bp.route("/appraisal", methods=["POST"])
@requires("scores.manage")
def upload_appraisal_page(cid: int):
    """Import appraisal points: every row is checked and either all are stored or none, with a full report."""
    campaign, form = get_campaign(cid), AppraisalForm()
    problems = _import(campaign, form.file.data) if form.validate_on_submit() else [
        {"message": "Phiên làm việc đã hết hạn; hãy tải lại trang và chọn tệp lại."}]
    if not problems:
        return redirect(url_for("scores.show_appraisal", cid=cid))
    return render_template("scores/appraisal.html", campaign=campaign, form=form, problems=problems,
                           uploads=list_uploads(campaign.id)), 422


def _import(campaign, file) -> list[dict]:
    if not file:
        return [{"row": None, "column": None, "message": "Hãy chọn tệp điểm thẩm định để tải lên."}]
    try:
        upload = import_appraisal(campaign, file.read(), file.filename or "diem.xlsx", actor=current_user)
    except InvalidInput as error:
        db.session.rollback()
        return error.errors or [{"message": error.message}]
    db.session.commit()
    flash(f"Đã lưu {upload.rows} dòng điểm thẩm định từ tệp {upload.filename}. Hãy tính điểm lại.", "success")
    return []


@bp.route("/appraisal/template.xlsx")
@requires("scores.read")
def appraisal_template(cid: int):
    """The appraisal template: one row per unit and non-survey criterion, the points column to fill."""
    name, data = template_for(get_campaign(cid))
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/preview")
@limit_recompute(exempt_when=lambda: not (request.args.get("locality") or request.args.get("invitations")))
@requires("scores.read")
def preview_void_page(cid: int):
    """What voiding a locality (?locality=) or responses (?invitations=1,2) would do, before deciding."""
    campaign = get_campaign(cid)
    body = _void_query(request.args)
    preview = preview_body(campaign, body) if body else None
    return render_template("scores/preview.html", campaign=campaign, preview=preview, query=request.args)


def _void_query(args) -> dict | None:
    if args.get("locality"):
        return {"scope": "locality", "locality": args["locality"]}
    if args.get("invitations"):
        ids = [int(part) for part in args["invitations"].replace(" ", "").split(",") if part.isdigit()]
        return {"scope": "responses", "invitations": ids}
    return None
