"""Stored results as the API and the pages show them (names, not codes; unrounded numbers)."""

from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from survey_app.core.clock import local
from survey_app.core.db import db
from survey_app.scoring.model import IndexModel, Level, model_from_dict
from survey_app.scoring.models import ScoreComputation, UnitScore


def computation_dict(c: ScoreComputation) -> dict:
    """Who ran it, when, and what it read (the model checksum and the input hash)."""
    return {"id": c.id, "model_checksum": c.model_checksum, "input_hash": c.input_hash, "resamples": c.resamples,
            "computed_by": c.computed_by, "computed_at": local(c.computed_at).isoformat(), "status": c.status,
            "published_at": local(c.published_at).isoformat() if c.published_at else None}


def model_of(c: ScoreComputation) -> IndexModel:
    """The index model as the computation read it."""
    return model_from_dict(c.model)


def unit_rows(c: ScoreComputation, *, locality_ids: set[int] | None = None) -> list[UnitScore]:
    """The computation's units, ranked within each level (provinces first); only the given localities if any."""
    query = (select(UnitScore).options(selectinload(UnitScore.locality)).where(UnitScore.computation_id == c.id)
             .order_by(UnitScore.level.desc(), UnitScore.rank, UnitScore.id))
    if locality_ids is not None:
        query = query.where(UnitScore.locality_id.in_(locality_ids))
    return list(db.session.scalars(query))


def unit_dict(row: UnitScore, model: IndexModel, computation: dict) -> dict:
    """One unit as in GET …/scores (shared/API.md), with field points and class names beside."""
    survey = [c for c in row.criteria if c["source"] == "survey"]
    appraised = [c for c in row.criteria if c["source"] != "survey"]
    return {
        "code": row.locality.code, "kind": row.level, "name": row.locality.name,
        "survey_points": row.survey_points, "survey_max": row.survey_max,
        "criteria": [{"code": c["code"], "points": c["points"], "max_points": c["max_points"], "n": c["n"],
                      "no_valid_answers": c["score"] is None and not row.is_voided} for c in survey],
        "appraisal_criteria": [{"code": c["code"], "points": c["points"], "max_points": c["max_points"],
                                "missing": c["is_missing"]} for c in appraised],
        "appraisal_points": row.appraisal_points, "max_points": row.max_points, "index": row.index,
        "rank": row.rank, "classification": row.classes.get("national"), "classifications": dict(row.classes),
        "class_names": class_names(model, row.classes), "fields": dict(row.fields), "voided": row.is_voided,
        "index_interval": _pair(row.index_low, row.index_high), "rank_interval": _pair(row.rank_low, row.rank_high),
        "computation": computation,
    }


def class_names(model: IndexModel, classes: dict) -> dict[str, str]:
    """Scheme → the class's name as the model spells it."""
    names = {scheme: {g.code: g.name for g in grades} for scheme, grades in model.schemes.items()}
    return {scheme: names.get(scheme, {}).get(code, code) for scheme, code in classes.items()}


def _pair(low, high) -> list | None:
    return None if low is None else [low, high]


def scores_body(c: ScoreComputation | None, *, locality_ids: set[int] | None = None) -> dict:
    """GET …/scores: every unit of the computation (or only the caller's), with the computation's identity."""
    if c is None:
        return {"units": [], "computation": None}
    model, identity = model_of(c), computation_dict(c)
    return {"units": [unit_dict(row, model, identity) for row in unit_rows(c, locality_ids=locality_ids)],
            "computation": identity}


def field_medians(units: list[dict], level: str) -> dict[str, float]:
    """Field code → the median of that field's points over the level's units (the "national median")."""
    members = [u for u in units if u["kind"] == level]
    codes = members[0]["fields"].keys() if members else []
    return {code: median(u["fields"][code] for u in members) for code in codes}


def field_chart_items(level: Level, unit: dict, medians: dict[str, float]) -> list[dict]:
    """The bars of a unit's chart: each field's points as % of its maximum, the level's median as the mark."""
    return [{"label": f"{f.code} · {f.name}", "value": 100 * unit["fields"][f.code] / f.max_points, "max": 100,
             "mark": 100 * medians[f.code] / f.max_points} for f in level.fields]


def sort_units(units: list[dict], key: str) -> list[dict]:
    """Units ordered by rank (default), name, index (highest first) or survey points (highest first)."""
    orders = {"name": lambda u: u["name"], "index": lambda u: -u["index"], "survey": lambda u: -u["survey_points"]}
    return sorted(units, key=orders.get(key, lambda u: (u["rank"], u["name"])))


def criterion_groups(detail: dict, code: str) -> list[dict]:
    """Each group's mean, n, weight and the invitations counted for one criterion, from a stored detail."""
    out = []
    for group in detail.get("criteria", {}).get(code, []):
        missing = set(group["missing"])
        counted = [i for i in detail["groups"][group["group"]] if i not in missing]
        out.append({**group, "invitation_ids": counted})
    return out
