"""Respondent lists over the API: a locality officer for its own locality, MOHA for all."""

from io import BytesIO

from flask import current_app, jsonify, request, send_file

from survey_app.campaigns.services import get_campaign, list_campaigns
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.invitations.decisions import DECISIONS, decide_list
from survey_app.respondents import services
from survey_app.respondents.campaign_template import model_template
from survey_app.respondents.importing import import_list
from survey_app.respondents.rebuild import ImportRejected
from survey_app.web.api.blueprint import allowed, body, bp
from survey_app.web.api.schemas import (
    IMPORT_FORM,
    IMPORT_REFUSED,
    IMPORT_REPORT,
    LIST,
    RETURN_BODY,
    RETURNED,
    STATUS,
    XLSX_FILE,
)
from survey_app.web.api.spec import ERROR, documented
from survey_app.web.guards import int_arg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list(cid: int, code: str, action: str):
    user = allowed(action)
    return user, services.get_list_or_404(cid, code, user)


@bp.route("/templates/respondent-list.xlsx")
@documented(query={"campaign": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                   "variant": {"type": "string", "enum": ["province", "ministry"]}},
            responses={200: XLSX_FILE, 403: None, 404: None, 422: None})
def respondent_list_template():
    """The list template for a campaign's model (?campaign=<id>) and variant (?variant=province|ministry)."""
    allowed("list.read")
    campaign_id = int_arg("campaign")
    campaigns = list_campaigns()
    model = get_campaign(campaign_id).model if campaign_id else (campaigns[0].model if campaigns else "par-2025")
    variant = request.args.get("variant", "province")
    data = model_template(model, variant)
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"mau-danh-sach-{variant}.xlsx")


@bp.route("/campaigns/<int:cid>/lists/<code>")
@documented(responses={200: LIST, 403: None, 404: None})
def show_list(cid: int, code: str):
    lst = services.read_list_or_404(cid, code, allowed("list.read"))
    return jsonify({"status": lst.status, "version": lst.version, "locality": lst.locality.code,
                    "respondents": [r.to_dict() for r in lst.respondents], "warnings": lst.warnings or []})


@bp.route("/campaigns/<int:cid>/lists/<code>/import", methods=["POST"])
@documented(multipart=IMPORT_FORM, responses={200: IMPORT_REPORT, 403: None, 404: None, 409: None,
                                             422: {"anyOf": [IMPORT_REFUSED, ERROR]}})
def import_list_api(cid: int, code: str):
    """Import a list file: all or nothing, with the complete report."""
    user, lst = _list(cid, code, "list.edit")
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("Thiếu tệp: gửi multipart/form-data với trường file=<tệp danh sách>.",
                           errors=[{"field": "file", "message": "Thiếu tệp danh sách."}])
    try:
        report = import_list(lst, upload.read(), upload.filename or "danh-sach",
                             mode=request.form.get("mode", "replace"),
                             max_bytes=current_app.config["LIST_FILE_MAX_BYTES"], actor=user)
    except ImportRejected as exc:
        db.session.rollback()
        return jsonify({**exc.report, "errors": exc.report["rejected"]}), 422
    db.session.commit()
    return jsonify(report)


def _decided(cid: int, code: str, verb: str, reason: str = ""):
    """Every list decision answers the same way: the new status (and the reason of a return)."""
    user, lst = _list(cid, code, DECISIONS[verb].permission)
    decide_list(lst, verb, reason=reason, actor=user)
    db.session.commit()
    return jsonify({"status": lst.status, **({"reason": lst.return_reason} if verb == "return" else {})})


@bp.route("/campaigns/<int:cid>/lists/<code>/submit", methods=["POST"])
@documented(responses={200: STATUS, 403: None, 404: None, 409: None, 422: None})
def submit_list(cid: int, code: str):
    return _decided(cid, code, "submit")


@bp.route("/campaigns/<int:cid>/lists/<code>/approve", methods=["POST"])
@documented(responses={200: STATUS, 403: None, 404: None, 409: None})
def approve_list(cid: int, code: str):
    return _decided(cid, code, "approve")


@bp.route("/campaigns/<int:cid>/lists/<code>/return", methods=["POST"])
@documented(body=RETURN_BODY, responses={200: RETURNED, 403: None, 404: None, 409: None, 422: None})
def return_list(cid: int, code: str):
    return _decided(cid, code, "return", str(body().get("reason", "")))
