"""The index model as typed plain data: levels, fields, criteria with their source and weights, class schemes."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Source(StrEnum):
    APPRAISAL = "appraisal"
    SURVEY = "survey"


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    field: str
    max_points: float
    source: Source
    #: Group code → weight (survey criteria only); the weights sum to 1.
    weights: Mapping[str, float]


@dataclass(frozen=True)
class Field:
    code: str
    name: str
    max_points: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Level:
    code: str
    name: str
    max_points: float
    survey_points: float
    groups: Mapping[str, str]
    fields: tuple[Field, ...]

    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion of the level, in the model's order."""
        return tuple(c for f in self.fields for c in f.criteria)

    def survey_criteria(self) -> tuple[Criterion, ...]:
        """The criteria whose points come from the survey."""
        return tuple(c for c in self.criteria() if c.source is Source.SURVEY)


@dataclass(frozen=True)
class Grade:
    code: str
    name: str
    min_index: float
    #: Every field's points must reach this share (in %) of the field's maximum.
    min_field: float | None


@dataclass(frozen=True)
class IndexModel:
    code: str
    title: str
    levels: Mapping[str, Level]
    schemes: Mapping[str, tuple[Grade, ...]]
    checksum: str

    def criterion(self, level: str, code: str) -> Criterion | None:
        """A criterion of one level by its code."""
        return next((c for c in self.levels[level].criteria() if c.code == code), None)


def checksum_of(data: Mapping[str, Any]) -> str:
    """SHA-256 of the model's canonical JSON: the same model gives the same checksum wherever it is loaded."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def model_from_dict(data: Mapping[str, Any]) -> IndexModel:
    """Typed model from a dict already checked by questionnaires.loader.parse_index."""
    levels = {code: _level(code, level) for code, level in data["levels"].items()}
    schemes = {name: tuple(_grade(g) for g in grades) for name, grades in data["classes"].items()}
    return IndexModel(str(data["model"]), str(data.get("title", data["model"])), levels, schemes, checksum_of(data))


def _level(code: str, data: Mapping[str, Any]) -> Level:
    fields = tuple(_field(f) for f in data["fields"])
    return Level(code, str(data["name"]), float(data["max_points"]), float(data["survey_points"]),
                 dict(data["groups"]), fields)


def _field(data: Mapping[str, Any]) -> Field:
    criteria = tuple(_criterion(str(data["code"]), c) for c in data["criteria"])
    return Field(str(data["code"]), str(data["name"]), float(data["max_points"]), criteria)


def _criterion(field: str, data: Mapping[str, Any]) -> Criterion:
    weights = {str(g): float(w) for g, w in (data.get("weights") or {}).items()}
    return Criterion(str(data["code"]), str(data["name"]), field, float(data["max_points"]),
                     Source(data.get("source", "appraisal")), weights)


def _grade(data: Mapping[str, Any]) -> Grade:
    floor = data.get("min_field")
    return Grade(str(data["code"]), str(data["name"]), float(data["min_index"]),
                 None if floor is None else float(floor))
