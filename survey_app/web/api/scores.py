"""Scores over the API: MOHA computes, previews, imports appraisal points and publishes; officers read their own."""

from io import BytesIO

from flask import current_app, jsonify, request, send_file

import survey_app.web.api.score_schemas as schema
from survey_app.accounts.permissions import can, visible_locality_ids
from survey_app.campaigns.services import get_campaign
from survey_app.core.clock import local
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.scoring.appraisal import import_appraisal
from survey_app.scoring.computing import compute_scores, latest_computation, publish_scores
from survey_app.scoring.preview import preview_body
from survey_app.scoring.tables import computation_dict, scores_body
from survey_app.scoring.templates import template_for
from survey_app.web.api.blueprint import allowed, body, bp
from survey_app.web.api.spec import binary, documented
from survey_app.web.guards import int_arg
from survey_app.web.recompute_limit import limit_recompute

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _resamples(data: dict) -> int:
    value = data.get("resamples", current_app.config.get("SCORING_RESAMPLES", 1000))
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5000:
        raise InvalidInput("Số lần lấy mẫu lại phải là số nguyên từ 0 đến 5000.",
                           errors=[{"field": "resamples", "message": f"'{value}' không hợp lệ."}])
    return value


@bp.route("/campaigns/<int:cid>/scores/compute", methods=["POST"])
@limit_recompute()
@documented(body=schema.COMPUTE_BODY, responses={200: schema.SCORES, 403: None, 404: None, 422: None})
def compute_scores_api(cid: int):
    """Compute every unit's points, index, rank, class and intervals from the current inputs, and store the run."""
    user = allowed("scores.manage")
    campaign = get_campaign(cid)
    computation = compute_scores(campaign, resamples=_resamples(body()), actor=user)
    db.session.commit()
    return jsonify(scores_body(computation))


@bp.route("/campaigns/<int:cid>/scores")
@documented(responses={200: schema.SCORES, 404: None})
def show_scores(cid: int):
    """MOHA: the latest computation; a locality officer: its own unit in the latest published one."""
    user = allowed("scores.published")
    campaign = get_campaign(cid)
    moha = can(user, "scores.read")
    computation = latest_computation(campaign.id, published=not moha)
    return jsonify(scores_body(computation, locality_ids=visible_locality_ids(user)))


@bp.route("/campaigns/<int:cid>/scores/preview", methods=["POST"])
@limit_recompute()
@documented(body=schema.VOID_BODY, responses={200: schema.PREVIEW, 403: None, 404: None, 422: None})
def preview_scores(cid: int):
    """What a void would do (a void's body as for POST …/voids), on top of the active voids; nothing is stored."""
    allowed("scores.read")
    return jsonify(preview_body(get_campaign(cid), body()))


@bp.route("/campaigns/<int:cid>/scores/publish", methods=["POST"])
@documented(responses={200: schema.PUBLISHED, 403: None, 404: None, 409: None})
def publish_scores_api(cid: int):
    """Publish the latest computation (its inputs unchanged since): each locality officer then reads its own unit."""
    user = allowed("scores.manage")
    computation = publish_scores(get_campaign(cid), actor=user)
    db.session.commit()
    return jsonify({"computation": computation_dict(computation)})


@bp.route("/campaigns/<int:cid>/appraisal", methods=["POST"])
@documented(multipart=schema.UPLOAD_FORM, responses={200: schema.UPLOAD, 403: None, 404: None, 422: None})
def upload_appraisal(cid: int):
    """Import appraisal points (unit code, criterion code, points): every row checked, all stored or none."""
    user = allowed("scores.manage")
    campaign = get_campaign(cid)
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("Thiếu tệp: gửi multipart/form-data với trường file=<tệp điểm thẩm định>.",
                           errors=[{"field": "file", "message": "Thiếu tệp."}])
    row = import_appraisal(campaign, upload.read(), upload.filename or "diem.xlsx", actor=user)
    db.session.commit()
    return jsonify({"id": row.id, "filename": row.filename, "checksum": row.checksum, "rows": row.rows,
                    "uploaded_by": row.uploaded_by, "uploaded_at": local(row.uploaded_at).isoformat()})


@bp.route("/templates/appraisal.xlsx")
@documented(query={"campaign": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}},
            responses={200: binary(XLSX), 403: None, 404: None, 422: None})
def appraisal_template_api():
    """The appraisal template of a campaign (?campaign=<id>): a row per unit and non-survey criterion."""
    allowed("scores.read")
    campaign_id = int_arg("campaign")
    if campaign_id is None:
        raise InvalidInput("Cần tham số campaign=<mã số kỳ khảo sát>.",
                           errors=[{"field": "campaign", "message": "Thiếu hoặc không phải số."}])
    name, data = template_for(get_campaign(campaign_id))
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)
