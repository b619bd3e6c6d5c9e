"""Copied answer sheets: a group of near-identical sheets inside one block (locality, questionnaire, group), in
whatever devices, networks or times they were sent.

Two sheets are "near-identical" when they answer alike on at least MIN_SHARE of the questions both answered and
that many matches is improbable (p < PAIR_P) given each question's answer shares in the campaign and each sheet's
own answer mix. A cluster of k sheets with e near-identical pairs among them is judged by the expected number of
groups of k sheets in the block that would have at least e such pairs by chance, at the block's own rate of
near-identical pairs outside the cluster: C(n, k) × P(Binomial(k(k−1)/2, rate) ≥ e), a bound on the p-value.
"""

import numpy as np
from scipy import sparse
from scipy.sparse import csgraph

from survey_app.integrity.context import BlockKey, Context, block_of
from survey_app.integrity.detectors.common import ids_of
from survey_app.integrity.findings import Finding, Report
from survey_app.integrity.sheets import Block, chance_weights
from survey_app.integrity.stats import binomial_log_tail, binomial_tails, log_choose

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
    first, _ = pairs
    size, count, edges = len(block.records), len(members), int(np.isin(first, members).sum())
    inner = count * (count - 1) // 2
    rate = max(PAIR_P, (len(first) - edges) / max(size * (size - 1) / 2 - inner, 1))
    p_value = float(np.exp(min(0.0, log_choose(size, count) + binomial_log_tail(edges, inner, rate))))
    records = [block.records[row] for row in members]
    return Finding(rule=RULE, locality=key[0], cluster=f"copies:{key[1]}:{ids_of(records)[0]}",
                   response_ids=ids_of(records), p_value=p_value,
                   evidence=_evidence(block, members, weights, (edges, inner * rate), p_value))


def _evidence(block: Block, members: np.ndarray, weights: np.ndarray, pairs: tuple[int, float],
              p_value: float) -> dict:
    upper = np.triu(np.ones((len(members),) * 2, dtype=bool), 1)
    both = block.both[np.ix_(members, members)][upper].sum()
    share = float(block.matches[np.ix_(members, members)][upper].sum() / max(both, 1))
    chance = float((weights[members] @ weights[members].T)[upper].sum() / max(both, 1))
    return {"sheets": len(members), "match_share": round(share, 4), "expected_match_share": round(chance, 4),
            "near_identical_pairs": pairs[0], "expected_pairs": round(pairs[1], 6), "p_value": p_value,
            "summary": f"{len(members)} phiếu gần như giống hệt nhau ({share:.0%} câu trả lời trùng nhau, "
                       f"ngẫu nhiên chỉ khoảng {chance:.0%}); trong nhóm có {pairs[0]} cặp phiếu gần như giống "
                       f"hệt, trong khi một nhóm ngẫu nhiên cùng cỡ chỉ có khoảng {pairs[1]:.4f} cặp."}
