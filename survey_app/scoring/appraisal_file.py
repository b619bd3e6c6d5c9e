"""Read and check a file of appraisal points (unit code, criterion code, points): every row, before storing any.

A header row (Mã đơn vị, Mã tiêu chí, Điểm; title rows above it allowed) names the columns; without one, the
columns are taken as unit code, criterion code, points in that order. A row with no points is skipped (a
template row not filled in); every other row must be right, or nothing is stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from survey_app.core.text import fold
from survey_app.scoring.model import IndexModel, Source

UNIT, CRITERION, POINTS = "Mã đơn vị", "Mã tiêu chí", "Điểm"
HEADERS = {UNIT: {"ma don vi", "don vi", "unit", "unit code"},
           CRITERION: {"ma tieu chi", "tieu chi", "criterion", "criterion code"},
           POINTS: {"diem", "diem tham dinh", "points"}}
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class AppraisalRow:
    number: int
    unit: str
    criterion: str
    points: float


def find_columns(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """(index of the first data row, column of each field)."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        folded = [fold(cell) for cell in row]
        found = {name: next((j for j, cell in enumerate(folded) if cell in labels), -1)
                 for name, labels in HEADERS.items()}
        if all(j >= 0 for j in found.values()):
            return i + 1, found
    return 0, {UNIT: 0, CRITERION: 1, POINTS: 2}


def parse_number(text: str) -> float | None:
    """'2,5' or '2.5' → 2.5; None when it is not a number."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def check_rows(rows: list[list[str]], model: IndexModel, levels: Mapping[str, str]) -> tuple[list, list[dict]]:
    """(the good rows, every problem with its row, column and a Vietnamese message); levels: unit code → level."""
    start, columns = find_columns(rows)
    good: list[AppraisalRow] = []
    problems: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for i in range(start, len(rows)):
        cells = [_cell(rows[i], columns[name]) for name in (UNIT, CRITERION, POINTS)]
        if cells[2]:  # a template row left without points is not given, not an error
            row, row_problems = _check_row(i + 1, cells, model, levels, seen)
            problems += row_problems
            good += [row] if row else []
    if not good and not problems:
        problems.append({"row": start + 1, "column": UNIT, "message": "Tệp không có dòng điểm nào. Hãy điền theo "
                         "tệp mẫu: mỗi dòng một đơn vị, một tiêu chí và điểm thẩm định."})
    return good, problems


def _cell(row: list[str], column: int) -> str:
    return row[column].strip() if column < len(row) else ""


def _check_row(number: int, cells: list[str], model: IndexModel, levels: Mapping[str, str],
               seen: dict[tuple[str, str], int]) -> tuple[AppraisalRow | None, list[dict]]:
    unit, criterion, text = cells
    problems = _unit_problems(number, unit, levels) or _criterion_problems(number, unit, criterion, model, levels)
    points = parse_number(text)
    problems += _points_problems(number, text, points, None if problems else
                                 model.criterion(levels[unit], criterion))
    if not problems and (unit, criterion) in seen:
        problems.append(_problem(number, CRITERION, f"đơn vị {unit}, tiêu chí {criterion} đã có ở dòng "
                                 f"{seen[(unit, criterion)]}; mỗi cặp đơn vị – tiêu chí chỉ ghi một lần."))
    seen.setdefault((unit, criterion), number)
    return (None if problems or points is None else AppraisalRow(number, unit, criterion, points)), problems


def _unit_problems(number: int, unit: str, levels: Mapping[str, str]) -> list[dict]:
    if unit in levels:
        return []
    return [_problem(number, UNIT, f"mã đơn vị '{unit}' không có trong danh mục tỉnh, bộ. Dùng mã trong tệp mẫu "
                     "(ví dụ 01 cho Hà Nội, BTP cho Bộ Tư pháp).")]


def _criterion_problems(number: int, unit: str, criterion: str, model: IndexModel,
                        levels: Mapping[str, str]) -> list[dict]:
    found = model.criterion(levels[unit], criterion)
    level = model.levels[levels[unit]].name.lower()
    if found is None:
        return [_problem(number, CRITERION, f"tiêu chí '{criterion}' không có trong mô hình chỉ số ở {level}.")]
    if found.source is Source.SURVEY:
        return [_problem(number, CRITERION, f"tiêu chí {criterion} lấy điểm từ điều tra xã hội học, không nhập "
                         "điểm thẩm định; hãy xóa dòng này.")]
    return []


def _points_problems(number: int, text: str, points: float | None, criterion) -> list[dict]:
    if points is None:
        return [_problem(number, POINTS, f"'{text}' không phải là số; ghi điểm dạng 2,5 hoặc 2.5.")]
    if points < 0:
        return [_problem(number, POINTS, f"điểm {text} là số âm; điểm thẩm định từ 0 trở lên.")]
    if criterion is not None and points > criterion.max_points:
        return [_problem(number, POINTS, f"điểm {text} vượt điểm tối đa {criterion.max_points:g} của tiêu chí "
                         f"{criterion.code}.")]
    return []


def _problem(number: int, column: str, message: str) -> dict:
    return {"row": number, "column": column, "message": f"Dòng {number}, cột {column}: {message}"}
