"""Mail pages: delivery outcomes per campaign, address corrections, reminders, and the campaign's email templates."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from survey_app.accounts.permissions import get_locality_or_404, locality_scope, visible_locality_ids
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import DomainError, NotFound
from survey_app.mailing import campaign_templates as templates
from survey_app.mailing.corrections import request_correction
from survey_app.mailing.reminders import queue_reminders
from survey_app.mailing.render import render_mail, sample_context
from survey_app.mailing.status import (
    PAGE_SIZE,
    REPORTED,
    STATUS_LABELS,
    count_by_locality,
    count_mail_status,
    get_message,
    list_messages,
)
from survey_app.reference.models import list_localities
from survey_app.web.guards import bounded_int, int_arg
from survey_app.web.loaders import requires

bp = Blueprint("mail", __name__, url_prefix="/campaigns/<int:cid>/mail")


class ActionForm(FlaskForm):
    """A button that changes state: only its CSRF token."""


class ResendForm(FlaskForm):
    message_id = StringField("Thư")
    email = StringField("Địa chỉ thư đúng")


class TemplateForm(FlaskForm):
    subject = StringField("Tiêu đề")
    text = TextAreaField("Nội dung dạng chữ")
    html = TextAreaField("Nội dung HTML")


class TestSendForm(FlaskForm):
    address = StringField("Gửi thư thử tới địa chỉ")


@bp.route("")
@requires("mail.read")
def show_mail(cid: int):
    """Delivery outcomes with the servers' own words; MOHA sees all, a locality its own."""
    campaign = get_campaign(cid)
    code, status = request.args.get("locality") or None, request.args.get("status") or None
    ids, visible = locality_scope(current_user, code), visible_locality_ids(current_user)
    shown = [loc for loc in list_localities() if visible is None or loc.id in visible]
    search, page = request.args.get("q", "")[:200], int_arg("page", 1) or 1
    messages, total = list_messages(cid, locality_ids=ids, status=status if status in STATUS_LABELS else None,
                                    search=search, page=page)
    return render_template(
        "mail/show.html", campaign=campaign, counts=count_mail_status(cid, locality_ids=ids),
        by_locality=count_by_locality(cid, locality_ids=ids), localities=shown, messages=messages, matched=total,
        page=max(page, 1), pages=max(1, -(-total // PAGE_SIZE)), search=search,
        labels=STATUS_LABELS, reported=REPORTED, code=code, status=status, form=ActionForm(),
        resend=ResendForm(formdata=None), own=current_user.locality)


@bp.route("/<code>/resend", methods=["POST"])
@requires("mail.fix")
def resend_message(cid: int, code: str):
    """Correct the address of a failed or bounced message of one's own locality and send it again."""
    locality = get_locality_or_404(current_user, code)
    form = ResendForm()
    if form.validate_on_submit():
        number = bounded_int(form.message_id.data)
        if number is None:
            flash("Hãy chọn thư cần gửi lại trong danh sách.", "error")
            return redirect(url_for("mail.show_mail", cid=cid, locality=code))
        message = get_message(cid, number, locality.id)
        if message is None:
            raise NotFound("Không tìm thấy thư này.")
        try:
            correction = request_correction(message, form.email.data, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_corrected(correction), "info")
    return redirect(url_for("mail.show_mail", cid=cid, locality=code, status=request.args.get("status")))


def _corrected(correction) -> str:
    if correction.status == "applied":
        return (f"Đã sửa địa chỉ thành {correction.new_address}, cấp lại đường dẫn và xếp thư vào hàng đợi gửi lại; "
                "địa chỉ cũ được báo là đường dẫn đã chuyển.")
    return (f"'{correction.new_address}' không thuộc tên miền thư công vụ của địa phương: đề nghị sửa đã được gửi "
            "Bộ Nội vụ duyệt. Thư chỉ được gửi tới địa chỉ mới sau khi được duyệt.")


@bp.route("/<code>/reminders", methods=["POST"])
@requires("remind")
def remind_locality(cid: int, code: str):
    """Remind one's own non-respondents (at most once a day per person)."""
    locality = get_locality_or_404(current_user, code)
    if ActionForm().validate_on_submit():
        try:
            queued = queue_reminders(get_campaign(cid), locality_ids={locality.id}, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(f"Đã xếp {queued} thư đôn đốc vào hàng đợi gửi." if queued else
                  "Không có ai cần đôn đốc hôm nay (đã trả lời hết, hoặc đã được nhắc hôm nay).", "info")
    return redirect(url_for("mail.show_mail", cid=cid, locality=code))


@bp.route("/templates/<kind>", methods=["GET", "POST"])
@requires("campaign.manage")
def edit_template(cid: int, kind: str):
    """Edit the campaign's invitation or reminder email, with a preview; saving is audited."""
    campaign = get_campaign(cid)
    sources = templates.current_sources(campaign, kind)
    form = TemplateForm(data=sources)
    action = request.form.get("action", "preview")
    if form.validate_on_submit():
        sources = {"subject": form.subject.data, "text": form.text.data, "html": form.html.data}
        try:
            if action in ("save", "reset"):
                templates.save_templates(campaign, kind, None if action == "reset" else sources, actor=current_user)
                db.session.commit()
                flash("Đã lưu mẫu thư." if action == "save" else "Đã trở lại mẫu thư gốc.", "info")
                return redirect(url_for("mail.edit_template", cid=cid, kind=kind))
            templates.check_sources(sources)
        except DomainError as exc:
            flash(exc.message, "error")
            return render_template("mail/template.html", campaign=campaign, kind=kind, form=form, preview=None,
                                   test_form=TestSendForm(formdata=None))
    preview = render_mail(kind, overrides=sources, **sample_context(campaign, current_app.config["PUBLIC_BASE_URL"]))
    return render_template("mail/template.html", campaign=campaign, kind=kind, form=form, preview=preview,
                           test_form=TestSendForm(formdata=None))


@bp.route("/templates/<kind>/test", methods=["POST"])
@requires("campaign.manage")
def test_template(cid: int, kind: str):
    """Send the saved template, filled with a sample respondent, to one address."""
    campaign = get_campaign(cid)
    form = TestSendForm()
    if form.validate_on_submit():
        try:
            message = templates.queue_test_send(campaign, kind, form.address.data, actor=current_user)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(f"Đã xếp thư thử tới {message.to_addr} vào hàng đợi gửi.", "info")
    return redirect(url_for("mail.edit_template", cid=cid, kind=kind))
