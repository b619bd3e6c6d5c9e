"""The list template of a campaign's model, for a province's or a ministry's list."""

from survey_app.campaigns.services import load_model
from survey_app.core.errors import InvalidInput
from survey_app.reference.ministries import MINISTRIES
from survey_app.respondents.template import build_template
from survey_app.respondents.validation import GroupRule

VARIANTS = ("province", "ministry")


def model_template(model: str, variant: str) -> bytes:
    """The .xlsx template for the model's groups; `variant` is 'province' or 'ministry'."""
    if variant not in VARIANTS:
        raise InvalidInput("variant phải là 'province' hoặc 'ministry'.")
    groups = [GroupRule(code=g["code"], name=g["name"], level=g["level"], priority=g["priority"],
                        needs_ministry=g["needs_ministry"]) for g in load_model(model)["groups"]]
    return build_template(groups=groups, ministries=[(m.code, m.name) for m in MINISTRIES], variant=variant)
