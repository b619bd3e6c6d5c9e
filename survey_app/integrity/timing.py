"""Bursts: how many of a cluster's submissions fall in a short window, against the locality's own rhythm."""

from dataclasses import dataclass

import numpy as np

from survey_app.integrity.stats import binomial_tails

#: Window lengths scanned, in seconds (15 minutes, 1 hour, 3 hours).
WINDOWS = (900.0, 3600.0, 10800.0)


@dataclass(frozen=True, slots=True)
class Burst:
    """The busiest window of a cluster: where it starts, its length, its count, the count expected, p-value."""

    start: int
    count: int
    seconds: float
    expected: float
    p_value: float

    def evidence(self) -> dict[str, float]:
        """The figures as they appear in a flag's evidence."""
        return {"in_window": self.count, "window_minutes": round(self.seconds / 60),
                "expected_in_window": round(self.expected, 3), "burst_p_value": self.p_value}


def busiest_window(times: np.ndarray, rhythm: np.ndarray) -> Burst:
    """The window where the cluster's submissions (sorted) are least likely under the locality's rhythm.

    If the cluster's sheets were sent like everyone else's in the locality, each would fall in a window with the
    share of the locality's other submissions that fall there; the p-value is corrected for every window tried.
    """
    best = Burst(start=0, count=len(times), seconds=0.0, expected=float(len(times)), p_value=1.0)
    for seconds in WINDOWS:
        candidate = _scan(times, rhythm, seconds)
        if candidate.p_value < best.p_value:
            best = candidate
    tried = len(times) * len(WINDOWS)
    return Burst(best.start, best.count, best.seconds, best.expected, min(1.0, best.p_value * tried))


def _scan(times: np.ndarray, rhythm: np.ndarray, seconds: float) -> Burst:
    counts = np.searchsorted(times, times + seconds, side="right") - np.arange(len(times))
    around = np.searchsorted(rhythm, times + seconds, side="right") - np.searchsorted(rhythm, times, side="left")
    share = (np.maximum(around - counts, 0) + 1) / (max(len(rhythm) - len(times), 0) + 1)
    tails = binomial_tails(counts, np.full(len(times), len(times)), share)
    start = int(np.argmin(tails))
    return Burst(start=start, count=int(counts[start]), seconds=seconds,
                 expected=float(len(times) * share[start]), p_value=float(tails[start]))
