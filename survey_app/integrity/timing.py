"""Bursts: how many of a cluster's submissions fall in a short window, against the locality's own rhythm."""

from dataclasses import dataclass

import numpy as np

from survey_app.integrity.stats import binomial_tails

#: Window lengths scanned, in seconds (15 minutes, 1 hour, 2 hours): a meeting or one person's sitting, not an
#: office's working day (an office asked to answer "today" is honest).
WINDOWS = (900.0, 3600.0, 7200.0)


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
    ends = times[None, :] + np.array(WINDOWS)[:, None]
    counts = np.searchsorted(times, ends, side="right") - np.arange(len(times))[None, :]
    around = np.searchsorted(rhythm, ends, side="right") - np.searchsorted(rhythm, times, side="left")[None, :]
    share = (np.maximum(around - counts, 0) + 1) / (max(len(rhythm) - len(times), 0) + 1)
    tails = binomial_tails(counts, np.full(counts.shape, len(times)), share)
    window, start = np.unravel_index(int(np.argmin(tails)), tails.shape)
    tried = len(times) * len(WINDOWS)
    return Burst(start=int(start), count=int(counts[window, start]), seconds=WINDOWS[window],
                 expected=float(len(times) * share[window, start]),
                 p_value=min(1.0, float(tails[window, start]) * tried))
