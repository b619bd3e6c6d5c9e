"""Respondent list pages: upload, review, submit; MOHA approves or returns."""

from collections import Counter
from io import BytesIO

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateTimeLocalField, RadioField, TextAreaField
from wtforms.validators import DataRequired

from survey_app.accounts.permissions import can
from survey_app.core.clock import VIETNAM
from survey_app.core.db import db
from survey_app.core.errors import InvalidState
from survey_app.invitations import reopening
from survey_app.reference.ministries import MINISTRIES
from survey_app.respondents import services
from survey_app.respondents.campaign_template import model_template
from survey_app.respondents.export import export_list
from survey_app.respondents.importing import import_list
from survey_app.respondents.rebuild import ImportRejected
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires

bp = Blueprint("lists", __name__, url_prefix="/campaigns/<int:cid>/lists/<code>")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINISTRY_NAMES = {m.code: m.name for m in MINISTRIES}


class UploadForm(FlaskForm):
    file = FileField("Tệp danh sách (.xlsx, .xls, .ods, .csv)", validators=[FileRequired("Hãy chọn tệp danh sách.")])
    mode = RadioField("Cách nhập", choices=[("replace", "Thay thế toàn bộ danh sách"),
                                            ("append", "Bổ sung vào danh sách hiện có")], default="replace")


class ReopenForm(FlaskForm):
    reason = TextAreaField("Lý do mở lại", validators=[DataRequired("Hãy ghi lý do mở lại.")])
    until = DateTimeLocalField("Cho phép sửa đến", validators=[DataRequired("Hãy chọn thời hạn.")])


def _filtered(lst):
    rows = lst.respondents
    group, status, org = request.args.get("group"), request.args.get("status"), request.args.get("q", "").strip()
    if group:
        rows = [r for r in rows if r.group_code == group]
    if status:
        rows = [r for r in rows if r.status == status]
    if org:
        rows = [r for r in rows if org.lower() in (r.organisation + " " + r.full_name).lower()]
    return rows


def _render(lst, *, report=None, status=200):
    counts = Counter(r.group_code for r in lst.respondents if r.status == "active")
    return render_template("lists/show.html", lst=lst, rows=_filtered(lst), counts=counts,
                           group_names={g.code: g.name for g in lst.campaign.groups}, ministry_names=MINISTRY_NAMES,
                           excluded=sum(1 for r in lst.respondents if r.status == "excluded"),
                           upload=UploadForm(), action=ActionForm(), reopen_form=ReopenForm(),
                           imports=services.list_imports(lst),
                           shared=services.list_shared_mailboxes(lst) if can(current_user, "list.overlap") else [],
                           editable=_editable(lst), report=report), status


def _editable(lst) -> bool:
    try:
        services.ensure_editable(lst)
    except InvalidState:
        return False
    return True


@bp.route("")
@requires("list.read")
def show_list(cid: int, code: str):
    """The list under review: counts per group, excluded rows with reasons, warnings, filters."""
    return _render(services.read_list_or_404(cid, code, current_user))


@bp.route("/upload", methods=["POST"])
@requires("list.edit")
def upload_list(cid: int, code: str):
    """Import a file: the whole file is taken, or nothing and the complete report of errors."""
    lst = services.get_list_or_404(cid, code, current_user)
    form = UploadForm()
    if not form.validate_on_submit():
        flash("Hãy chọn tệp danh sách để tải lên.", "error")
        return redirect(url_for("lists.show_list", cid=cid, code=code))
    try:
        report = import_list(lst, form.file.data.read(), form.file.data.filename or "danh-sach",
                             mode=form.mode.data, max_bytes=current_app.config["LIST_FILE_MAX_BYTES"],
                             actor=current_user)
    except ImportRejected as exc:
        db.session.rollback()
        return _render(services.get_list_or_404(cid, code, current_user), report=exc.report, status=422)
    db.session.commit()
    flash(f"Đã nhập {report['accepted']} đối tượng ({report['excluded']} dòng bị loại do trùng, "
          f"{len(report['warnings'])} cảnh báo).", "info")
    return redirect(url_for("lists.show_list", cid=cid, code=code))


@bp.route("/reopen", methods=["POST"])
@requires("list.decide")
def reopen_list(cid: int, code: str):
    """MOHA reopens a list (also after the deadline) with a reason and a time limit."""
    lst = services.get_list_or_404(cid, code, current_user)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash("Hãy ghi lý do và thời hạn mở lại danh sách.", "error")
    else:
        reopening.reopen_list(lst, reason=form.reason.data, until=form.until.data.replace(tzinfo=VIETNAM),
                              actor=current_user)
        db.session.commit()
        flash(f"Đã mở lại danh sách của {lst.locality.name}.", "info")
    return redirect(url_for("lists.show_list", cid=cid, code=code))


@bp.route("/export.xlsx")
@requires("list.read")
def export_xlsx(cid: int, code: str):
    """The current list as an Excel file (cells that look like formulas are written as text)."""
    lst = services.read_list_or_404(cid, code, current_user)
    data = export_list([r.to_dict() for r in lst.respondents], title=f"Danh sách {lst.locality.name}")
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"danh-sach-{lst.campaign.code}-{lst.locality.code}.xlsx")


@bp.route("/template.xlsx")
@requires("list.read")
def download_template(cid: int, code: str):
    """The list template for this campaign and this kind of list, from a signed-in page (no API token)."""
    lst = services.get_list_or_404(cid, code, current_user)
    data = model_template(lst.campaign.model, lst.locality.kind)
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"mau-danh-sach-{lst.campaign.code}-{lst.locality.kind}.xlsx")
