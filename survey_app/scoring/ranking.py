"""Index, rank and class: points ÷ maximum × 100, ties share a rank, classes by the model's schemes."""

from collections.abc import Mapping, Sequence

from survey_app.scoring.model import Grade


def index_of(points: float, max_points: float) -> float:
    """The index in %: all points over the level's maximum."""
    return points / max_points * 100


def ranks(values: Mapping[str, float]) -> dict[str, int]:
    """Competition ranks on unrounded values, highest first: equal values share a rank (1, 2, 2, 4)."""
    return {code: 1 + sum(other > value for other in values.values()) for code, value in values.items()}


def classify(grades: Sequence[Grade], index: float, field_shares: Sequence[float]) -> str:
    """The first grade (highest first) whose index threshold and per-field floor (in %) the unit reaches."""
    lowest = min(field_shares, default=100.0)
    for grade in grades:
        if index >= grade.min_index and (grade.min_field is None or lowest >= grade.min_field):
            return grade.code
    return grades[-1].code if grades else ""
