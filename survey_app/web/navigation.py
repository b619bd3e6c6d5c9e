"""What the navigation bar links to: the campaign in view, else the newest one (asked only when a page shows it)."""

from flask import request

from survey_app.campaigns.models import Campaign
from survey_app.campaigns.services import get_campaign, list_campaigns
from survey_app.core.errors import NotFound


def nav_campaign() -> Campaign | None:
    """The campaign of the current URL (/campaigns/<cid>/…), or the newest campaign, or None."""
    cid = (request.view_args or {}).get("cid")
    if cid is not None:
        try:
            return get_campaign(cid)
        except NotFound:
            return None
    campaigns = list_campaigns()
    return campaigns[0] if campaigns else None


def init_app(app) -> None:
    # A global function, not a context processor: pages without the bar (the respondent's) never query.
    app.jinja_env.globals["nav_campaign"] = nav_campaign
