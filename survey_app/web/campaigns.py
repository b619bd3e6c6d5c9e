"""MOHA's campaign pages: create, open, follow lists, dispatch, watch progress."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange

from survey_app.accounts.permissions import visible_locality_ids
from survey_app.campaigns import services as campaigns
from survey_app.core.clock import VIETNAM
from survey_app.core.db import db
from survey_app.invitations.preview import dispatch_summary
from survey_app.mailing.dispatch import dispatch
from survey_app.monitoring.progress import get_progress
from survey_app.reference.models import list_localities
from survey_app.respondents.services import list_lists
from survey_app.web.loaders import requires

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


class CampaignForm(FlaskForm):
    code = StringField("Mã kỳ khảo sát", validators=[DataRequired("Hãy nhập mã, ví dụ PAR2025.")])
    title = StringField("Tên kỳ khảo sát", validators=[DataRequired("Hãy nhập tên.")])
    year = IntegerField("Năm đánh giá", validators=[NumberRange(2000, 2100, "Năm không hợp lệ.")])
    model = SelectField("Mô hình (nhóm đối tượng, phiếu)")
    list_deadline = DateTimeLocalField("Hạn gửi danh sách", validators=[DataRequired("Hãy chọn hạn.")])
    response_deadline = DateTimeLocalField("Hạn trả lời phiếu", validators=[DataRequired("Hãy chọn hạn.")])


class ActionForm(FlaskForm):
    """A button that changes state: only its CSRF token."""


@bp.route("/new", methods=["GET", "POST"])
@requires("campaign.manage")
def new_campaign():
    """Create a campaign from a shipped model (par-2024 or par-2025)."""
    models = campaigns.list_models()
    form = CampaignForm(model=models[-1] if models else None)  # the newest model unless one is chosen
    form.model.choices = [(m, m) for m in models]
    if form.validate_on_submit():
        campaign = campaigns.create_campaign(
            code=form.code.data.strip(), title=form.title.data, year=form.year.data, model=form.model.data,
            list_deadline=form.list_deadline.data.replace(tzinfo=VIETNAM),
            response_deadline=form.response_deadline.data.replace(tzinfo=VIETNAM), actor=current_user)
        db.session.commit()
        flash(f"Đã tạo kỳ khảo sát {campaign.code}.", "info")
        return redirect(url_for("campaigns.show_campaign", cid=campaign.id))
    return render_template("campaigns/new.html", form=form)


@bp.route("/<int:cid>")
@requires("campaign.read")
def show_campaign(cid: int):
    """A campaign: its groups and questionnaires, every locality's list and progress."""
    campaign = campaigns.get_campaign(cid)
    ids = visible_locality_ids(current_user)
    lists = {lst.locality_id: lst for lst in list_lists(campaign)}
    localities = [loc for loc in list_localities() if ids is None or loc.id in ids]
    progress = {p["code"]: p for p in get_progress(cid, locality_ids=ids)["localities"]}
    return render_template("campaigns/show.html", campaign=campaign, lists=lists, localities=localities,
                           progress=progress, form=ActionForm())


@bp.route("/<int:cid>/open", methods=["POST"])
@requires("campaign.manage")
def open_campaign(cid: int):
    """Start taking lists."""
    if ActionForm().validate_on_submit():
        campaigns.open_campaign(campaigns.get_campaign(cid), actor=current_user)
        db.session.commit()
        flash("Kỳ khảo sát đã mở: các địa phương có thể nhập và gửi danh sách.", "info")
    return redirect(url_for("campaigns.show_campaign", cid=cid))


@bp.route("/<int:cid>/dispatch", methods=["GET", "POST"])
@requires("dispatch")
def dispatch_campaign(cid: int):
    """Send questionnaires to every approved list, after a summary to confirm (a repeat sends nothing twice)."""
    campaign = campaigns.get_campaign(cid)
    if ActionForm().validate_on_submit():
        result = dispatch(campaign, actor=current_user)
        db.session.commit()
        flash(f"Đã tạo {result['invitations_created']} phiếu và xếp {result['messages_queued']} thư vào hàng đợi gửi.",
              "info")
        return redirect(url_for("campaigns.show_campaign", cid=cid))
    return render_template("campaigns/dispatch.html", campaign=campaign, summary=dispatch_summary(campaign),
                           form=ActionForm())
