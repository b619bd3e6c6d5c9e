"""Answer sheets as matrices, so that every pair of sheets in a block can be compared at once.

A block's sheets become a 0/1 matrix with one column per (question, option); the product of that matrix with
itself counts, for every pair of sheets, the questions both answered alike.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from survey_app.integrity.records import Record

#: Pseudo-answers from the campaign's pool added to each sheet's own answer mix (so one answer is not certainty).
SMOOTHING = 2.0


@dataclass(slots=True)
class Block:
    """The sheets of one block and, for every pair, how many questions both answered and answered alike."""

    records: list[Record]
    rows: dict[int | str, int]
    #: Sheet × (question, option) 0/1 matrix.
    onehot: np.ndarray
    #: For each column, its question's index and the campaign's share of answers with that option.
    column_question: np.ndarray
    column_share: np.ndarray
    column_value: list[str]
    matches: np.ndarray
    both: np.ndarray


def pool_shares(records: list[Record]) -> dict[str, dict[str, float]]:
    """Question → option value → share of the answers given to that question."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        for code, value in record.answers.items():
            if value is not None:
                counts[code][value] += 1
    return {code: {value: n / sum(found.values()) for value, n in sorted(found.items())}
            for code, found in sorted(counts.items())}


def build_block(records: list[Record], shares: dict[str, dict[str, float]]) -> Block:
    """The matrices of one block of sheets answering the same questionnaire."""
    columns = [(code, value) for code, options in shares.items() for value in options]
    index = {column: number for number, column in enumerate(columns)}
    onehot = np.zeros((len(records), len(columns)), dtype=np.float32)
    for row, record in enumerate(records):
        onehot[row, [index[pair] for pair in record.answers.items() if pair in index]] = 1.0
    question = np.array([list(shares).index(code) for code, _ in columns], dtype=np.int32)
    answered = _answered(onehot, question, len(shares))
    return Block(records=records, rows={r.response_id: n for n, r in enumerate(records)}, onehot=onehot,
                 column_question=question, column_share=np.array([shares[c][v] for c, v in columns]),
                 column_value=[value for _, value in columns],
                 matches=(onehot @ onehot.T).astype(np.uint16), both=(answered @ answered.T).astype(np.uint16))


def _answered(onehot: np.ndarray, question: np.ndarray, questions: int) -> np.ndarray:
    """Sheet × question 0/1: whether the sheet answered it."""
    return np.minimum(onehot @ _indicator(question, questions), 1.0)


def _indicator(question: np.ndarray, questions: int) -> np.ndarray:
    """Column × question 0/1: which question each column belongs to."""
    indicator = np.zeros((len(question), questions), dtype=np.float32)
    indicator[np.arange(len(question)), question] = 1.0
    return indicator


def chance_weights(block: Block) -> np.ndarray:
    """Each sheet's chance of each option: the question's campaign shares tilted by the sheet's own answer mix.

    A person who answers "Tốt" to nearly everything is expected to match another such person nearly everywhere,
    so two honest straight-liners are no surprise; a match on an option this person rarely gives is.
    """
    values = sorted(set(block.column_value))
    value_of = np.array([values.index(value) for value in block.column_value])
    to_value = np.zeros((len(block.column_value), len(values)))
    to_value[np.arange(len(value_of)), value_of] = 1.0
    questions = block.column_question.max() + 1 if len(value_of) else 0
    pool = np.maximum((block.column_share @ to_value) / max(questions, 1), 1e-9)
    own = block.onehot @ to_value
    mix = (own + SMOOTHING * pool) / (own.sum(axis=1, keepdims=True) + SMOOTHING)
    weights = block.column_share * (mix / pool)[:, value_of] * _answered_columns(block)
    totals = weights @ _indicator(block.column_question, questions)
    return weights / np.maximum(totals[:, block.column_question], 1e-12)


def _answered_columns(block: Block) -> np.ndarray:
    """Sheet × column 0/1: whether the sheet answered that column's question."""
    questions = block.column_question.max() + 1 if len(block.column_question) else 0
    answered = _answered(block.onehot, block.column_question, questions)
    return answered[:, block.column_question]
