"""Mail outcomes and reminders over the API."""

from flask import jsonify, request

from survey_app.accounts.permissions import locality_scope
from survey_app.campaigns.services import get_campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.mailing.reminders import queue_reminders
from survey_app.mailing.status import count_mail_status
from survey_app.web.api import allowed, body, bp


@bp.route("/campaigns/<int:cid>/mail-status")
def mail_status(cid: int):
    """Messages by delivery status; a locality officer counts only its own."""
    user = allowed("mail.read")
    get_campaign(cid)
    return jsonify(count_mail_status(cid, locality_ids=locality_scope(user, request.args.get("locality"))))


@bp.route("/campaigns/<int:cid>/reminders", methods=["POST"])
def send_reminders_api(cid: int):
    """Remind the non-respondents (of one locality, or all for MOHA); at most once a day per person."""
    user = allowed("remind")
    code = body().get("locality")
    if code is not None and not isinstance(code, str):
        raise InvalidInput("locality phải là mã địa phương, ví dụ \"01\".")
    queued = queue_reminders(get_campaign(cid), locality_ids=locality_scope(user, code), actor=user)
    db.session.commit()
    return jsonify({"messages_queued": queued})
