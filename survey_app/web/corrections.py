"""Address corrections for MOHA: every correction in one list; an admin approves or refuses the pending ones."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField

from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import DomainError
from survey_app.mailing import corrections
from survey_app.web.loaders import requires

bp = Blueprint("corrections", __name__, url_prefix="/campaigns/<int:cid>/mail/corrections")


class ApproveForm(FlaskForm):
    """Approving: only its CSRF token."""


class RefuseForm(FlaskForm):
    reason = TextAreaField("Lý do từ chối")


@bp.route("")
@requires("correction.read")
def list_corrections(cid: int):
    """Every address correction of the campaign, pending ones first."""
    campaign = get_campaign(cid)
    return render_template("mail/corrections.html", campaign=campaign,
                           corrections=corrections.list_corrections(campaign.id))


@bp.route("/<int:xid>")
@requires("correction.read")
def show_correction(cid: int, xid: int):
    """One correction; for a pending one, the admin's confirmation page (approve or refuse)."""
    correction = corrections.get_correction(get_campaign(cid).id, xid)
    return _page(correction)


def _page(correction):
    return render_template("mail/correction.html", campaign=get_campaign(correction.campaign_id),
                           correction=correction, approve=ApproveForm(formdata=None), refuse=RefuseForm(formdata=None))


@bp.route("/<int:xid>/approve", methods=["POST"])
@requires("correction.decide")
def approve_correction(cid: int, xid: int):
    """Approve: the links are reissued and sent to the new address, the old address is told."""
    correction = corrections.get_correction(get_campaign(cid).id, xid)
    if ApproveForm().validate_on_submit():
        _decide(lambda: corrections.approve_correction(correction, actor=current_user),
                f"Đã duyệt: đường dẫn mới được gửi tới {correction.new_address}.")
    return redirect(url_for("corrections.show_correction", cid=cid, xid=xid))


@bp.route("/<int:xid>/refuse", methods=["POST"])
@requires("correction.decide")
def refuse_correction(cid: int, xid: int):
    """Refuse with a reason: nothing is sent, the address stays as it was."""
    correction = corrections.get_correction(get_campaign(cid).id, xid)
    form = RefuseForm()
    if form.validate_on_submit():
        _decide(lambda: corrections.refuse_correction(correction, reason=form.reason.data or "", actor=current_user),
                "Đã từ chối đề nghị sửa địa chỉ.")
    return redirect(url_for("corrections.show_correction", cid=cid, xid=xid))


def _decide(rule, done: str) -> None:
    try:
        rule()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(done, "info")
