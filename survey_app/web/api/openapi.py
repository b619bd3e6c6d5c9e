"""GET /api/v1/openapi.json: built from the routes that exist, so it cannot drift from them."""

import re

from flask import current_app, jsonify

from survey_app.web.api import bp

_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _operation(rule, method: str) -> dict:
    view = current_app.view_functions[rule.endpoint]
    doc = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
    params = [{"name": name, "in": "path", "required": True,
               "schema": {"type": "integer" if conv == "int" else "string"}}
              for conv, name in _PARAM.findall(rule.rule)]
    op = {"operationId": rule.endpoint.replace(".", "_") + ("" if method == "GET" else "_" + method.lower()),
          "summary": doc, "parameters": params,
          "responses": {"200": {"description": "OK"}, "401": {"description": "Thiếu hoặc sai mã truy cập"},
                        "403": {"description": "Vai trò không được phép"}, "404": {"description": "Không tìm thấy"},
                        "409": {"description": "Trạng thái không cho phép"},
                        "422": {"description": "Dữ liệu không hợp lệ"}}}
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
