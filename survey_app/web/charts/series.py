"""The time chart: several series over dated x values (lines, areas, dashed lines, dots or bars), with
vertical markers (a deadline) and horizontal levels (a target)."""

from collections.abc import Sequence
from dataclasses import dataclass

from survey_app.web.charts.frame import Box, Frame, Given, Marker, Point, Table, Tick, area, polyline, r, table
from survey_app.web.charts.scales import (
    DAY,
    Linear,
    Moment,
    moment_label,
    nice_extent,
    number,
    seconds,
    step_digits,
    ticks,
    time_label,
    time_ticks,
)

KINDS = ("line", "area", "dashed", "dots", "bars")
#: How many colours charts.css defines (s0 … s5); series beyond reuse them in turn.
PALETTE = 6


@dataclass(frozen=True)
class Spec:
    """One series as given: its name, kind, colour class and values (None where there is no value)."""

    name: str
    kind: str
    css: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Shape:
    """One series as drawn: a line path, a filled path, dots or bars."""

    name: str
    kind: str
    css: str
    path: str = ""
    fill: str = ""
    dots: tuple[Point, ...] = ()
    bars: tuple[Box, ...] = ()


@dataclass(frozen=True)
class TimeChart:
    frame: Frame
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    shapes: tuple[Shape, ...]
    markers: tuple[Marker, ...]
    levels: tuple[Marker, ...]
    data: Table
    summary: str


def spec(index: int, given: Given) -> Spec:
    """A series from a template's dict: {"name", "values", "kind" (default line), "css" (default a colour)}."""
    kind = given.get("kind", "line")
    if kind not in KINDS:
        raise ValueError(f"Unknown series kind {kind!r}; use one of {', '.join(KINDS)}.")
    css = given.get("css") or f"s{index % PALETTE}"
    return Spec(str(given["name"]), kind, css, tuple(given["values"]))


def x_domain(xs: Sequence[float], markers: Sequence[float], has_bars: bool) -> tuple[float, float]:
    """The x range: every value and marker, with half a bar's room at each end when bars are drawn."""
    lo, hi = min([*xs, *markers]), max([*xs, *markers])
    pad = min_gap(xs) / 2 if has_bars else 0.0
    return lo - pad, (hi if hi > lo else lo + DAY) + pad


def min_gap(xs: Sequence[float]) -> float:
    """The smallest distance between neighbouring x values (a day when there is only one)."""
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False) if b > a]
    return min(gaps) if gaps else float(DAY)


Axis = tuple[Linear, tuple[Tick, ...]]


def y_axis(specs: Sequence[Spec], levels: Sequence[float], frame: Frame, digits: int) -> Axis:
    """A y scale from zero to a round number above every value and level, and its ticks."""
    top = max([v for s in specs for v in s.values if v is not None] + list(levels) + [0.0])
    lo, hi, step = nice_extent(0.0, top, 5)
    scale = Linear(lo, hi, frame.y1, frame.y0)
    return scale, tuple(Tick(r(scale(v)), number(v, step_digits(step))) for v in ticks(lo, hi, step))


def x_axis(lo: float, hi: float, frame: Frame) -> Axis:
    scale = Linear(lo, hi, frame.x0, frame.x1)
    positions, step = time_ticks(lo, hi)
    return scale, tuple(Tick(r(scale(at)), time_label(at, step)) for at in positions)


def points(values: Sequence[float | None], xs: Sequence[float], x: Linear, y: Linear) -> list[Point | None]:
    return [None if v is None else (x(at), y(v)) for at, v in zip(xs, values, strict=True)]


def shape(s: Spec, labels: Sequence[str], at: list[Point | None], base: float, width: float, digits: int) -> Shape:
    """Draw one series by its kind."""
    if s.kind == "bars":
        return Shape(s.name, s.kind, s.css, bars=bars(s, labels, at, base, width, digits))
    if s.kind == "dots":
        return Shape(s.name, s.kind, s.css, dots=tuple((r(p[0]), r(p[1])) for p in at if p is not None))
    return Shape(s.name, s.kind, s.css, path=polyline(at), fill=area(at, base) if s.kind == "area" else "",
                 dots=lonely(at))


def lonely(at: list[Point | None]) -> tuple[Point, ...]:
    """The points of a line with no neighbour to join (a campaign's first day, a value between gaps): drawn as
    dots, or a series of one day would not show at all."""
    last = len(at) - 1
    return tuple((r(p[0]), r(p[1])) for i, p in enumerate(at) if p is not None
                 and (i == 0 or at[i - 1] is None) and (i == last or at[i + 1] is None))


def bars(s: Spec, labels: Sequence[str], at: list[Point | None], base: float, width: float,
         digits: int) -> tuple[Box, ...]:
    return tuple(Box(r(p[0] - width / 2), r(p[1]), r(width), r(base - p[1]), f"{label}: {number(v, digits)}")
                 for label, p, v in zip(labels, at, s.values, strict=True) if p is not None and v)


def data_table(x: Sequence[Moment], specs: Sequence[Spec], digits: int) -> Table:
    columns = ["Thời điểm" if x and hasattr(x[0], "hour") else "Ngày", *(s.name for s in specs)]
    return table(columns, ([moment_label(m), *(number(s.values[i], digits) for s in specs)]
                           for i, m in enumerate(x)))


def describe(x: Sequence[Moment], specs: Sequence[Spec], markers: Sequence[Given]) -> str:
    """The chart in one sentence, for its text alternative."""
    span = f" từ {moment_label(x[0])} đến {moment_label(x[-1])}" if x else ""
    marks = "".join(f" Mốc: {m['label']} ({moment_label(m['at'])})." for m in markers)
    return f"Biểu đồ theo thời gian{span}: {', '.join(s.name for s in specs)}.{marks} Số liệu ở bảng kèm theo."


def vertical(markers: Sequence[Given], x: Linear) -> tuple[Marker, ...]:
    return tuple(Marker(r(x(seconds(m["at"]))), m["label"], m.get("css", "marker")) for m in markers)


def horizontal(levels: Sequence[Given], y: Linear) -> tuple[Marker, ...]:
    return tuple(Marker(r(y(float(v["value"]))), v["label"], v.get("css", "level")) for v in levels)


def time_chart(x: Sequence[Moment], series: Sequence[Given], *, markers: Sequence[Given] = (),
               levels: Sequence[Given] = (), digits: int = 0, frame: Frame = Frame()) -> TimeChart:
    """Lay out series over dated x values; markers are {"at": date, "label"}, levels {"value", "label"}."""
    specs = [spec(i, s) for i, s in enumerate(series)]
    xs = [seconds(m) for m in x]
    lo, hi = x_domain(xs or [0.0], [seconds(m["at"]) for m in markers], any(s.kind == "bars" for s in specs))
    xscale, x_ticks = x_axis(lo, hi, frame)
    yscale, y_ticks = y_axis(specs, [float(v["value"]) for v in levels], frame, digits)
    labels, width = [moment_label(m) for m in x], max(2.0, 0.7 * (xscale(lo + min_gap(xs)) - xscale(lo)))
    shapes = tuple(shape(s, labels, points(s.values, xs, xscale, yscale), yscale(0), width, digits) for s in specs)
    return TimeChart(frame, x_ticks, y_ticks, shapes, vertical(markers, xscale), horizontal(levels, yscale),
                     data_table(x, specs, digits), describe(x, specs, markers))
