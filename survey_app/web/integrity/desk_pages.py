"""The queue of flags and localities by risk, a flag's page, scanning and reviewing."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.integrity.flags import get_flag, list_flags, review_flag
from survey_app.integrity.review import (
    RULE_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    evidence_label,
    figure,
    rule_label,
)
from survey_app.integrity.review_page import answer_shares, cluster_sheets, evidence_rows, similarity, timeline
from survey_app.integrity.scan import list_risks, scan_campaign
from survey_app.reference.models import Locality, get_locality
from survey_app.web.campaigns import ActionForm
from survey_app.web.integrity.blueprint import ReviewForm, bp, desk
from survey_app.web.integrity.score_preview import FLAG_SCOPES, flag_void_body, score_preview
from survey_app.web.recompute_limit import limit_recompute

LABELS = {"rules": RULE_LABELS, "severities": SEVERITY_LABELS, "statuses": STATUS_LABELS, "rule_label": rule_label,
          "evidence_label": evidence_label, "figure": figure}


@bp.route("")
@desk("integrity.read")
def show_queue(cid: int):
    """Flags (most severe first) and localities (riskiest first), with filters."""
    campaign = get_campaign(cid)
    filters = _filters(request.args)
    flags = list_flags(campaign.id, **filters)
    return render_template("integrity/queue.html", campaign=campaign, flags=flags, localities=_localities(),
                           risks=list_risks(campaign.id), query=request.args, form=ActionForm(), **LABELS)


def _localities() -> dict[int, Locality]:
    return {loc.id: loc for loc in db.session.scalars(select(Locality))}


def _filters(args) -> dict:
    """The queue's filters; anything unknown is ignored (the page shows every flag)."""
    severity = args.get("severity") if args.get("severity") in SEVERITY_LABELS else None
    status = args.get("status") if args.get("status") in STATUS_LABELS else None
    locality = get_locality(args["locality"]) if args.get("locality") else None
    return {"severity": severity, "status": status, "locality_id": locality.id if locality else None,
            "rule": args.get("rule") or None}


@bp.route("/scan", methods=["POST"])
@limit_recompute()
@desk("integrity.decide")
def scan_now(cid: int):
    """Scan the campaign now (the scheduler also does while it is surveying)."""
    campaign = get_campaign(cid)
    if ActionForm().validate_on_submit():
        scan = scan_campaign(campaign, actor=current_user)
        db.session.commit()
        flash(f"Đã quét {scan.responses} phiếu: {len(scan.result['flags'])} cảnh báo, {len(scan.saved.new)} mới, "
              f"{len(scan.saved.updated)} có bằng chứng mới.", "success")
    return redirect(url_for("integrity.show_queue", cid=cid))


@bp.route("/flags/<int:fid>")
@limit_recompute(exempt_when=lambda: request.args.get("preview") not in FLAG_SCOPES)
@desk("integrity.read")
def show_flag(cid: int, fid: int):
    """A flag's evidence: sheets with neutral labels, timeline, similarity map, answers against the nation's."""
    campaign = get_campaign(cid)
    flag = get_flag(campaign.id, fid)
    return _flag_page(campaign, flag, ReviewForm())


def _flag_page(campaign, flag, form, status: int = 200):
    sheets, locality = cluster_sheets(flag), db.session.get(Locality, flag.locality_id)
    labels, matrix = similarity(sheets)
    # The scores are recomputed for a preview (seconds at national scale): only when the reviewer asks for one.
    scope = request.args.get("preview", "") if request.args.get("preview") in FLAG_SCOPES else ""
    preview, problem = score_preview(campaign, flag_void_body(flag, locality.code, scope)) if scope else (None, "")
    return render_template("integrity/flag.html", campaign=campaign, flag=flag, sheets=sheets, form=form,
                           locality=locality, timeline=timeline(flag, sheets), map_labels=labels, map_values=matrix,
                           shares=answer_shares(flag, sheets), evidence=evidence_rows(flag.evidence),
                           preview_scope=scope, preview=preview, problem=problem,
                           **LABELS), status


@bp.route("/flags/<int:fid>/review", methods=["POST"])
@desk("integrity.decide")
def review_flag_page(cid: int, fid: int):
    """Dismiss or confirm the flag with a reason (audited)."""
    campaign = get_campaign(cid)
    flag, form = get_flag(campaign.id, fid), ReviewForm()
    if not form.validate_on_submit():
        return _flag_page(campaign, flag, form, 400)
    try:
        review_flag(flag, decision=form.decision.data, reason=form.reason.data, actor=current_user)
    except InvalidInput as error:
        db.session.rollback()
        form.reason.errors = [error.message]
        return _flag_page(campaign, get_flag(campaign.id, fid), form, 422)
    db.session.commit()
    flash(f"Đã ghi quyết định: {STATUS_LABELS[flag.status]}.", "success")
    return redirect(url_for("integrity.show_flag", cid=cid, fid=fid))
