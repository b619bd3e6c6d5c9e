"""GET /api/v1/openapi.json: built from the routes that exist and what each view declares (spec.documented)."""

import re

from flask import current_app, jsonify

from survey_app.web.api.blueprint import PUBLIC, RATE_LIMITED, bp
from survey_app.web.api.spec import ERROR, documented

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
#: Ids are PostgreSQL integers: a larger number names nothing (404).
_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
_CODE = {"type": "string", "minLength": 1, "maxLength": 20, "pattern": "^[A-Za-z0-9_-]+$"}
_TEXTS = {200: "OK", 201: "Đã tạo", 400: "Yêu cầu hỏng (JSON, tham số hoặc ký tự không hợp lệ)",
          401: "Thiếu hoặc sai mã truy cập", 403: "Vai trò không được phép",
          404: "Không tìm thấy (hoặc thuộc địa phương khác)", 409: "Trạng thái không cho phép",
          413: "Tệp quá lớn", 422: "Dữ liệu không hợp lệ", 429: "Quá nhiều yêu cầu; thử lại sau"}


def _content(schema: dict) -> dict:
    if "contentMediaType" in schema:
        return {schema["contentMediaType"]: {"schema": {"type": "string", "format": "binary"}}}
    return {"application/json": {"schema": schema}}


def _automatic(endpoint: str, declared: dict) -> dict[int, dict | None]:
    """The statuses every route of its kind can answer, beside the declared ones."""
    found: dict[int, dict | None] = {400: None}
    if endpoint not in PUBLIC:
        found[401] = None
    if declared.get("multipart"):
        found[413] = None
    if endpoint in RATE_LIMITED:
        found[429] = None
    return found


def _responses(endpoint: str, declared: dict) -> dict:
    statuses = {**_automatic(endpoint, declared), **declared.get("responses", {})}
    return {str(code): {"description": _TEXTS.get(code, "Lỗi"),
                        "content": _content(ERROR if schema is None else schema)}
            for code, schema in sorted(statuses.items())}


def _parameters(rule, declared: dict) -> list[dict]:
    params = [{"name": name, "in": "path", "required": True, "schema": _ID if conv == "int" else _CODE}
              for conv, name in _PARAM.findall(rule.rule)]
    return params + [{"name": name, "in": "query", "required": False, "schema": schema}
                     for name, schema in declared.get("query", {}).items()]


def _request_body(declared: dict) -> dict | None:
    if declared.get("body"):
        return {"required": False, "content": _content(declared["body"])}
    if declared.get("multipart"):
        return {"required": True, "content": {"multipart/form-data": {"schema": declared["multipart"]}}}
    return None


def _operation(rule, method: str) -> dict:
    view = current_app.view_functions[rule.endpoint]
    declared = getattr(view, "openapi", {})
    op = {"operationId": rule.endpoint.replace(".", "_") + ("" if method == "GET" else "_" + method.lower()),
          "summary": (view.__doc__ or rule.endpoint).strip().splitlines()[0],
          "parameters": _parameters(rule, declared), "responses": _responses(rule.endpoint, declared)}
    if body := _request_body(declared):
        op["requestBody"] = body
    if rule.endpoint not in PUBLIC:
        op["security"] = [{"bearer": []}]
    return op


def api_rules() -> list:
    """Every /api/v1 URL rule of the app."""
    return [rule for rule in current_app.url_map.iter_rules() if rule.rule.startswith(bp.url_prefix + "/")]


def build_document() -> dict:
    """The OpenAPI 3.1 document of the app's /api/v1 routes."""
    paths: dict[str, dict] = {}
    for rule in api_rules():
        path = _PARAM.sub(r"{\2}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, method)
    return {"openapi": "3.1.0",
            "info": {"title": "survey_app API", "version": "1",
                     "description": "Khảo sát xã hội học PAR INDEX — hợp đồng API: shared/API.md"},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "paths": dict(sorted(paths.items()))}


@bp.route("/openapi.json")
@documented(responses={200: {"type": "object", "required": ["openapi", "paths"]}})
def openapi():
    """The OpenAPI 3.1 description of every /api/v1 route."""
    return jsonify(build_document())
