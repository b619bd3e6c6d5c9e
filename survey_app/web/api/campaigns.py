"""Campaigns over the API (moha_admin creates and opens; every role reads)."""

from flask import jsonify

from survey_app.campaigns import services
from survey_app.core.clock import parse_iso
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.web.api.blueprint import allowed, body, bp
from survey_app.web.api.schemas import CAMPAIGN, CAMPAIGN_BODY, CAMPAIGN_DETAIL, array
from survey_app.web.api.spec import documented


def _deadline(data: dict, field: str):
    try:
        return parse_iso(str(data[field]))
    except (KeyError, ValueError):
        raise InvalidInput(f"Trường {field} phải là thời điểm ISO 8601, ví dụ 2025-12-20T17:00:00+07:00.",
                           errors=[{"field": field, "message": "Thời điểm không hợp lệ (ISO 8601)."}]) from None


def _year(data: dict) -> int:
    try:
        return int(data.get("year"))
    except (TypeError, ValueError):
        raise InvalidInput("Năm đánh giá phải là số, ví dụ 2025.",
                           errors=[{"field": "year", "message": "Năm phải là số."}]) from None


@bp.route("/campaigns", methods=["POST"])
@documented(body=CAMPAIGN_BODY, responses={201: CAMPAIGN_DETAIL, 403: None, 409: None, 422: None})
def create_campaign():
    """Create a draft campaign from a shipped model."""
    user = allowed("campaign.manage")
    data = body()
    campaign = services.create_campaign(
        code=str(data.get("code", "")), title=str(data.get("title", "")), year=_year(data),
        model=str(data.get("model", "par-2025")), list_deadline=_deadline(data, "list_deadline"),
        response_deadline=_deadline(data, "response_deadline"), actor=user)
    db.session.commit()
    return jsonify(services.campaign_to_dict(campaign, detail=True)), 201


@bp.route("/campaigns")
@documented(responses={200: array(CAMPAIGN), 403: None})
def list_campaigns():
    allowed("campaign.read")
    return jsonify([services.campaign_to_dict(c) for c in services.list_campaigns()])


@bp.route("/campaigns/<int:cid>")
@documented(responses={200: CAMPAIGN_DETAIL, 403: None, 404: None})
def show_campaign(cid: int):
    allowed("campaign.read")
    return jsonify(services.campaign_to_dict(services.get_campaign(cid), detail=True))


@bp.route("/campaigns/<int:cid>/open", methods=["POST"])
@documented(responses={200: CAMPAIGN, 403: None, 404: None, 409: None})
def open_campaign(cid: int):
    """Start collecting lists."""
    user = allowed("campaign.manage")
    campaign = services.open_campaign(services.get_campaign(cid), actor=user)
    db.session.commit()
    return jsonify(services.campaign_to_dict(campaign))
