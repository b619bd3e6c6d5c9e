"""A limit per person on the views that recompute every score or rescan every response: a void's preview, a
score computation, an integrity scan. Each costs seconds at national scale, so one signed-in person reloading
such a page (or a script looping on the API) could keep every worker busy. They share one count,
RECOMPUTE_RATE_LIMIT (config), per person; beyond it the view answers 429 in Vietnamese (web/errors.py).
"""

import hashlib

from flask import current_app, request
from flask_login import current_user

from survey_app.extensions import limiter

SCOPE = "recompute"


def _person() -> str:
    """The signed-in person, or the API bearer token (checked after the limit: the API's own before_request)."""
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    token = request.headers.get("Authorization", "")
    return f"token:{hashlib.sha256(token.encode()).hexdigest()[:32]}" if token else f"ip:{request.remote_addr}"


def limit_recompute(exempt_when=None):
    """A view decorator (just under the route): counted in the shared recompute limit, unless `exempt_when()`."""
    return limiter.shared_limit(lambda: current_app.config["RECOMPUTE_RATE_LIMIT"], SCOPE, key_func=_person,
                                exempt_when=exempt_when)
