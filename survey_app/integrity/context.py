"""What every detector needs, computed once per analysis from the records."""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from survey_app.integrity.records import Record
from survey_app.integrity.sheets import Block, build_block, pool_shares

#: A block of comparable sheets: the same locality, questionnaire and respondent group.
BlockKey = tuple[str, str, str]


@dataclass(slots=True)
class Context:
    """The records of one campaign, grouped the ways the detectors look at them."""

    records: list[Record]
    by_locality: dict[str, list[Record]]
    by_block: dict[BlockKey, list[Record]]
    #: Each locality's submission times (seconds since the epoch, sorted): its own rhythm.
    rhythm: dict[str, np.ndarray]
    #: (questionnaire, group) → question → option value → share of the campaign's answers.
    shares: dict[tuple[str, str], dict[str, dict[str, float]]]
    _blocks: dict[BlockKey, Block] = field(default_factory=dict)


def build_context(records: list[Record]) -> Context:
    """Group the records once; every detector reads the same context."""
    by_locality: dict[str, list[Record]] = defaultdict(list)
    by_block: dict[BlockKey, list[Record]] = defaultdict(list)
    by_form: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        by_locality[record.locality].append(record)
        by_block[block_key(record)].append(record)
        by_form[(record.questionnaire, record.group)].append(record)
    return Context(records=records, by_locality=dict(sorted(by_locality.items())), by_block=dict(by_block),
                   rhythm={code: submission_times(found) for code, found in by_locality.items()},
                   shares={form: pool_shares(found) for form, found in by_form.items()})


def block_key(record: Record) -> BlockKey:
    """The block a sheet is compared within."""
    return (record.locality, record.questionnaire, record.group)


def block_of(context: Context, key: BlockKey) -> Block:
    """The answer matrices of one block, built the first time a detector asks."""
    if key not in context._blocks:
        context._blocks[key] = build_block(context.by_block[key], context.shares[(key[1], key[2])])
    return context._blocks[key]


def submission_times(records: list[Record]) -> np.ndarray:
    """Sorted submission times in seconds (records without one are left out)."""
    return np.sort(np.array([r.submitted_at.timestamp() for r in records if r.submitted_at], dtype=float))
