"""Bar charts over named categories (horizontal or vertical), each bar with an optional track (its maximum)
and mark (e.g. the national median), a reference line across all; and the small inline bar of a table cell."""

from collections.abc import Sequence
from dataclasses import dataclass

from survey_app.web.charts.frame import Box, Frame, Given, Marker, Table, Tick, r, table
from survey_app.web.charts.scales import Linear, nice_extent, number, step_digits, ticks

#: Height of one horizontal bar's row, and the room left of the plot for the category names.
ROW, LABELS = 26, 210


@dataclass(frozen=True)
class Item:
    label: str
    value: float
    maximum: float | None
    mark: float | None
    href: str | None


@dataclass(frozen=True)
class Bar:
    """One category as drawn: its bar, its track (the maximum), its mark, and where its two texts go."""

    label: str
    text: str
    href: str | None
    bar: Box
    track: Box | None
    mark: Marker | None
    label_at: tuple[float, float]
    text_at: tuple[float, float]


@dataclass(frozen=True)
class BarChart:
    frame: Frame
    horizontal: bool
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    reference: Marker | None
    data: Table
    summary: str


@dataclass(frozen=True)
class Inline:
    """A table cell's bar: `width` of a 100-wide track filled, a mark at `mark` (or None)."""

    width: float
    mark: float | None
    label: str


def item(given: Given) -> Item:
    """A category from a template's dict: {"label", "value", "max"?, "mark"?, "href"?}."""
    def optional(key: str) -> float | None:
        return None if given.get(key) is None else float(given[key])
    return Item(str(given["label"]), float(given["value"] or 0), optional("max"), optional("mark"), given.get("href"))


def extent(items: Sequence[Item], reference: Given | None) -> tuple[float, float, float]:
    values = [v for i in items for v in (i.value, i.maximum, i.mark) if v is not None]
    return nice_extent(0.0, max(values + [float(reference["value"]) if reference else 0.0, 0.0]), 4)


def frame_for(count: int, horizontal: bool) -> Frame:
    if horizontal:
        return Frame(height=20 + count * ROW + 26, left=LABELS, right=64, top=20, bottom=26)
    return Frame(height=280, left=52, right=16, top=24, bottom=56)


def horizontal_bar(i: Item, n: int, v: Linear, f: Frame, fmt: str) -> Bar:
    """Bar n of a horizontal chart: the value grows rightwards from the plot's left edge."""
    y, h = f.y0 + n * ROW + 5, ROW - 10.0
    track = Box(r(f.x0), r(y), r(v(i.maximum) - f.x0), h, css="track") if i.maximum is not None else None
    mark = Marker(r(v(i.mark)), "") if i.mark is not None else None
    end = max(v(i.value), v(i.maximum) if i.maximum is not None else 0.0)
    return Bar(i.label, fmt, i.href, Box(r(f.x0), r(y), r(v(i.value) - f.x0), h, f"{i.label}: {fmt}"), track, mark,
               (f.x0 - 6, r(y + h - 4)), (r(end + 4), r(y + h - 4)))


def vertical_bar(i: Item, n: int, count: int, v: Linear, f: Frame, fmt: str) -> Bar:
    """Bar n of a vertical chart: the value grows upwards from the plot's bottom edge."""
    band = (f.x1 - f.x0) / count
    x, w = f.x0 + n * band + band * 0.15, band * 0.7
    track = Box(r(x), r(v(i.maximum)), r(w), r(f.y1 - v(i.maximum)), css="track") if i.maximum is not None else None
    mark = Marker(r(v(i.mark)), "") if i.mark is not None else None
    return Bar(i.label, fmt, i.href, Box(r(x), r(v(i.value)), r(w), r(f.y1 - v(i.value)), f"{i.label}: {fmt}"),
               track, mark, (r(x + w / 2), f.y1 + 16), (r(x + w / 2), r(v(i.value) - 4)))


def bar_chart(items: Sequence[Given], *, horizontal: bool = True, reference: Given | None = None,
              digits: int = 0, suffix: str = "", value_name: str = "Giá trị", label_name: str = "Mục") -> BarChart:
    """Lay out one bar per category; `reference` is {"value", "label"} (a line across every bar)."""
    parsed = [item(given) for given in items]
    f = frame_for(len(parsed), horizontal)
    lo, hi, step = extent(parsed, reference)
    v = Linear(lo, hi, f.x0, f.x1) if horizontal else Linear(lo, hi, f.y1, f.y0)
    texts = [number(i.value, digits) + suffix for i in parsed]
    drawn = tuple(horizontal_bar(i, n, v, f, t) if horizontal else vertical_bar(i, n, len(parsed), v, f, t)
                  for n, (i, t) in enumerate(zip(parsed, texts, strict=True)))
    ref = Marker(r(v(float(reference["value"]))), str(reference["label"]), "reference") if reference else None
    return BarChart(f, horizontal, drawn, tuple(Tick(r(v(t)), number(t, step_digits(step)) + suffix)
                                                 for t in ticks(lo, hi, step)),
                    ref, bar_table(parsed, texts, (label_name, value_name), digits, suffix),
                    describe(parsed, texts, reference))


def bar_table(items: Sequence[Item], texts: Sequence[str], names: tuple[str, str], digits: int, suffix: str) -> Table:
    """Label and value, plus the maximum and the mark columns when any bar has one."""
    extra = [(name, key) for name, key in (("Tối đa", "maximum"), ("Mốc so sánh", "mark"))
             if any(getattr(i, key) is not None for i in items)]
    return table([*names, *(name for name, _ in extra)],
                 ([i.label, t, *(number(getattr(i, key), digits) + suffix if getattr(i, key) is not None else ""
                                 for _, key in extra)] for i, t in zip(items, texts, strict=True)),
                 [i.href for i in items])


def describe(items: Sequence[Item], texts: Sequence[str], reference: Given | None) -> str:
    """The chart in one sentence: how many bars, the highest and the lowest."""
    if not items:
        return "Biểu đồ cột: chưa có số liệu."
    ranked = sorted(zip(items, texts, strict=True), key=lambda pair: pair[0].value)
    ref = f" Mốc so sánh: {reference['label']}." if reference else ""
    return (f"Biểu đồ cột, {len(items)} mục: cao nhất {ranked[-1][0].label} ({ranked[-1][1]}), "
            f"thấp nhất {ranked[0][0].label} ({ranked[0][1]}).{ref} Số liệu ở bảng kèm theo.")


def inline_bar(value: float | None, maximum: float = 1.0, *, mark: float | None = None, label: str = "") -> Inline:
    """A bar for a table cell: `value` of `maximum` as a share of 100 units, clamped to the track."""
    def share(v: float) -> float:
        return r(100 * min(max(v / maximum, 0.0), 1.0)) if maximum else 0.0
    return Inline(share(value or 0.0), share(mark) if mark is not None else None, label)
