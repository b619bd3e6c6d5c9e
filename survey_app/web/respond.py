"""The respondent's page /s/<token>: no account, the link is the capability."""

import secrets

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from survey_app.core.db import db
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.extensions import limiter
from survey_app.invitations.links import find_by_token, link_token
from survey_app.invitations.models import Invitation
from survey_app.invitations.services import list_open_invitations
from survey_app.questionnaires.answers import missing_required, progress
from survey_app.questionnaires.definition import from_dict
from survey_app.responses import services
from survey_app.responses.tracking import Client

bp = Blueprint("respond", __name__)

DEVICE_COOKIE = "sa_device"


def _client() -> Client:
    device = request.cookies.get(DEVICE_COOKIE) or g.setdefault("new_device", secrets.token_urlsafe(18))
    return Client(ip=request.remote_addr or "", user_agent=request.headers.get("User-Agent", ""), device_id=device)


@bp.after_app_request
def _set_device_cookie(response):
    if g.get("new_device"):
        response.set_cookie(DEVICE_COOKIE, g.new_device, max_age=365 * 86400, httponly=True, samesite="Lax",
                            secure=request.is_secure)
    return response


def _json_client() -> bool:
    return request.is_json or request.accept_mimetypes.best == "application/json"


def _state(invitation: Invitation) -> str:
    if invitation.is_void:
        return "void"
    if invitation.submitted_at:
        return "submitted"
    if invitation.campaign.status in ("closed", "scored"):
        return "closed"
    try:
        services.ensure_answerable(invitation)
    except InvalidState:
        return "expired"
    return "open"


def _other_links(invitation: Invitation) -> list[dict]:
    others = [i for i in list_open_invitations(invitation.respondent) if i.id != invitation.id]
    return [{"title": i.questionnaire.title, "about": i.evaluated_locality.name, "url": f"/s/{link_token(i)}"}
            for i in others]


def _payload(invitation, response, state) -> dict:
    definition = invitation.questionnaire.definition
    return {"status": "submitted" if state == "submitted" else "draft", "state": state,
            "receipt": response.receipt if response else None,
            "questionnaire": definition, "answers": response.answers if response else {},
            "about": invitation.evaluated_locality.name, "other_links": _other_links(invitation)}


def _page(invitation, *, state, answers=None, missing=(), errors=(), notice=None, status=200,
          template="respond/form.html"):
    response = services.get_response(invitation)
    answers = answers if answers is not None else (response.answers if response else {})
    questionnaire = from_dict(invitation.questionnaire.definition)
    if state != "open" and template == "respond/form.html":
        template, status = f"respond/{state}.html", {"submitted": 200, "void": 410, "closed": 410}.get(state, 410)
    g.no_store = True
    answered, total = progress(questionnaire, answers)
    return render_template(template, invitation=invitation, q=questionnaire, answers=answers, response=response,
                           missing=set(missing), errors=list(errors), notice=notice, answered=answered, total=total,
                           others=_other_links(invitation), token=request.view_args["token"]), status


def _unknown():
    g.no_store = True
    if _json_client():
        return jsonify({"status": "unknown", "message": "Đường dẫn không hợp lệ hoặc đã được thay bằng đường dẫn mới."}), 404
    return render_template("respond/unknown.html"), 404


@bp.route("/s/<token>", methods=["GET"])
@limiter.limit(lambda: current_app.config["TOKEN_RATE_LIMIT"], deduct_when=lambda r: r.status_code == 404)
def show(token: str):
    """The questionnaire (or the page saying why it cannot be answered); records an "open"."""
    invitation = find_by_token(token)
    if invitation is None:
        return _unknown()
    state = _state(invitation)
    if state == "open":
        services.open_invitation(invitation, _client())
        db.session.commit()
    if _json_client():
        return jsonify(_payload(invitation, services.get_response(invitation), state))
    return _page(invitation, state=state)


def _form_answers() -> dict:
    return {key[2:]: value for key, value in request.form.items() if key.startswith("q.") and value != ""}


def _post_json(invitation: Invitation):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("answers", {}), dict) \
            or body.get("action", "save") not in ("save", "submit"):
        raise InvalidInput("Nội dung gửi lên phải là JSON {\"answers\": {...}, \"action\": \"save\"|\"submit\"}.")
    save = services.submit if body.get("action") == "submit" else services.save_draft
    response = save(invitation, body.get("answers") or {}, _client())
    db.session.commit()
    return jsonify({"status": response.status, "receipt": response.receipt})


def _post_form(invitation: Invitation):
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        return _page(invitation, state="open", answers=_form_answers(), status=400,
                     errors=["Phiên trả lời đã hết hạn. Các câu trả lời trên trang chưa được lưu: hãy bấm Lưu lại."])
    action, answers = request.form.get("action", "save"), _form_answers()
    if action == "confirm":
        services.save_draft(invitation, answers, _client())
        db.session.commit()
        missing = missing_required(from_dict(invitation.questionnaire.definition),
                                   services.get_response(invitation).answers)
        return _page(invitation, state="open", missing=missing, template="respond/confirm.html")
    if action == "submit":
        response = services.submit(invitation, answers, _client())
        db.session.commit()
        return _page(invitation, state="submitted", answers=response.answers)
    services.save_draft(invitation, answers, _client())
    db.session.commit()
    return _page(invitation, state="open", notice="Đã lưu nháp. Anh/chị có thể quay lại trả lời tiếp bằng đường dẫn trong thư.")


@bp.route("/s/<token>", methods=["POST"])
@limiter.limit(lambda: current_app.config["TOKEN_RATE_LIMIT"], deduct_when=lambda r: r.status_code == 404)
def answer(token: str):
    """Save a draft or submit, as an HTML form (with its CSRF token) or as JSON."""
    invitation = find_by_token(token)
    if invitation is None:
        return _unknown()
    try:
        return _post_json(invitation) if request.is_json else _post_form(invitation)
    except services.AlreadySubmitted as exc:
        db.session.rollback()
        if request.is_json:
            return jsonify({"status": "submitted", "message": exc.message,
                            "receipt": services.get_response(invitation).receipt}), 409
        return _page(invitation, state="submitted")
    except InvalidInput as exc:
        db.session.rollback()
        if request.is_json:
            return jsonify({"message": exc.message, "errors": exc.errors}), 422
        return _page(invitation, state="open", answers=_form_answers(), status=422,
                     missing=[e["field"] for e in exc.errors], errors=[exc.message])
    except InvalidState as exc:
        db.session.rollback()
        if request.is_json:
            return jsonify({"status": _state(invitation), "message": exc.message}), 409
        return _page(invitation, state=_state(invitation))
