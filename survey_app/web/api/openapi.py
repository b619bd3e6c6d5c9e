"""GET /api/v1/openapi.json: built from the routes that exist and what each view declares (spec.documented)."""

import re

from flask import current_app, jsonify

from survey_app.web.api import bp
from survey_app.web.api.spec import ERROR

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_DEFAULT_ERRORS = {401: "Thiếu hoặc sai mã truy cập", 403: "Vai trò không được phép", 404: "Không tìm thấy",
                   409: "Trạng thái không cho phép", 422: "Dữ liệu không hợp lệ"}


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _responses(declared: dict) -> dict:
    replies = {str(code): {"description": text, "content": _json(ERROR)} for code, text in _DEFAULT_ERRORS.items()}
    if not any(code < 300 for code in declared):
        replies["200"] = {"description": "OK"}
    for code, schema in declared.items():
        replies[str(code)] = {"description": "OK" if code < 400 else _DEFAULT_ERRORS.get(code, "Lỗi"),
                              "content": _json(schema if schema is not None else ERROR)}
    return replies


def _parameters(rule, declared: dict) -> list[dict]:
    params = [{"name": name, "in": "path", "required": True,
               "schema": {"type": "integer" if conv == "int" else "string"}}
              for conv, name in _PARAM.findall(rule.rule)]
    return params + [{"name": name, "in": "query", "required": False, "schema": schema}
                     for name, schema in declared.get("query", {}).items()]


def _request_body(declared: dict) -> dict | None:
    if declared.get("body"):
        return {"required": False, "content": _json(declared["body"])}
    if declared.get("multipart"):
        return {"required": True, "content": {"multipart/form-data": {"schema": declared["multipart"]}}}
    return None


def _operation(rule, method: str) -> dict:
    view = current_app.view_functions[rule.endpoint]
    declared = getattr(view, "openapi", {})
    op = {"operationId": rule.endpoint.replace(".", "_") + ("" if method == "GET" else "_" + method.lower()),
          "summary": (view.__doc__ or rule.endpoint).strip().splitlines()[0],
          "parameters": _parameters(rule, declared), "responses": _responses(declared.get("responses", {}))}
    if body := _request_body(declared):
        op["requestBody"] = body
    if rule.endpoint not in ("api.issue_token", "api.openapi"):
        op["security"] = [{"bearer": []}]
    return op


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of every /api/v1 route."""
    paths: dict[str, dict] = {}
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = _PARAM.sub(r"{\2}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule, method)
    return jsonify({"openapi": "3.1.0",
                    "info": {"title": "survey_app API", "version": "1",
                             "description": "Khảo sát xã hội học PAR INDEX — xem shared/API.md"},
                    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
                    "paths": dict(sorted(paths.items()))})
