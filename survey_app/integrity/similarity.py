"""How alike a group of sheets is, against random groups of the same size from the same block (permutation)."""

import zlib
from dataclasses import dataclass

import numpy as np

from survey_app.integrity.sheets import Block
from survey_app.integrity.stats import normal_tail

#: Random groups drawn to learn what chance gives: 999 for small groups (read directly), 199 for the others (only
#: their mean and spread are used).
DRAWS, DRAWS_LARGE = 999, 199
#: Under this many sheets the chance distribution is lumpy, so the p-value is read off the draws themselves.
SMALL = 6


@dataclass(frozen=True, slots=True)
class Similarity:
    """Share of answers alike between two sheets of the group, what random groups give, and the p-value."""

    observed: float
    expected: float
    p_value: float

    def evidence(self) -> dict[str, float]:
        """The figures as they appear in a flag's evidence."""
        return {"match_share": round(self.observed, 4), "expected_match_share": round(self.expected, 4),
                "similarity_p_value": self.p_value}


def group_similarity(block: Block, rows: list[int], *, label: str) -> Similarity:
    """Mean share of questions answered alike across the group's pairs, judged against random groups."""
    observed = _share(block, np.array([rows]))[0]
    draws = DRAWS if len(rows) < SMALL else DRAWS_LARGE
    rng = np.random.default_rng(zlib.crc32(label.encode()))
    chance = _share(block, rng.integers(0, len(block.records), size=(draws, len(rows))))
    if len(rows) < SMALL:
        p_value = (1 + int(np.sum(chance >= observed - 1e-12))) / (1 + draws)
    else:
        p_value = normal_tail(observed, float(chance.mean()), float(chance.std()))
    return Similarity(observed=float(observed), expected=float(chance.mean()), p_value=p_value)


def _share(block: Block, groups: np.ndarray) -> np.ndarray:
    """For each group (a row of sheet indices), matches ÷ questions both answered over its distinct pairs."""
    left, right = groups[:, :, None], groups[:, None, :]
    pairs = np.triu(np.ones((groups.shape[1],) * 2, dtype=bool), 1)[None] & (left != right)
    matches = np.where(pairs, block.matches[left, right], 0).sum(axis=(1, 2))
    both = np.where(pairs, block.both[left, right], 0).sum(axis=(1, 2))
    return matches / np.maximum(both, 1)
