"""The respondent's page /s/<token>: no account, the link is the capability."""

import gzip
import secrets

from flask import Blueprint, Response, current_app, g, jsonify, redirect, request, url_for
from limits import parse as parse_limit
from markupsafe import Markup, escape

from survey_app.core import tokens
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.extensions import RESPONDENT_PATH, limiter
from survey_app.questionnaires.answers import missing_required, progress
from survey_app.questionnaires.definition import to_public_dict
from survey_app.responses import services
from survey_app.responses.answerable import LinkState, state_of
from survey_app.responses.models import ResponseStatus
from survey_app.responses.opens import record_open
from survey_app.responses.tracking import Client, hash_client
from survey_app.responses.visit import Visit, find_visit, load_visit
from survey_app.web.respond_render import FORM, GZIP_LEVEL, blank_page, numbering, render, sections_html

bp = Blueprint("respond", __name__)
bp.add_app_template_global(sections_html)

DEVICE_COOKIE = "sa_device"
FORM_PURPOSE = "respond-form"
#: Pages smaller than this are sent as they are: compressing them saves nothing worth the time.
GZIP_MIN_BYTES = 1400
REQUIRED = "Câu này bắt buộc: hãy chọn một phương án."
STATE_STATUS = {LinkState.SUBMITTED: 200, LinkState.VOID: 410, LinkState.CLOSED: 410, LinkState.EXPIRED: 410}
SAVED = "Đã lưu nháp. Anh/chị có thể quay lại trả lời tiếp bằng đường dẫn trong thư."
STALE_FORM = "Trang trả lời không hợp lệ. Các câu trả lời trên trang chưa được lưu: hãy bấm Lưu nháp."
MISSING = "Còn {n} câu bắt buộc chưa trả lời. Các câu được đánh dấu đỏ bên dưới; bấm vào từng câu để đến câu đó."


@limiter.request_filter
def _not_limited() -> bool:
    """No rate limit applies to these pages (failed link look-ups are counted by _failed_lookup). A filter
    skips the limiter's check: about 30 µs a view, against 60 µs for `limiter.exempt(bp)`, which still
    resolves limits."""
    return request.blueprint == bp.name


def _client() -> Client:
    device = request.cookies.get(DEVICE_COOKIE) or g.setdefault("new_device", secrets.token_urlsafe(18))
    return Client(ip=request.remote_addr or "", user_agent=request.headers.get("User-Agent", ""), device_id=device)


@bp.after_app_request
def _set_device_cookie(response):
    if g.get("new_device"):
        response.set_cookie(DEVICE_COOKIE, g.new_device, max_age=365 * 86400, httponly=True, samesite="Lax",
                            secure=request.is_secure)
    return response


@bp.after_request
def _compress(response):
    """gzip for HTML when the client accepts it: the page is mostly repeated option labels."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    response.vary.add("Accept-Encoding")
    if _accepts_gzip() and "Content-Encoding" not in response.headers:
        data = response.get_data()
        if len(data) >= GZIP_MIN_BYTES:
            response.set_data(gzip.compress(data, compresslevel=GZIP_LEVEL))
            response.headers["Content-Encoding"] = "gzip"
    return response


def _accepts_gzip() -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _json_client() -> bool:
    if request.is_json:
        return True
    # Browsers send no "json" in Accept: for them the header is not parsed (a few hundredths of a millisecond).
    return "json" in request.headers.get("Accept", "") and request.accept_mimetypes.best == "application/json"


def _payload(visit: Visit, state: str) -> dict:
    submitted = state == LinkState.SUBMITTED
    return {"status": ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT, "state": state,
            "receipt": visit.response.receipt if visit.response else None,
            "questionnaire": to_public_dict(services.questionnaire_of(visit.questionnaire)),
            "answers": visit.response.answers if visit.response else {},
            "about": visit.about, "other_links": visit.others}


def _page(visit: Visit, *, state, answers=None, problems=None, errors=(), notice=None, status=200, template=FORM):
    """Render the form (the draft with `answers` over it) or the page of the invitation's state.

    The form's templates see the invitation only through `own` (docs/architecture.md, "hot path").
    """
    g.no_store = True
    answers = {**(visit.response.answers if visit.response else {}), **(answers or {})}
    context = _context(visit, answers, problems=problems or {}, errors=list(errors), notice=notice)
    if state != "open":
        return render(f"respond/{state}.html", invitation=visit, response=visit.response, **context,
                      **_own(visit)), STATE_STATUS[state]
    if template == FORM and not (answers or problems or errors or notice):
        if _accepts_gzip():  # the kept form is already compressed: only the own values are framed (gzip_parts)
            return Response(blank_page(context, _own(visit), gzipped=True), status, mimetype="text/html",
                            headers={"Content-Encoding": "gzip"})
        return blank_page(context, _own(visit)), status
    return render(template, **context, **_own(visit)), status


def _context(visit: Visit, answers: dict, **messages) -> dict:
    """What the page shows that is the same for every invitation with these answers and messages."""
    q = services.questionnaire_of(visit.questionnaire)
    answered, total = progress(q, answers)
    checksum = visit.questionnaire.checksum
    return dict(q=q, answers=answers, answered=answered, total=total, numbers=numbering(checksum, q),
                checksum=checksum, deadline=visit.campaign.response_deadline, preview=False, **messages)


def _own(visit: Visit) -> dict[str, Markup]:
    """The invitation's own values on the form, as HTML: the unit judged, the form token, the link token and
    the links to the respondent's other questionnaires (the slots of the kept blank form)."""
    return {"about": escape(visit.about), "csrf": escape(form_token(visit)),
            "token": escape(request.view_args["token"]),
            "others_html": render("respond/_others.html", others=visit.others) if visit.others else Markup()}


