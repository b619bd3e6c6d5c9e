"""Editing a list by hand: one row at a time, under the same rules as an upload."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from survey_app.core.db import db
from survey_app.core.errors import NotFound
from survey_app.respondents import editing, services
from survey_app.respondents.rebuild import ImportRejected
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires

bp = Blueprint("list_rows", __name__, url_prefix="/campaigns/<int:cid>/lists/<code>/rows")


class RowForm(FlaskForm):
    full_name = StringField("Họ và tên", validators=[Optional()])
    position = StringField("Chức vụ", validators=[Optional()])
    organisation = StringField("Cơ quan, đơn vị", validators=[Optional()])
    group = StringField("Nhóm đối tượng (mã hoặc tên)", validators=[Optional()])
    managing_ministry = StringField("Bộ chủ quản (lãnh đạo sở, phòng)", validators=[Optional()])
    email = StringField("Email (hộp thư công vụ)", validators=[Optional()])
    phone = StringField("Điện thoại", validators=[Optional()])
    note = StringField("Ghi chú", validators=[Optional()])


def _back(cid: int, code: str):
    return redirect(url_for("lists.show_list", cid=cid, code=code))


def _save(lst, form, change, *, title: str, success: str):
    if form.validate_on_submit():
        try:
            change(form.data)
        except ImportRejected as exc:
            db.session.rollback()
            return render_template("lists/row.html", lst=lst, form=form, title=title,
                                   problems=exc.report["rejected"]), 422
        db.session.commit()
        flash(success, "info")
        return _back(lst.campaign_id, lst.locality.code)
    return render_template("lists/row.html", lst=lst, form=form, title=title, problems=[])


@bp.route("/new", methods=["GET", "POST"])
@requires("list.edit")
def add_row(cid: int, code: str):
    """Add one person by hand (the form's GET shows a list not yet created without creating it)."""
    load = services.get_list_or_404 if request.method == "POST" else services.read_list_or_404
    lst = load(cid, code, current_user)
    services.ensure_editable(lst)
    return _save(lst, RowForm(), lambda data: editing.add_row(lst, data, actor=current_user),
                 title="Thêm đối tượng", success="Đã thêm đối tượng vào danh sách.")


@bp.route("/<int:rid>/edit", methods=["GET", "POST"])
@requires("list.edit")
def edit_row(cid: int, code: str, rid: int):
    """Correct one row by hand (a row exists only in a saved list, so reading it creates nothing)."""
    lst = services.read_list_or_404(cid, code, current_user)
    services.ensure_editable(lst)
    row = next((r for r in lst.respondents if r.id == rid), None)
    if row is None:
        raise NotFound("Không tìm thấy dòng này trong danh sách.")
    data = {**row.to_dict(), "group": row.group_code, "managing_ministry": row.managing_ministry or "",
            "note": row.note}
    form = RowForm(data=data)
    return _save(lst, form, lambda values: editing.update_row(lst, rid, values, actor=current_user),
                 title="Sửa đối tượng", success="Đã sửa dòng trong danh sách.")


@bp.route("/<int:rid>/delete", methods=["POST"])
@requires("list.edit")
def remove_row(cid: int, code: str, rid: int):
    """Remove one row."""
    lst = services.get_list_or_404(cid, code, current_user)
    if ActionForm().validate_on_submit():
        try:
            editing.remove_row(lst, rid, actor=current_user)
        except ImportRejected as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return _back(cid, code)
        db.session.commit()
        flash("Đã xóa dòng khỏi danh sách.", "info")
    return _back(cid, code)
