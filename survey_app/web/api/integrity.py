"""Integrity over the API: MOHA admins scan, review flags and decide voids; viewers read; officers get 404."""

from flask import jsonify, request

import survey_app.web.api.integrity_schemas as schema
from survey_app.accounts.permissions import ensure_integrity
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.integrity.flags import get_flag, list_flags, review_flag
from survey_app.integrity.review import flag_dicts, void_dicts
from survey_app.integrity.scan import list_risks, scan_campaign
from survey_app.integrity.voids import (
    approve_void,
    get_void,
    list_voids,
    request_locality_void,
    revoke_void,
    void_responses,
)
from survey_app.reference.models import get_locality
from survey_app.web.api.blueprint import actor, body, bp
from survey_app.web.api.spec import documented
from survey_app.web.recompute_limit import limit_recompute

CHOICES = {"severity": ("low", "medium", "high"), "status": ("open", "dismissed", "confirmed")}


def _allowed(action: str):
    ensure_integrity(actor(), action)
    return actor()


@bp.route("/campaigns/<int:cid>/integrity/scan", methods=["POST"])
@limit_recompute()
@documented(responses={200: schema.SCAN, 403: None, 404: None})
def scan_integrity(cid: int):
    """Run every detector on the campaign's submitted responses and store the flags (re-scans are idempotent)."""
    user = _allowed("integrity.decide")
    scan = scan_campaign(get_campaign(cid), actor=user)
    db.session.commit()
    return jsonify({"flags": len(scan.result["flags"]), "responses": scan.responses,
                    "new": len(scan.saved.new), "updated": len(scan.saved.updated)})


@bp.route("/campaigns/<int:cid>/integrity/flags")
@documented(query=schema.FLAG_QUERY, responses={200: schema.FLAGS, 404: None, 422: None})
def list_integrity_flags(cid: int):
    """The campaign's flags, most severe first (filters: severity, status, locality, rule)."""
    _allowed("integrity.read")
    campaign = get_campaign(cid)
    return jsonify(flag_dicts(list_flags(campaign.id, **_filters(request.args))))


def _filters(args) -> dict:
    """The query's filters, each checked; a wrong one is 422 naming it."""
    found = {name: args.get(name) or None for name in ("severity", "status", "rule")}
    for name, allowed in CHOICES.items():
        if found[name] is not None and found[name] not in allowed:
            raise InvalidInput("Bộ lọc không hợp lệ.", errors=[
                {"field": name, "message": f"'{found[name]}' không hợp lệ; dùng {', '.join(allowed)}."}])
    code = args.get("locality")
    locality = get_locality(code) if code else None
    if code and locality is None:
        raise InvalidInput("Không có địa phương này.", errors=[
            {"field": "locality", "message": f"Mã địa phương '{code}' không có trong danh mục."}])
    return {**found, "locality_id": locality.id if locality else None}


@bp.route("/campaigns/<int:cid>/integrity/localities")
@documented(responses={200: schema.LOCALITIES, 404: None})
def list_integrity_localities(cid: int):
    """Each scanned locality's risk in [0, 1] (the latest scan) and its number of open flags, riskiest first."""
    _allowed("integrity.read")
    return jsonify(list_risks(get_campaign(cid).id))


@bp.route("/campaigns/<int:cid>/integrity/flags/<int:fid>/review", methods=["POST"])
@documented(body=schema.REVIEW_BODY, responses={200: schema.FLAG, 403: None, 404: None, 422: None})
def review_integrity_flag(cid: int, fid: int):
    """Dismiss or confirm a flag with a reason (audited)."""
    user = _allowed("integrity.decide")
    data = body()
    flag = review_flag(get_flag(get_campaign(cid).id, fid), decision=str(data.get("decision", "")),
                       reason=data.get("reason"), actor=user)
    db.session.commit()
    return jsonify(flag_dicts([flag])[0])


@bp.route("/campaigns/<int:cid>/voids", methods=["POST"])
@documented(body=schema.VOID_BODY, responses={201: schema.VOID, 403: None, 404: None, 422: None})
def create_void(cid: int):
    """Void chosen responses (active at once) or ask to void a locality (pending a second admin's approval)."""
    user = _allowed("integrity.decide")
    campaign, data = get_campaign(cid), body()
    void = _void(campaign, data, user)
    db.session.commit()
    return jsonify(void_dicts([void])[0]), 201


def _void(campaign, data: dict, user):
    scope, flags = data.get("scope"), data.get("flags")
    if scope == "responses":
        return void_responses(campaign, data.get("invitations"), reason=data.get("reason"), flag_ids=flags,
                              actor=user)
    if scope == "locality":
        code = data.get("locality")
        locality = get_locality(code) if isinstance(code, str) else None
        return request_locality_void(campaign, locality, reason=data.get("reason"), flag_ids=flags, actor=user)
    raise InvalidInput("Phạm vi hủy phải là 'locality' hoặc 'responses'.", errors=[
        {"field": "scope", "message": f"'{scope}' không hợp lệ; dùng locality hoặc responses."}])


@bp.route("/campaigns/<int:cid>/voids")
@documented(responses={200: schema.VOIDS, 404: None})
def list_voids_api(cid: int):
    """Every void of the campaign, newest first (revoked ones too)."""
    _allowed("integrity.read")
    return jsonify(void_dicts(list_voids(get_campaign(cid).id)))


@bp.route("/campaigns/<int:cid>/voids/<int:vid>/approve", methods=["POST"])
@documented(responses={200: schema.VOID, 403: None, 404: None, 409: None})
def approve_void_api(cid: int, vid: int):
    """A second MOHA admin approves a locality void; the requester gets 409."""
    user = _allowed("integrity.decide")
    void = approve_void(get_void(get_campaign(cid).id, vid), actor=user)
    db.session.commit()
    return jsonify(void_dicts([void])[0])


@bp.route("/campaigns/<int:cid>/voids/<int:vid>/revoke", methods=["POST"])
@documented(body=schema.REVOKE_BODY, responses={200: schema.VOID, 403: None, 404: None, 409: None, 422: None})
def revoke_void_api(cid: int, vid: int):
    """Revoke a void with a reason: its invitations count again."""
    user = _allowed("integrity.decide")
    void = revoke_void(get_void(get_campaign(cid).id, vid), reason=body().get("reason"), actor=user)
    db.session.commit()
    return jsonify(void_dicts([void])[0])
