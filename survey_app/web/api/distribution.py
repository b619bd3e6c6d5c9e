"""Dispatch, mail status and progress over the API."""

from flask import jsonify, request

from survey_app.accounts.permissions import locality_scope
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.invitations.services import dispatch
from survey_app.monitoring.progress import get_progress
from survey_app.web.api import allowed, body, bp


@bp.route("/campaigns/<int:cid>/dispatch", methods=["POST"])
def dispatch_api(cid: int):
    """Invitations and outbox messages for approved lists (idempotent)."""
    user = allowed("dispatch")
    codes = body().get("localities")
    if codes is not None and not (isinstance(codes, list) and all(isinstance(c, str) for c in codes)):
        raise InvalidInput("localities phải là danh sách mã địa phương, ví dụ [\"01\", \"79\"].")
    result = dispatch(get_campaign(cid), locality_codes=codes, actor=user)
    db.session.commit()
    return jsonify(result)


@bp.route("/campaigns/<int:cid>/progress")
def progress(cid: int):
    """Invitation counts per locality and group; a locality officer sees only its own."""
    user = allowed("progress.read")
    get_campaign(cid)
    return jsonify(get_progress(cid, locality_ids=locality_scope(user, request.args.get("locality"))))
