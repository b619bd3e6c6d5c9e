"""What every chart layout shares: the drawing frame, ticks, boxes, markers, paths and the data table."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
#: What a template passes for one series, bar or marker: a dict of plain values.
Given = Mapping[str, Any]


@dataclass(frozen=True)
class Frame:
    """The SVG's viewBox and the margins around the plot (the SVG scales to its container's width)."""

    width: int = 640
    height: int = 260
    left: int = 52
    right: int = 16
    top: int = 20
    bottom: int = 30

    @property
    def x0(self) -> float:
        return float(self.left)

    @property
    def x1(self) -> float:
        return float(self.width - self.right)

    @property
    def y0(self) -> float:
        return float(self.top)

    @property
    def y1(self) -> float:
        return float(self.height - self.bottom)


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Box:
    """A rectangle (a bar, a track, a cell) with the words a hover title gives it."""

    x: float
    y: float
    w: float
    h: float
    title: str = ""
    css: str = ""


@dataclass(frozen=True)
class Marker:
    """A reference line across the plot: a deadline (vertical) or a target level (horizontal)."""

    at: float
    label: str
    css: str = "marker"


@dataclass(frozen=True)
class Table:
    """The numbers behind a chart, shown as an HTML table for screen readers and for copying."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: A link for each row's first cell (None: no link), e.g. to the unit's own page.
    links: tuple[str | None, ...] = ()


def r(value: float) -> float:
    """A coordinate rounded to a tenth of a pixel (keeps the SVG small)."""
    return round(value, 1)


def polyline(points: Sequence[Point | None]) -> str:
    """An SVG path through the points, lifting the pen at each gap (None)."""
    parts, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{r(point[0])},{r(point[1])}")
        pen_down = True
    return " ".join(parts)


def segments(points: Sequence[Point | None]) -> list[list[Point]]:
    """The runs of consecutive points between gaps."""
    runs: list[list[Point]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def area(points: Sequence[Point | None], baseline: float) -> str:
    """A closed SVG path filling between each run of points and the baseline."""
    return " ".join(_filled(run, baseline) for run in segments(points))


def _filled(run: list[Point], baseline: float) -> str:
    edge = " ".join(f"L{r(x)},{r(y)}" for x, y in run)
    return f"M{r(run[0][0])},{r(baseline)} {edge} L{r(run[-1][0])},{r(baseline)} Z"


def table(columns: Iterable[str], rows: Iterable[Iterable[str]], links: Iterable[str | None] = ()) -> Table:
    return Table(tuple(columns), tuple(tuple(row) for row in rows), tuple(links))
