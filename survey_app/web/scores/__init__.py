"""The scores pages: the ranking per level, a unit's page, the drill-down, appraisal points, publishing.

The blueprint lives in `blueprint.py`; importing the route modules here registers their routes on it (no
route module imports this package, so the two never import each other)."""

from survey_app.web.scores import decisions, results  # noqa: F401  (their routes join bp)
from survey_app.web.scores.blueprint import bp  # noqa: F401  (registered by web/__init__.py)
