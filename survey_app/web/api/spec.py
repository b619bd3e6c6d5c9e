"""Each API view declares its OpenAPI description beside itself; openapi.py collects them.

    @bp.route("/campaigns/<int:cid>/voids", methods=["POST"])
    @documented(body=VOID_BODY, responses={201: VOID, 409: None, 422: None})
    def create_void(cid): ...

`body` is the JSON request body's schema (or `multipart` a multipart form's), `query` maps each query
parameter to its schema, `responses` maps a status to the schema of its JSON body (None: the error body).
"""

from collections.abc import Callable

#: The body of every error reply (shared/API.md): a message and, for 422, the problems one by one.
ERROR = {"type": "object", "required": ["message", "errors"], "properties": {
    "message": {"type": "string"},
    "errors": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "row": {"type": "integer"}, "column": {"type": "string"},
        "message": {"type": "string"}}}}}}


def documented(*, body: dict | None = None, multipart: dict | None = None, query: dict[str, dict] | None = None,
               responses: dict[int, dict | None] | None = None) -> Callable:
    """Attach the view's request and response schemas for the OpenAPI document."""
    def mark(view: Callable) -> Callable:
        view.openapi = {"body": body, "multipart": multipart, "query": query or {}, "responses": responses or {}}
        return view
    return mark
