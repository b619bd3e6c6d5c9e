"""An independent reading of DOMAIN.md §7 from the published files, sharing no code with survey_app.scoring.

Used by the recomputation tests: the model and questionnaire YAML files are read with PyYAML alone, the rule
is written out in plain loops.
"""

from pathlib import Path
from statistics import fmean

import yaml

CONFIG = Path(__file__).resolve().parents[2] / "config"


def published_model(model: str = "par-2025") -> dict:
    return yaml.safe_load((CONFIG / "index" / f"{model}.yaml").read_text(encoding="utf-8"))


def published_scores(model: str = "par-2025") -> dict[str, dict[str, tuple[str, dict]]]:
    """questionnaire code → question code → (criterion, option value → score)."""
    out = {}
    for path in sorted((CONFIG / "questionnaires" / model).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        scales = data.get("scales", {})
        out[data["code"]] = {
            q["code"]: (q["criterion"], {str(o["value"]): o["score"] for o in (q.get("options") or scales[q["scale"]])})
            for section in data["sections"] for q in section["questions"]}
    return out


def expected_points(model: dict, scores: dict, submitted: list[dict], *, void_invitations=(), void_localities=()):
    """unit code → criterion code → points (None: no valid answer). submitted: dicts with invitation, issuer,
    unit, level, group, questionnaire, answers."""
    counted = [s for s in submitted if s["invitation"] not in void_invitations and s["issuer"] not in void_localities]
    out: dict[str, dict] = {}
    for unit, level in sorted({(s["unit"], s["level"]) for s in submitted}):
        for field in model["levels"][level]["fields"]:
            for criterion in field["criteria"]:
                if criterion.get("source") == "survey":
                    out.setdefault(unit, {})[criterion["code"]] = (
                        0.0 if unit in void_localities else _points(criterion, unit, counted, scores))
    return out


def _points(criterion: dict, unit: str, counted: list[dict], scores: dict):
    means = {}
    for group in criterion["weights"]:
        values = []
        for s in counted:
            if s["unit"] == unit and s["group"] == group:
                for code, value in s["answers"].items():
                    crit, options = scores[s["questionnaire"]][code]
                    if crit == criterion["code"] and options.get(str(value)) is not None:
                        values.append(options[str(value)])
        if values:
            means[group] = fmean(values)
    if not means:
        return None
    total_weight = sum(criterion["weights"][g] for g in means)
    return sum(criterion["weights"][g] * m for g, m in means.items()) / total_weight * criterion["max_points"]
