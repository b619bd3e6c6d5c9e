"""Each API view declares its OpenAPI description beside itself; openapi.py collects them.

    @bp.route("/campaigns/<int:cid>/voids", methods=["POST"])
    @documented(body=VOID_BODY, responses={201: VOID, 403: None, 404: None, 409: None, 422: None})
    def create_void(cid): ...

`body` is the JSON request body's schema (or `multipart` a multipart form's), `query` maps each query
parameter to its schema, `responses` maps each status the view can answer to the schema of its JSON body
(None: the error body; `binary(media type)`: a file). Declare the statuses that apply: 201 for a creation,
403 for a role check, 404 for an object looked up, 409 for a state rule, 422 for input checked. The document
adds by itself 401 (every route but the public ones), 400 (malformed request), 413 (uploads), 429 (rate-limited
routes) and 405 (wrong method, with Allow). tests/web/test_openapi.py fails on a /api/v1 route without it.
"""

from collections.abc import Callable

#: The body of every error reply (shared/API.md): a message and, for 422, the problems one by one.
ERROR = {"type": "object", "required": ["message", "errors"], "properties": {
    "message": {"type": "string"},
    "errors": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "row": {"type": ["integer", "null"]}, "column": {"type": ["string", "null"]},
        "message": {"type": "string"}}}}}}


def binary(media_type: str) -> dict:
    """A response that is a file of `media_type`, not JSON."""
    return {"type": "string", "contentMediaType": media_type}


def documented(*, body: dict | None = None, multipart: dict | None = None, query: dict[str, dict] | None = None,
               responses: dict[int, dict | None] | None = None) -> Callable:
    """Attach the view's request and response schemas for the OpenAPI document."""
    def mark(view: Callable) -> Callable:
        view.openapi = {"body": body, "multipart": multipart, "query": query or {}, "responses": responses or {}}
        return view
    return mark
