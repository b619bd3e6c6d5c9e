"""Submit, approve, return: each asks first on a confirmation page (no JavaScript), then says what was done."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from survey_app.core.db import db
from survey_app.invitations.decisions import DECISIONS, decide_list
from survey_app.respondents.services import get_list_or_404
from survey_app.respondents.summary import list_summary
from survey_app.web.lists import bp
from survey_app.web.loaders import requires

#: verb → (page title, button, what the page says will happen, what was done); {name} is the locality.
WORDS = {
    "submit": ("Gửi danh sách tới Bộ Nội vụ", "Xác nhận gửi danh sách",
               "Sau khi gửi, danh sách được khóa; chỉ Bộ Nội vụ trả lại thì mới sửa được.",
               "Đã gửi danh sách của {name} tới Bộ Nội vụ. Danh sách được khóa trong khi chờ duyệt."),
    "approve": ("Duyệt danh sách", "Xác nhận duyệt",
                "Danh sách được duyệt sẽ nằm trong lần gửi phiếu tiếp theo; địa phương được báo trong phần mềm.",
                "Đã duyệt danh sách của {name}."),
    "return": ("Trả lại danh sách", "Xác nhận trả lại",
               "Địa phương sẽ thấy lý do và có thể sửa rồi gửi lại danh sách.",
               "Đã trả lại danh sách của {name}, kèm lý do."),
}


class DecisionForm(FlaskForm):
    reason = TextAreaField("Lý do trả lại (địa phương sẽ đọc được)")


def _decision_page(cid: int, code: str, verb: str):
    """GET: the summary and the confirm button; POST: the decision, then back to the list with what was done."""
    lst = get_list_or_404(cid, code, current_user)
    form, needs_reason = DecisionForm(), DECISIONS[verb].needs_reason
    if form.validate_on_submit():
        if not (needs_reason and not (form.reason.data or "").strip()):
            decide_list(lst, verb, reason=form.reason.data or "", actor=current_user)
            db.session.commit()
            flash(WORDS[verb][3].format(name=lst.locality.name), "info")
            return redirect(url_for("lists.show_list", cid=cid, code=code))
        form.reason.errors = ["Hãy ghi lý do trả lại danh sách."]
    title, button, effect, _ = WORDS[verb]
    return render_template("lists/confirm.html", lst=lst, form=form, summary=list_summary(lst), verb=verb,
                           title=title, button=button, effect=effect, needs_reason=needs_reason,
                           action=url_for(f"lists.{verb}_list", cid=cid, code=code)), 422 if form.errors else 200


@bp.route("/submit", methods=["GET", "POST"])
@requires("list.edit")
def submit_list(cid: int, code: str):
    """"Gửi danh sách": lock the list and send it to MOHA, after a confirmation."""
    return _decision_page(cid, code, "submit")


@bp.route("/approve", methods=["GET", "POST"])
@requires("list.decide")
def approve_list(cid: int, code: str):
    """MOHA accepts a submitted list, after a confirmation."""
    return _decision_page(cid, code, "approve")


@bp.route("/return", methods=["GET", "POST"])
@requires("list.decide")
def return_list(cid: int, code: str):
    """MOHA sends a list back with a reason, after a confirmation."""
    return _decision_page(cid, code, "return")
