"""What several detectors share: sheets' ids, their timing and how alike they are."""

from collections import Counter

import numpy as np

from survey_app.integrity.context import Context, block_key, block_of
from survey_app.integrity.records import Record
from survey_app.integrity.similarity import Similarity, group_similarity
from survey_app.integrity.timing import Burst, busiest_window

#: How alike a cluster's answers must be for its flag to go past "low": improbable by chance (p-value steps)
#: and alike on at least MIN_EXCESS more of the questions than random groups (a difference a reader can see).
CAP_STEPS = (("high", 1e-5), ("medium", 1e-3))
MIN_EXCESS = 0.2


def ids_of(records: list[Record]) -> tuple[int | str, ...]:
    """Response ids in a stable order."""
    return tuple(sorted((record.response_id for record in records), key=str))


def timed(records: list[Record]) -> list[Record]:
    """The records that have a submission time, earliest first."""
    return sorted((r for r in records if r.submitted_at), key=lambda r: (r.submitted_at, str(r.response_id)))


def burst_of(context: Context, records: list[Record]) -> Burst:
    """The busiest window of these (timed, sorted) records against their locality's rhythm."""
    times = np.array([r.submitted_at.timestamp() for r in records if r.submitted_at is not None], dtype=np.float64)
    return busiest_window(times, context.rhythm[records[0].locality])


def similarity_of(context: Context, records: list[Record], label: str) -> Similarity:
    """How alike the sheets are, within their most common block (one questionnaire and group)."""
    key = Counter(block_key(record) for record in records).most_common(1)[0][0]
    block = block_of(context, key)
    rows = [block.rows[record.response_id] for record in records if block_key(record) == key]
    if len(rows) < 2:
        return Similarity(observed=0.0, expected=0.0, p_value=1.0)
    return group_similarity(block, rows, label=label)


def cap_for(similarity: Similarity) -> str:
    """The highest severity the sameness of a cluster's answers allows."""
    if similarity.observed - similarity.expected < MIN_EXCESS:
        return "low"
    return next((name for name, limit in CAP_STEPS if similarity.p_value <= limit), "low")
