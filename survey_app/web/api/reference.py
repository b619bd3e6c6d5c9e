"""Reference data over the API."""

from flask import jsonify

from survey_app.reference.models import list_localities
from survey_app.web.api.blueprint import allowed, bp
from survey_app.web.api.schemas import LOCALITY, array
from survey_app.web.api.spec import documented


@bp.route("/localities")
@documented(responses={200: array(LOCALITY), 403: None})
def list_localities_api():
    """The 34 provinces and the evaluated ministries."""
    allowed("reference.read")
    return jsonify([loc.to_dict() for loc in list_localities()])
