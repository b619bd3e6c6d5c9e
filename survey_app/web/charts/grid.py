"""The heat-map grid: rows × columns of values, each cell shaded in one of a few steps (a similarity map,
a province × day table of submissions)."""

from collections.abc import Sequence
from dataclasses import dataclass

from survey_app.web.charts.frame import Box, Frame, Table, Tick, r, table
from survey_app.web.charts.scales import number, step_digits

#: Shades defined in charts.css (h0 lightest … h7 darkest); a missing value is "hnone".
SHADES = 8
#: Room for the row names on the left and the (slanted) column names on top.
ROW_LABELS, COLUMN_LABELS = 150, 70


@dataclass(frozen=True)
class Grid:
    frame: Frame
    cells: tuple[Box, ...]
    rows: tuple[Tick, ...]
    columns: tuple[Tick, ...]
    legend: tuple[tuple[str, str], ...]
    data: Table
    summary: str


def shade(value: float | None, lo: float, hi: float) -> str:
    """The CSS class of a value's shade: equal steps from lo to hi, clamped."""
    if value is None:
        return "hnone"
    step = int((value - lo) / (hi - lo) * SHADES) if hi > lo else 0
    return f"h{min(max(step, 0), SHADES - 1)}"


def legend(lo: float, hi: float, digits: int, suffix: str) -> tuple[tuple[str, str], ...]:
    """(class, 'from a to b') for every shade."""
    width = (hi - lo) / SHADES
    digits = step_digits(width, digits)
    return tuple((f"h{n}", f"{number(lo + n * width, digits)}–{number(lo + (n + 1) * width, digits)}{suffix}")
                 for n in range(SHADES))


def cell_size(columns: int) -> float:
    """Square cells that fit a 640-wide frame, between 8 and 36 pixels."""
    return max(8.0, min(36.0, (640 - ROW_LABELS - 10) / max(columns, 1)))


def value_text(value: float | None, digits: int, suffix: str) -> str:
    return "không có" if value is None else number(value, digits) + suffix


def cells(f: Frame, size: float, row_labels: Sequence[str], column_labels: Sequence[str],
          values: Sequence[Sequence[float | None]], lo: float, hi: float, fmt: tuple[int, str]) -> tuple[Box, ...]:
    return tuple(Box(r(f.x0 + c * size), r(f.y0 + n * size), r(size - 1), r(size - 1),
                     f"{row} × {column_labels[c]}: {value_text(v, *fmt)}", shade(v, lo, hi))
                 for n, row in enumerate(row_labels) for c, v in enumerate(values[n]))


def heat_grid(row_labels: Sequence[str], column_labels: Sequence[str], values: Sequence[Sequence[float | None]], *,
              lo: float = 0.0, hi: float = 1.0, digits: int = 0, suffix: str = "") -> Grid:
    """Lay out values[row][column] as shaded cells, with their names and a table of the same numbers."""
    size = cell_size(len(column_labels))
    f = Frame(width=int(ROW_LABELS + size * len(column_labels) + 10),
              height=int(COLUMN_LABELS + size * len(row_labels) + 10), left=ROW_LABELS, top=COLUMN_LABELS)
    data = table(["", *column_labels], ([row, *(value_text(v, digits, suffix) for v in values[n])]
                                        for n, row in enumerate(row_labels)))
    return Grid(f, cells(f, size, row_labels, column_labels, values, lo, hi, (digits, suffix)),
                tuple(Tick(r(f.y0 + (n + 0.5) * size), row) for n, row in enumerate(row_labels)),
                tuple(Tick(r(f.x0 + (c + 0.5) * size), col) for c, col in enumerate(column_labels)),
                legend(lo, hi, digits, suffix), data,
                f"Bảng màu {len(row_labels)} hàng × {len(column_labels)} cột, màu càng đậm giá trị càng cao. "
                "Số liệu ở bảng kèm theo.")
