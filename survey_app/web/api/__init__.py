"""The JSON API v1 (shared/API.md): bearer tokens, never the browser session.

The blueprint lives in `blueprint.py`; importing the route modules here registers their routes on it (no
route module imports this package, so the two never import each other)."""

# Their routes join bp.
from survey_app.web.api import (  # noqa: F401
    campaigns,
    distribution,
    integrity,
    lists,
    mail,
    openapi,
    reference,
    scores,
)
from survey_app.web.api.blueprint import bp  # noqa: F401  (registered by web/__init__.py)
