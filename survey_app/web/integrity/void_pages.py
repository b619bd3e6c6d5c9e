"""Voids on the desk: a confirmation page showing what the void would change before requesting it, the list,
a void's page with approval (a second admin) and revocation."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.integrity.models import VoidScope
from survey_app.integrity.review import VOID_STATUS_LABELS, void_dicts
from survey_app.integrity.voids import (
    approve_void,
    get_void,
    list_voids,
    request_locality_void,
    revoke_void,
    void_responses,
)
from survey_app.reference.models import get_locality
from survey_app.web.campaigns import ActionForm
from survey_app.web.integrity.blueprint import ReasonForm, bp, desk
from survey_app.web.integrity.score_preview import score_preview
from survey_app.web.recompute_limit import limit_recompute


def _ids(text: str | None) -> list[int]:
    return [int(part) for part in (text or "").replace(" ", "").split(",") if part.isdigit()]


def _asked(args) -> dict:
    """The void the page is about, from its query: ?locality=CODE or ?invitations=1,2 (and &flags=3,4)."""
    if args.get("locality"):
        return {"scope": "locality", "locality": args["locality"], "flags": _ids(args.get("flags"))}
    return {"scope": "responses", "invitations": _ids(args.get("invitations")), "flags": _ids(args.get("flags"))}


@bp.route("/voids")
@desk("integrity.read")
def list_void_pages(cid: int):
    """Every void of the campaign (pending, active, revoked), newest first."""
    campaign = get_campaign(cid)
    return render_template("integrity/voids.html", campaign=campaign, voids=void_dicts(list_voids(campaign.id)),
                           labels=VOID_STATUS_LABELS)


@bp.route("/voids/new", methods=["GET", "POST"])
@limit_recompute()
@desk("integrity.decide")
def new_void(cid: int):
    """Confirm a void: what it would change in points, index and rank, then the reason; nothing before POST."""
    campaign, form, asked = get_campaign(cid), ReasonForm(), _asked(request.args)
    if form.validate_on_submit():
        try:
            void = _request(campaign, asked, form.reason.data)
        except InvalidInput as error:
            db.session.rollback()
            form.reason.errors = [f"{error.message} {' '.join(e['message'] for e in error.errors)}"]
        else:
            db.session.commit()
            flash(_done_message(void), "success")
            return redirect(url_for("integrity.show_void", cid=cid, vid=void.id))
    preview, problem = score_preview(campaign, asked)
    return render_template("integrity/void_new.html", campaign=campaign, form=form, asked=asked, preview=preview,
                           problem=problem), 422 if form.errors else 200


def _request(campaign, asked: dict, reason: str):
    if asked["scope"] == VoidScope.LOCALITY:
        return request_locality_void(campaign, get_locality(asked["locality"]), reason=reason,
                                     flag_ids=asked["flags"], actor=current_user)
    return void_responses(campaign, asked["invitations"], reason=reason, flag_ids=asked["flags"], actor=current_user)


def _done_message(void) -> str:
    if void.scope == VoidScope.LOCALITY:
        return "Đã gửi đề nghị hủy kết quả của địa phương. Đề nghị có hiệu lực khi một quản trị viên khác phê duyệt."
    return f"Đã hủy {len(void.invitation_ids)} phiếu. Các phiếu này không còn được tính."


@bp.route("/voids/<int:vid>")
@limit_recompute()
@desk("integrity.read")
def show_void(cid: int, vid: int):
    """A void: who asked, why, on which flags; for a pending one, what approving it would change."""
    campaign = get_campaign(cid)
    void = get_void(campaign.id, vid)
    shown = void_dicts([void])[0]
    preview, problem = score_preview(campaign, shown) if void.status == "pending" else (None, "")
    return render_template("integrity/void.html", campaign=campaign, void=void, shown=shown, preview=preview,
                           problem=problem, form=ReasonForm(), action_form=ActionForm(), labels=VOID_STATUS_LABELS)


@bp.route("/voids/<int:vid>/approve", methods=["POST"])
@desk("integrity.decide")
def approve_void_page(cid: int, vid: int):
    """A second MOHA admin puts a locality void in force (the requester cannot)."""
    void = get_void(get_campaign(cid).id, vid)
    if ActionForm().validate_on_submit():
        approve_void(void, actor=current_user)
        db.session.commit()
        flash("Đã phê duyệt: kết quả của địa phương bị hủy; các đường dẫn trả lời không còn nhận phiếu.", "success")
    return redirect(url_for("integrity.show_void", cid=cid, vid=vid))


@bp.route("/voids/<int:vid>/revoke", methods=["POST"])
@desk("integrity.decide")
def revoke_void_page(cid: int, vid: int):
    """Revoke a void with a reason: its responses count again."""
    campaign = get_campaign(cid)
    void, form = get_void(campaign.id, vid), ReasonForm()
    if form.validate_on_submit():
        revoke_void(void, reason=form.reason.data, actor=current_user)
        db.session.commit()
        flash("Đã thu hồi quyết định hủy; các phiếu được tính lại.", "success")
    return redirect(url_for("integrity.show_void", cid=cid, vid=vid))
