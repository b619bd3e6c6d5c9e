"""The review desk: MOHA admins decide on flags and voids, viewers read, locality officers get 404.

The blueprint lives in `blueprint.py`; importing the route modules here registers their routes on it (no
route module imports this package, so the two never import each other)."""

from survey_app.web.integrity import desk_pages, void_pages  # noqa: F401  (their routes join bp)
from survey_app.web.integrity.blueprint import bp  # noqa: F401  (registered by web/__init__.py)
