"""The help page for each role, with whom to contact at MOHA (from the campaign settings)."""

from flask import Blueprint, render_template

from survey_app.campaigns.settings import moha_contact
from survey_app.web.loaders import requires
from survey_app.web.navigation import nav_campaign

bp = Blueprint("help_pages", __name__, url_prefix="/help")


@bp.route("")
@requires("campaign.read")
def show_help():
    """What this role does, step by step, and whom to ask."""
    campaign = nav_campaign()
    return render_template("help/show.html", campaign=campaign, contact=moha_contact(campaign))