def _fresh_page(visit: Visit, **kwargs):
    """The page as it stands once a write is committed (or rolled back): read afresh like a GET."""
    return _page(load_visit(visit.id), **kwargs)


def form_token(invitation: Visit) -> str:
    """The form's anti-forgery field, bound to the invitation's current link rather than to a browser session.

    The link itself is the capability (whoever knows it can post), so a session-bound CSRF token adds no
    protection here, and it would turn a closed browser into "session expired" and lost answers.
    """
    return tokens.mac(FORM_PURPOSE, f"{invitation.id}.{invitation.nonce}")


def form_token_matches(invitation: Visit, value: str) -> bool:
    return tokens.mac_matches(FORM_PURPOSE, f"{invitation.id}.{invitation.nonce}", value)


def _failed_lookup():
    """A forged, damaged or replaced link: counted per client; too many failures get 429, valid links never do."""
    g.no_store = True
    limit = parse_limit(current_app.config["TOKEN_RATE_LIMIT"])
    blocked = current_app.config.get("RATELIMIT_ENABLED", True) \
        and not limiter.limiter.hit(limit, "respond-token-failure", request.remote_addr or "")
    status, state = (429, "rate_limited") if blocked else (404, "unknown")
    if _json_client():
        message = ("Anh/chị đã thử quá nhiều đường dẫn không hợp lệ. Hãy đợi một lát rồi mở lại đường dẫn trong thư."
                   if blocked else "Đường dẫn không hợp lệ hoặc đã được thay bằng đường dẫn mới.")
        return jsonify({"status": state, "message": message}), status
    return render(f"respond/{state}.html"), status


@bp.route(RESPONDENT_PATH + "<token>", methods=["GET"])
def show(token: str):
    """The questionnaire (or the page saying why it cannot be answered); records an "open"."""
    visit = find_visit(token)
    if visit is None:
        return _failed_lookup()
    state = state_of(visit)
    if _json_client():
        g.no_store = True
        page = jsonify(_payload(visit, state))
    else:
        page = _page(visit, state=state)
    if state == "open":
        if record_open(visit.id, hash_client(_client(), visit.campaign.hash_key), first=visit.opened_at is None):
            db.session.commit()
    return page


def _form_answers() -> dict:
    return {key[2:]: value for key, value in request.form.items() if key.startswith("q.") and value != ""}


def _post_json(visit: Visit):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("answers", {}), dict) \
            or body.get("action", "save") not in ("save", "submit"):
        raise InvalidInput("Nội dung gửi lên phải là JSON {\"answers\": {...}, \"action\": \"save\"|\"submit\"}.")
    save = services.submit if body.get("action") == "submit" else services.save_draft
    draft = save(visit, body.get("answers") or {}, _client())
    db.session.commit()
    return jsonify({"status": draft.status, "receipt": draft.receipt})


def _confirm(visit: Visit, answers: dict):
    """Save, then either ask for confirmation or send the respondent back to the questions still missing."""
    draft = services.save_draft(visit, answers, _client())
    db.session.commit()
    missing = missing_required(services.questionnaire_of(visit.questionnaire), draft.answers)
    if missing:
        return _fresh_page(visit, state="open", problems=dict.fromkeys(missing, REQUIRED), status=422,
                           errors=[MISSING.format(n=len(missing))])
    return _fresh_page(visit, state="open", template="respond/confirm.html")


def _post_form(visit: Visit):
    state = state_of(visit)
    if state != "open":
        return _page(visit, state=state)
    if not form_token_matches(visit, request.form.get("csrf_token", "")):
        return _page(visit, state="open", answers=_form_answers(), status=400, errors=[STALE_FORM])
    action, answers = request.form.get("action", "save"), _form_answers()
    if action == "confirm":
        return _confirm(visit, answers)
    if action == "submit":
        services.submit(visit, answers, _client())
        db.session.commit()
        # Post/redirect/get: reloading the receipt page must not post the form again.
        return redirect(url_for("respond.show", token=request.view_args["token"]), 303)
    services.save_draft(visit, answers, _client())
    db.session.commit()
    return _fresh_page(visit, state="open", notice=SAVED)


def _refused(visit: Visit, exc: InvalidState):
    db.session.rollback()
    visit = load_visit(visit.id)
    state = state_of(visit)
    if not request.is_json:
        return _page(visit, state=state)
    body = {"status": state, "message": exc.message}
    if isinstance(exc, services.AlreadySubmitted):
        body.update(status=ResponseStatus.SUBMITTED, error="already_submitted", receipt=visit.response.receipt)
    return jsonify(body), 409


@bp.route(RESPONDENT_PATH + "<token>", methods=["POST"])
def answer(token: str):
    """Save a draft or submit, as an HTML form (with its CSRF token) or as JSON."""
    visit = find_visit(token)
    if visit is None:
        return _failed_lookup()
    try:
        return _post_json(visit) if request.is_json else _post_form(visit)
    except InvalidState as exc:
        return _refused(visit, exc)
    except InvalidInput as exc:
        db.session.rollback()
        if request.is_json:
            return jsonify({"status": ResponseStatus.DRAFT, "message": exc.message, "errors": exc.errors}), 422
        problems = {e["field"]: e["message"] for e in exc.errors if "field" in e}
        return _fresh_page(visit, state="open", answers=_form_answers(), status=422, problems=problems,
                           errors=[f"{exc.message} Các câu cần xem lại được đánh dấu đỏ bên dưới."])
