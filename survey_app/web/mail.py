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
from survey_app.mailing import simple_templates
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


class SimpleTemplateForm(FlaskForm):
    subject = StringField("Tiêu đề")
    body = TextAreaField("Nội dung thư")


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


def _template_forms(campaign, kind: str, mode: str) -> tuple[FlaskForm, FlaskForm]:
    """The wording form and the raw form; only the one posted reads the request."""
    posted = request.method == "POST"
    simple = SimpleTemplateForm(**({} if posted and mode == "simple" else {"formdata": None}),
                                data=simple_templates.current_simple(campaign, kind))
    raw = TemplateForm(**({} if posted and mode == "raw" else {"formdata": None}),
                       data=templates.current_sources(campaign, kind))
    return simple, raw


def _posted_sources(mode: str, simple, raw) -> dict[str, str]:
    if mode == "simple":
        return simple_templates.to_sources(simple.subject.data or "", simple.body.data or "")
    sources = {"subject": raw.subject.data, "text": raw.text.data, "html": raw.html.data}
    templates.check_sources(sources)
    return sources


def _save_template(campaign, kind: str, mode: str, action: str, simple, sources) -> str:
    if action == "reset":
        simple_templates.reset_simple(campaign, kind, actor=current_user)
        return "Đã trở lại mẫu thư gốc."
    if mode == "simple":
        simple_templates.save_simple(campaign, kind, simple.subject.data, simple.body.data, actor=current_user)
    else:
        templates.save_templates(campaign, kind, sources, actor=current_user)
    return "Đã lưu mẫu thư."


@bp.route("/templates/<kind>", methods=["GET", "POST"])
@requires("campaign.manage")
def edit_template(cid: int, kind: str):
    """Edit the invitation or reminder email as wording with named placeholders (or, for MOHA admins, as the raw
    template), with a preview; anything that cannot be rendered is refused before saving; saving is audited."""
    campaign = get_campaign(cid)
    mode = "simple" if "body" in request.form else "raw"  # the wording form has a body, the raw one a text
    action = request.form.get("action", "preview")
    simple, raw = _template_forms(campaign, templates.ensure_kind(kind), mode)
    sources = templates.current_sources(campaign, kind)
    if (simple if mode == "simple" else raw).validate_on_submit():
        try:
            sources = _posted_sources(mode, simple, raw)
            if action in ("save", "reset"):
                flash(_save_template(campaign, kind, mode, action, simple, sources), "info")
                db.session.commit()
                return redirect(url_for("mail.edit_template", cid=cid, kind=kind))
        except DomainError as exc:
            return _template_page(campaign, kind, simple, raw, None, errors=exc.errors, status=422)
    preview = render_mail(kind, overrides=sources, **sample_context(campaign, current_app.config["PUBLIC_BASE_URL"]))
    return _template_page(campaign, kind, simple, raw, preview)


def _template_page(campaign, kind, simple, raw, preview, *, errors=(), status=200):
    return render_template("mail/template.html", campaign=campaign, kind=kind, simple=simple, form=raw,
                           preview=preview, errors=errors, placeholders=simple_templates.PLACEHOLDERS,
                           test_form=TestSendForm(formdata=None)), status


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
