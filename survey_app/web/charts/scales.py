"""Scales and ticks for the server-rendered charts: numbers and times to pixels, and round labels.

Pure and typed: the chart layouts (and their tests) use nothing else. Times are drawn by their wall-clock
value: pass Vietnam's local times (core.clock.local) so that a tick at midnight is a Vietnamese midnight.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

#: The mantissas of a round step: 1, 2, 2.5 or 5 times a power of ten.
MANTISSAS = (1.0, 2.0, 2.5, 5.0, 10.0)
HOUR, DAY = 3600, 86400
#: Steps of a time axis, smallest first; the first that gives few enough ticks wins.
TIME_STEPS = (HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY)
_EPOCH = datetime(2000, 1, 1)

Moment = date | datetime


def nice_step(span: float, count: int = 5) -> float:
    """The round step (1, 2, 2.5 or 5 × 10^k) that cuts `span` into about `count` parts."""
    raw = span / max(count, 1) if span > 0 else 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in MANTISSAS if m * magnitude >= raw * (1 - 1e-9))


def nice_extent(lo: float, hi: float, count: int = 5) -> tuple[float, float, float]:
    """(lo, hi, step): the range widened to multiples of a round step; a flat range gets a unit of room."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    step = nice_step(hi - lo, count)
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step, step


def step_digits(step: float, at_least: int = 0) -> int:
    """Decimals that tell the ticks of `step` apart (0.25 → 2), and at least `at_least`."""
    return max(at_least, next((d for d in range(6) if abs(round(step, d) - step) < 1e-9), 6))


def ticks(lo: float, hi: float, step: float) -> list[float]:
    """Every multiple of `step` from lo to hi, both included."""
    return [lo + i * step for i in range(round((hi - lo) / step) + 1)]


@dataclass(frozen=True)
class Linear:
    """Maps [lo, hi] onto [start, end] (end < start for a y axis that grows upwards)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo
        return self.start + (value - self.lo) / span * (self.end - self.start) if span else self.start


def seconds(moment: Moment) -> float:
    """A date or time as seconds on the wall clock (a date is its midnight; an offset is ignored)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return (moment.replace(tzinfo=None) - _EPOCH).total_seconds()


def from_seconds(value: float) -> datetime:
    return _EPOCH + timedelta(seconds=value)


def time_step(span: float, count: int = 7) -> int:
    """The smallest time step that cuts `span` seconds into at most `count` parts."""
    return next((step for step in TIME_STEPS if span / step <= count), TIME_STEPS[-1])


def time_ticks(lo: float, hi: float, count: int = 7) -> tuple[list[float], int]:
    """Tick positions (in seconds) between lo and hi, and the step used: within a day on multiples of the step
    (09:00, 12:00 …), else from the first midnight on."""
    step = time_step(hi - lo, count)
    grain = DAY if step >= DAY else step
    first = math.ceil(lo / grain - 1e-9) * grain
    return [first + i * step for i in range(int((hi - first) // step) + 1)], step


def time_label(value: float, step: int) -> str:
    """'05/12' for a day step; '14:00' within a day ('05/12' at midnight)."""
    moment = from_seconds(value)
    if step >= DAY or (moment.hour == 0 and moment.minute == 0):
        return moment.strftime("%d/%m")
    return moment.strftime("%H:%M")


def moment_label(moment: Moment) -> str:
    """A table's row label: '05/12/2025', or '05/12/2025 14:30' for a time."""
    return moment.strftime("%d/%m/%Y %H:%M" if isinstance(moment, datetime) else "%d/%m/%Y")


def number(value: float | None, digits: int = 0) -> str:
    """A number as Vietnamese write it: '3.412', '45,2'; '' for no value."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(fraction: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: 0.452 → '45%' (or '45,2%' with one digit); '' for no value."""
    return "" if fraction is None else number(100 * fraction, digits) + "%"
