"""Errors become a Vietnamese page (or JSON under /api and for JSON clients), never a stack trace."""

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from survey_app.core.db import db
from survey_app.core.errors import DomainError

bp = Blueprint("errors", __name__)

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập hoặc mã truy cập hợp lệ.",
    403: "Tài khoản của anh/chị không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy trang hoặc đối tượng này.",
    405: "Thao tác không được hỗ trợ tại địa chỉ này.",
    409: "Trạng thái hiện tại không cho phép thao tác này.",
    413: "Tệp tải lên quá lớn. Hãy chia nhỏ tệp hoặc bỏ các cột, trang tính không cần thiết.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    429: "Anh/chị đã thử quá nhiều lần. Vui lòng đợi một lát rồi thử lại.",
    500: "Hệ thống gặp sự cố. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo Vụ CCHC, Bộ Nội vụ.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json" or request.is_json)


def error_response(status: int, message: str, errors: list | None = None):
    if wants_json():
        return jsonify({"message": message, "errors": errors or [{"message": message}]}), status
    return render_template("errors/error.html", status=status, message=message, errors=errors or []), status


@bp.app_errorhandler(DomainError)
def domain_error(exc: DomainError):
    db.session.rollback()
    return error_response(exc.status, exc.message, exc.errors)


@bp.app_errorhandler(CSRFError)
def csrf_error(exc: CSRFError):
    return error_response(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang và thử lại.")


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    body, status = error_response(exc.code or 500, MESSAGES.get(exc.code, exc.description or MESSAGES[500]))
    # A 405 names the methods the URL does accept (RFC 9110), as werkzeug's own reply would.
    allow = getattr(exc, "valid_methods", None)
    return body, status, ({"Allow": ", ".join(sorted(allow))} if allow else {})


@bp.app_errorhandler(Exception)
def unexpected_error(exc: Exception):
    db.session.rollback()
    current_app.logger.exception("unhandled error")
    return error_response(500, MESSAGES[500])
