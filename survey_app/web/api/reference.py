"""Reference data over the API."""

from flask import jsonify

from survey_app.reference.models import list_localities
from survey_app.web.api import allowed, bp


@bp.route("/localities")
def list_localities_api():
    """The 34 provinces and the evaluated ministries."""
    allowed("reference.read")
    return jsonify([loc.to_dict() for loc in list_localities()])
