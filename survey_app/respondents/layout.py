"""The shape of a list sheet around its data: merged blocks, a row of column numbers, signature lines."""

import re

_COLUMN_NUMBERS = re.compile(r"^\(?[0-9]{1,2}\)?$")


def merged_fill(sheet, header_index: int, columns: dict[str, int]) -> dict[tuple[int, int], object]:
    """(row index, column index) → the value of the merged block it belongs to, for data cells."""
    wanted = set(columns.values())
    fill = {}
    for (top, left), (bottom, right) in sheet.merged:
        top_index, left_index = top - sheet.first_row, left - sheet.first_column
        if top_index <= header_index or not 0 <= top_index < len(sheet.rows):
            continue
        value = _cell(sheet.rows[top_index], left_index)
        for row in range(top_index, min(bottom - sheet.first_row, len(sheet.rows) - 1) + 1):
            for column in range(left_index, right - sheet.first_column + 1):
                if column in wanted:
                    fill[(row, column)] = value
    return fill


def _cell(row: list, index: int):
    return row[index] if 0 <= index < len(row) else ""


def drop_footer(rows: list) -> list[str]:
    """Signature lines under the table (no email, no group) are not respondents."""
    end = len(rows)
    while end and not rows[end - 1].values["email"].strip() and not rows[end - 1].values["group"].strip():
        end -= 1
    dropped = rows[end:]
    del rows[end:]
    if not dropped or not rows:
        rows.extend(dropped)
        return []
    numbers = ", ".join(str(row.number) for row in dropped)
    return [f"Dòng {numbers} ở cuối bảng không có Email và Nhóm đối tượng nên được coi là phần ký tên, không nhập."]


def drop_numbering(rows: list, header_number: int) -> None:
    """A row of column numbers ((1), (2), …) right under the header is not a respondent."""
    if rows and rows[0].number == header_number + 1:
        cells = [value.strip() for value in rows[0].values.values() if value.strip()]
        if len(cells) >= 3 and all(_COLUMN_NUMBERS.match(cell) for cell in cells):
            rows.pop(0)
