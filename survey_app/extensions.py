"""Flask extensions, created unbound; create_app binds them."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from survey_app.core.db import db
from survey_app.invitations.links import RESPONDENT_PATH

# The respondent's pages (web/respond.py) are reached by a link, with no session and no per-route rate limits.

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()

__all__ = ["db", "migrate", "login_manager", "csrf", "limiter", "babel", "RESPONDENT_PATH"]
