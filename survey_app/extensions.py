"""Flask extensions, created unbound; create_app binds them."""

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from survey_app.core.db import db
from survey_app.invitations.links import RESPONDENT_PATH

# The respondent's pages (web/respond.py) are reached by a link, with no session and no per-route rate limits.


class _Limiter(Limiter):
    """Flask-Limiter without its per-request check on the respondent's pages, which have no per-route limits
    (failed link look-ups are counted by web/respond.py itself): there the check cost 8% of a page view.
    Decorated limits are checked by their decorators and keep working everywhere."""

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if in_middleware and request.path.startswith(RESPONDENT_PATH):
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = _Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()

__all__ = ["db", "migrate", "login_manager", "csrf", "limiter", "babel", "RESPONDENT_PATH"]
