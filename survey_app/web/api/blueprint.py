"""The JSON API v1 (shared/API.md): bearer tokens, never the browser session."""

from flask import Blueprint, current_app, g, jsonify, request

from survey_app.accounts.permissions import ensure
from survey_app.accounts.services import authenticate, issue_api_token, user_for_token
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.extensions import limiter
from survey_app.web.api.schemas import TOKEN, TOKEN_BODY
from survey_app.web.api.spec import documented

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC = {"api.issue_token", "api.openapi"}
#: Routes with a rate limit of their own (429 in the OpenAPI document); the last three share the recompute
#: limit (web/recompute_limit.py).
RATE_LIMITED = {"api.issue_token", "api.scan_integrity", "api.compute_scores_api", "api.preview_scores"}


@bp.before_request
def _authenticate():
    if request.endpoint in PUBLIC:
        return None
    header = request.headers.get("Authorization", "")
    user = user_for_token(header[7:].strip()) if header.startswith("Bearer ") else None
    if user is None:
        return jsonify({"message": "Thiếu mã truy cập hoặc mã đã hết hạn.",
                        "errors": [{"message": "Gửi Authorization: Bearer <token> lấy từ /api/v1/auth/token."}]}), 401
    g.api_user = user
    return None


def actor():
    """The user calling the API."""
    return g.api_user


def allowed(action: str):
    ensure(g.api_user, action)
    return g.api_user


def body() -> dict:
    """The JSON body as an object, or 422."""
    data = request.get_json(silent=True)
    if data is None and not request.data:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput("Nội dung gửi lên phải là một đối tượng JSON.")
    return data


@bp.route("/auth/token", methods=["POST"])
@documented(body=TOKEN_BODY, responses={200: TOKEN, 401: None, 422: None})
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def issue_token():
    """Exchange email and password for a bearer token."""
    data = body()
    user = authenticate(str(data.get("email", "")), str(data.get("password", "")),
                        max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                        lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    if user is None:
        db.session.commit()
        return jsonify({"message": "Sai địa chỉ thư hoặc mật khẩu, hoặc tài khoản đang tạm khóa.",
                        "errors": [{"message": "Sai thông tin đăng nhập."}]}), 401
    seconds = current_app.config["API_TOKEN_SECONDS"]
    token = issue_api_token(user, seconds=seconds)
    db.session.commit()
    return jsonify({"token": token, "expires_in": seconds})
