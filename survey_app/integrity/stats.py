"""Small exact statistics the detectors share; each is a textbook formula, so every flag can be explained."""

from collections.abc import Sequence

import numpy as np
from scipy import special, stats


def benjamini_hochberg(p_values: Sequence[float], tests: int) -> list[float]:
    """BH q-values of the given p-values among `tests` tests in all (the others had larger p-values)."""
    if not p_values:
        return []
    p = np.asarray(p_values, dtype=float)
    order = np.argsort(p, kind="stable")
    m = max(tests, len(p))
    ranked = p[order] * m / np.arange(1, len(p) + 1)
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty_like(p)
    q[order] = np.minimum(q_sorted, 1.0)
    return [float(value) for value in q]


def poisson_tail(observed: int, expected: float) -> float:
    """P(X ≥ observed) for X ~ Poisson(expected)."""
    if observed <= 0:
        return 1.0
    return float(stats.poisson.sf(observed - 1, max(expected, 1e-12)))


def binomial_tail(observed: int, trials: int, p: float) -> float:
    """P(X ≥ observed) for X ~ Binomial(trials, p)."""
    return float(binomial_tails(np.array([observed]), np.array([trials]), np.array([p]))[0])


def binomial_tails(observed: np.ndarray, trials: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X ≥ observed) for X ~ Binomial(trials, p), element by element."""
    observed, trials = np.asarray(observed, dtype=np.int64), np.asarray(trials, dtype=np.int64)
    tails = special.bdtrc(np.clip(observed - 1, 0, trials), trials, np.clip(p, 0.0, 1.0))
    return np.where(observed <= 0, 1.0, np.where(observed > trials, 0.0, tails))


def fisher_combined(p_values: Sequence[float]) -> float:
    """One p-value from several independent ones (Fisher's method: −2 Σ ln p is χ² with 2k degrees of freedom)."""
    chi2 = -2.0 * float(np.sum(np.log(np.maximum(p_values, 1e-300))))
    return float(stats.chi2.sf(chi2, 2 * len(p_values)))


def normal_tail(observed: float, mean: float, spread: float) -> float:
    """P(Z ≥ z) for the observed value's z-score (the spread floored so a constant null is not infinitely sure)."""
    return float(stats.norm.sf((observed - mean) / max(spread, 1e-3)))


def log_choose(n: int, k: int) -> float:
    """ln C(n, k)."""
    return float(special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1))


def binomial_log_tail(observed: int, trials: int, p: float) -> float:
    """ln P(X ≥ observed) for X ~ Binomial(trials, p), exact far into the tail."""
    if observed <= 0:
        return 0.0
    return float(stats.binom.logsf(observed - 1, trials, min(max(p, 0.0), 1.0)))
