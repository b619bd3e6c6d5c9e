"""The campaign settings page (MOHA admins): title, deadlines with a reason, domain policy, reminders, contact."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from survey_app.campaigns import settings
from survey_app.campaigns.services import get_campaign
from survey_app.core.clock import VIETNAM, local
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.respondents.unlocking import unlock_lists
from survey_app.web.loaders import requires

bp = Blueprint("campaign_settings", __name__, url_prefix="/campaigns/<int:cid>/settings")


class SettingsForm(FlaskForm):
    title = StringField("Tên kỳ khảo sát", validators=[DataRequired("Hãy nhập tên kỳ khảo sát.")])
    list_deadline = DateTimeLocalField("Hạn gửi danh sách (giờ Việt Nam)",
                                       validators=[DataRequired("Hãy chọn hạn gửi danh sách.")])
    response_deadline = DateTimeLocalField("Hạn trả lời phiếu (giờ Việt Nam)",
                                           validators=[DataRequired("Hãy chọn hạn trả lời phiếu.")])
    domain_policy = SelectField("Địa chỉ thư ngoài tên miền .gov.vn",
                                choices=[SelectChoice(k, v) for k, v in settings.DOMAIN_POLICIES.items()])
    reminder_days = StringField("Ngày tự động đôn đốc (số ngày trước hạn trả lời, cách nhau dấu phẩy)")
    contact = TextAreaField("Đầu mối liên hệ tại Bộ Nội vụ (hiện trên trang hướng dẫn)")
    reason = TextAreaField("Lý do thay đổi (bắt buộc khi đổi hạn)")


def _form_for(campaign) -> SettingsForm:
    now = settings.current_settings(campaign)
    return SettingsForm(title=now.title, list_deadline=local(now.list_deadline).replace(tzinfo=None),
                        response_deadline=local(now.response_deadline).replace(tzinfo=None),
                        domain_policy=now.domain_policy, contact=now.contact,
                        reminder_days=", ".join(str(d) for d in now.reminder_days))


def _submitted(form: SettingsForm) -> settings.CampaignSettings:
    return settings.CampaignSettings(
        title=form.title.data, list_deadline=form.list_deadline.data.replace(tzinfo=VIETNAM),
        response_deadline=form.response_deadline.data.replace(tzinfo=VIETNAM), domain_policy=form.domain_policy.data,
        reminder_days=settings.parse_reminder_days(form.reminder_days.data), contact=form.contact.data or "",
        reason=form.reason.data or "")


@bp.route("", methods=["GET", "POST"])
@requires("campaign.manage")
def edit_settings(cid: int):
    """Change the campaign's settings; moving a passed deadline later reopens what it locked."""
    campaign = get_campaign(cid)
    form = _form_for(campaign)
    if form.validate_on_submit():
        try:
            result = settings.update_campaign_settings(campaign, _submitted(form), actor=current_user)
        except InvalidInput as exc:
            return _page(campaign, form, errors=exc.errors or [{"message": exc.message}], status=422)
        if result.get("lists_reopened"):
            unlock_lists(campaign, actor=current_user)
        db.session.commit()
        flash(_said(result), "info")
        return redirect(url_for("campaign_settings.edit_settings", cid=cid))
    return _page(campaign, form, status=422 if form.errors else 200)


def _page(campaign, form, *, errors=(), status=200):
    return render_template("campaigns/settings.html", campaign=campaign, form=form, errors=errors), status


def _said(result: dict) -> str:
    if not result["changes"]:
        return "Không có thay đổi nào."
    said = f"Đã lưu {len(result['changes'])} thay đổi."
    if result.get("lists_reopened"):
        said += " Hạn gửi danh sách đã được gia hạn: các địa phương có thể sửa và gửi lại danh sách."
    if result.get("surveying_reopened"):
        said += " Hạn trả lời đã được gia hạn: kỳ khảo sát nhận phiếu trở lại."
    return said
