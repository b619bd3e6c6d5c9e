"""What every detector needs, computed once per analysis from the records."""

from collections import defaultdict
from dataclasses import dataclass

from survey_app.integrity.records import Record


@dataclass(slots=True)
class Context:
    """The records of one campaign, grouped the ways the detectors look at them."""

    records: list[Record]
    by_locality: dict[str, list[Record]]


def build_context(records: list[Record]) -> Context:
    """Group the records once; every detector reads the same context."""
    by_locality: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_locality[record.locality].append(record)
    return Context(records=records, by_locality=dict(sorted(by_locality.items())))
