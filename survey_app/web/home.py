"""The start page after signing in: campaigns, and a locality's notices."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from survey_app.campaigns.services import list_campaigns
from survey_app.monitoring.notices import list_notices
from survey_app.web.loaders import requires

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    """Signed in: the campaigns and, for a locality, its notices; otherwise the login page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return dashboard()


@requires("campaign.read")
def dashboard():
    notices = list_notices(current_user, limit=5)
    return render_template("home/index.html", campaigns=list_campaigns(), notices=notices)
