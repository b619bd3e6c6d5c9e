"""The scores pages: the ranking per level, a unit's page, the drill-down, appraisal points, publishing."""

from flask import Blueprint, abort
from flask_login import current_user

from survey_app.accounts.permissions import can, get_locality_or_404
from survey_app.campaigns.services import get_campaign
from survey_app.scoring.computing import latest_computation

bp = Blueprint("scores", __name__, url_prefix="/campaigns/<int:cid>/scores")


def load_results(cid: int):
    """(campaign, the computation the user may read or None): MOHA the latest, officers the latest published."""
    campaign = get_campaign(cid)
    return campaign, latest_computation(campaign.id, published=not can(current_user, "scores.read"))


def load_unit(cid: int, code: str):
    """(campaign, computation, locality) for a unit's page; another locality's unit is 404 for an officer."""
    locality = get_locality_or_404(current_user, code)
    campaign, computation = load_results(cid)
    if computation is None:
        abort(404)
    return campaign, computation, locality
