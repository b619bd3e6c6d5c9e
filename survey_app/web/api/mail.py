"""Mail outcomes and reminders over the API."""

from flask import jsonify, request

from survey_app.accounts.permissions import locality_scope
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.mailing.reminders import queue_reminders
from survey_app.mailing.status import count_mail_status
from survey_app.web.api.blueprint import allowed, body, bp
from survey_app.web.api.schemas import LOCALITY_QUERY, MAIL_STATUS, QUEUED, REMINDERS_BODY
from survey_app.web.api.spec import documented


@bp.route("/campaigns/<int:cid>/mail-status")
@documented(query=LOCALITY_QUERY, responses={200: MAIL_STATUS, 403: None, 404: None})
def mail_status(cid: int):
    """Messages by delivery status; a locality officer counts only its own."""
    user = allowed("mail.read")
    get_campaign(cid)
    return jsonify(count_mail_status(cid, locality_ids=locality_scope(user, request.args.get("locality"))))


@bp.route("/campaigns/<int:cid>/reminders", methods=["POST"])
@documented(body=REMINDERS_BODY, responses={200: QUEUED, 403: None, 404: None, 409: None, 422: None})
def send_reminders_api(cid: int):
    """Remind the non-respondents (of one locality, or all for MOHA); at most once a day per person."""
    user = allowed("remind")
    code = body().get("locality")
    if code is not None and not isinstance(code, str):
        raise InvalidInput("locality phải là mã địa phương, ví dụ \"01\".")
    queued = queue_reminders(get_campaign(cid), locality_ids=locality_scope(user, code), actor=user)
    db.session.commit()
    return jsonify({"messages_queued": queued})
