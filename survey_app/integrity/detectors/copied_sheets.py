"""Copied answer sheets: a group of near-identical sheets inside one block (locality, questionnaire, group), in
whatever devices, networks or times they were sent.

Two sheets are "near-identical" when they answer alike on at least MIN_SHARE of the questions both answered and
that many matches is improbable (p < PAIR_P) given each question's answer shares in the campaign and each sheet's
own answer mix. A cluster is judged by its best-connected sheet: how many near-identical partners it has against
how many the block's own rate of such pairs gives by chance, corrected for every sheet that could have been it.
"""

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from survey_app.integrity.context import BlockKey, Context, block_of
from survey_app.integrity.detectors.common import ids_of
from survey_app.integrity.findings import Finding, Report
from survey_app.integrity.sheets import Block, chance_weights
from survey_app.integrity.stats import binomial_tail, binomial_tails

RULE = "copied_sheets"
PAIR_P = 1e-4
MIN_SHARE = 0.6
#: MIN_SHARE as a fraction of small integers, so the screen compares counts without converting them.
MIN_SHARE_PARTS = (3, 5)
#: Sheets sharing fewer answered questions are not compared; fewer sheets than MIN_CLUSTER are no copying ring.
MIN_QUESTIONS, MIN_CLUSTER = 8, 3


def detect_copied_sheets(context: Context) -> Report:
    """Clusters of near-identical sheets, block by block (one test per block)."""
    report = Report()
    for key in sorted(context.by_block):
        if len(context.by_block[key]) >= MIN_CLUSTER:
            report.tests += 1
            report.findings += _block_findings(context, key)
    return report


def near_pairs(block: Block, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, second) of the pairs of sheets that are near-identical beyond chance."""
    close = (block.both >= MIN_QUESTIONS) & (MIN_SHARE_PARTS[1] * block.matches >= MIN_SHARE_PARTS[0] * block.both)
    first, second = np.nonzero(close)
    first, second = first[first < second], second[first < second]
    matches, both = block.matches[first, second], block.both[first, second]
    expected = np.einsum("ij,ij->i", weights[first], weights[second]) if len(first) else np.zeros(0)
    near = binomial_tails(matches.astype(int), both.astype(int), expected / np.maximum(both, 1)) < PAIR_P
    return first[near], second[near]


def _block_findings(context: Context, key: BlockKey) -> list[Finding]:
    block = block_of(context, key)
    weights = chance_weights(block)
    first, second = near_pairs(block, weights)
    size = len(block.records)
    graph = sparse.coo_matrix((np.ones(len(first)), (first, second)), shape=(size, size))
    _, labels = csgraph.connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    clusters = [np.flatnonzero(labels == label) for label in np.flatnonzero(sizes >= MIN_CLUSTER)]
    return [_finding(block, key, members, (first, second), weights) for members in clusters]


def _finding(block: Block, key: BlockKey, members: np.ndarray, pairs: tuple, weights: np.ndarray) -> Finding:
    first, second = pairs
    inside = np.isin(first, members)
    degree = np.bincount(np.concatenate([first[inside], second[inside]]), minlength=len(block.records))
    size, edges = len(block.records), int(inside.sum())
    others = (len(first) - edges) / max(size * (size - 1) / 2 - len(members) * (len(members) - 1) / 2, 1)
    rate = max(PAIR_P, others)
    partners = int(degree.max())
    p_value = min(1.0, size * binomial_tail(partners, size - 1, rate))
    records = [block.records[row] for row in members]
    return Finding(rule=RULE, locality=key[0], cluster=f"copies:{key[1]}:{records[0].response_id}",
                   response_ids=ids_of(records), p_value=p_value,
                   evidence=_evidence(block, members, weights, (partners, (size - 1) * rate), p_value))


def _evidence(block: Block, members: np.ndarray, weights: np.ndarray, partners: tuple[int, float],
              p_value: float) -> dict:
    upper = np.triu(np.ones((len(members),) * 2, dtype=bool), 1)
    both = block.both[np.ix_(members, members)][upper].sum()
    share = float(block.matches[np.ix_(members, members)][upper].sum() / max(both, 1))
    chance = float((weights[members] @ weights[members].T)[upper].sum() / max(both, 1))
    return {"sheets": len(members), "match_share": round(share, 4), "expected_match_share": round(chance, 4),
            "near_identical_partners": partners[0], "expected_partners": round(partners[1], 4), "p_value": p_value,
            "summary": f"{len(members)} phiếu gần như giống hệt nhau ({share:.0%} câu trả lời trùng nhau, "
                       f"ngẫu nhiên chỉ khoảng {chance:.0%}); một phiếu trong nhóm giống {partners[0]} phiếu khác, "
                       f"trong khi ngẫu nhiên chỉ khoảng {partners[1]:.2f}."}
