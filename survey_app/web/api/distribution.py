"""Dispatch, mail status and progress over the API."""

from flask import jsonify, request

from survey_app.accounts.permissions import locality_scope
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.mailing.dispatch import dispatch
from survey_app.monitoring.progress import get_progress
from survey_app.web.api.blueprint import allowed, body, bp
from survey_app.web.api.schemas import DISPATCH_BODY, DISPATCHED, LOCALITY_QUERY, PROGRESS
from survey_app.web.api.spec import documented


@bp.route("/campaigns/<int:cid>/dispatch", methods=["POST"])
@documented(body=DISPATCH_BODY, responses={200: DISPATCHED, 403: None, 404: None, 409: None, 422: None})
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
@documented(query=LOCALITY_QUERY, responses={200: PROGRESS, 403: None, 404: None})
def progress(cid: int):
    """Invitation counts per locality and group, void invitations apart; a locality officer sees only its own."""
    user = allowed("progress.read")
    get_campaign(cid)
    scope = locality_scope(user, request.args.get("locality"))
    return jsonify(get_progress(cid, locality_ids=scope))
