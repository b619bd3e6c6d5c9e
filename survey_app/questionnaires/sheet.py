"""The same definition from a spreadsheet: one row per question, plus an optional sheet of scales."""

import io

import xlsxwriter

from survey_app.core.text import fold, nfc, squash
from survey_app.questionnaires.definition import BUILTIN_SCALES, Option, Questionnaire
from survey_app.questionnaires.loader import DefinitionError, Problem
from survey_app.questionnaires.schema import build_questionnaire

#: Column key → accepted header labels (compared without diacritics or case).
QUESTION_COLUMNS = {
    "section": ("Mã phần",),
    "section_title": ("Tên phần",),
    "section_intro": ("Giới thiệu phần",),
    "code": ("Mã câu", "Mã câu hỏi"),
    "text": ("Nội dung câu hỏi", "Câu hỏi"),
    "help": ("Gợi ý", "Hướng dẫn"),
    "required": ("Bắt buộc",),
    "scale": ("Thang đo",),
    "criterion": ("Tiêu chí", "Mã tiêu chí"),
}
QUESTION_REQUIRED = ("section", "code", "text", "scale", "criterion")
SCALE_COLUMNS = {
    "scale": ("Thang đo", "Tên thang đo"),
    "value": ("Giá trị",),
    "label": ("Nhãn", "Phương án"),
    "score": ("Điểm",),
}
SCALE_REQUIRED = ("scale", "value", "label", "score")
_YES, _NO = {"co", "x", "yes", "1"}, {"khong", "no", "0"}
_HEADER_SEARCH = 10


class _Sheet:
    """Rows of one sheet with its header found by label; cells come back NFC, trimmed, as text."""

    def __init__(self, rows, columns, required, label, problems):
        self.rows, self.columns, self.label, self.problems = rows, columns, label, problems
        self.header_index, self.positions = self._find_header(required)

    def _find_header(self, required):
        for i, row in enumerate(self.rows[:_HEADER_SEARCH]):
            folded = [fold(_text(cell)) for cell in row]
            positions = {
                key: folded.index(fold(name))
                for key, names in self.columns.items()
                for name in names
                if fold(name) in folded
            }
            if all(key in positions for key in required):
                return i, positions
        wanted = ", ".join(self.columns[key][0] for key in required)
        self.problems.append(Problem(self.label, None, "", f"không tìm thấy dòng tiêu đề có đủ các cột: {wanted}."))
        return len(self.rows), {}

    def records(self):
        """(row number as the spreadsheet shows it, {column key: text}) for every non-empty row."""
        for i in range(self.header_index + 1, len(self.rows)):
            row = self.rows[i]
            record = {key: _text(row[pos]) if pos < len(row) else "" for key, pos in self.positions.items()}
            if any(record.values()):
                yield i + 1, record

    def header(self, key: str) -> str:
        return self.columns[key][0]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return squash(nfc(str(value)))


def pick_sheets(sheets: list[list[list[str]]]) -> tuple[list[list[str]], list[list[str]] | None]:
    """The question sheet and the scale sheet (None if there is none) of a workbook, each found by its header,
    so that an instructions sheet may come first; the first sheet when none has the question header (its
    rows then say which columns are missing)."""
    def has_header(rows, columns, required) -> bool:
        return bool(_Sheet(rows, columns, required, "", []).positions)
    questions = next((rows for rows in sheets if has_header(rows, QUESTION_COLUMNS, QUESTION_REQUIRED)),
                     sheets[0] if sheets else [])
    scales = next((rows for rows in sheets if rows is not questions
                   and has_header(rows, SCALE_COLUMNS, SCALE_REQUIRED)), None)
    return questions, scales


def load_rows(
    rows: list[list[str]],
    *,
    filename: str,
    code: str,
    title: str,
    about: str,
    scale_rows: list[list[str]] | None = None,
    intro: str = "",
    privacy_notice: str = "",
    is_example: bool = False,
) -> Questionnaire:
    """Build a questionnaire from spreadsheet rows; raise DefinitionError naming the row and column of every problem."""
    problems: list[Problem] = []
    where: dict[tuple, tuple[str, int, str]] = {}
    data: dict = {"code": code, "title": title, "about": about, "is_example": is_example,
                  "intro": intro, "privacy_notice": privacy_notice}
    if scale_rows:
        scale_sheet = _Sheet(scale_rows, SCALE_COLUMNS, SCALE_REQUIRED, f"{filename} (trang Thang đo)", problems)
        data["scales"] = _read_scales(scale_sheet, where, problems)
    sheet = _Sheet(rows, QUESTION_COLUMNS, QUESTION_REQUIRED, filename, problems)
    if not sheet.positions:
        raise DefinitionError(problems)  # without a header every row would be a false error
    data["sections"] = _read_sections(sheet, where, problems)
    questionnaire = build_questionnaire(data, _reporter(filename, where, problems))
    if problems:
        raise DefinitionError(problems)
    return questionnaire


def _reporter(filename: str, where: dict[tuple, tuple[str, int, str]], problems: list[Problem]):
    """report(path, message) for build_questionnaire: a problem placed at the row and column the path came from."""
    def report(path: tuple, message: str) -> None:
        for end in range(len(path), 0, -1):
            if path[:end] in where:
                label, row, column = where[path[:end]]
                problem = Problem(label, row, f"cột {column}" if column else "", message)
                # The sheet's own checks may already have named this cell in plainer words.
                if not any(p[:3] == problem[:3] for p in problems):
                    problems.append(problem)
                return
        problems.append(Problem(filename, None, "", message))

    return report


def _read_scales(sheet: _Sheet, where: dict, problems: list) -> dict:
    scales: dict[str, list] = {}
    for row, record in sheet.records():
        if _empty_cells(sheet, row, record, SCALE_REQUIRED[:-1], problems):
            continue
        options = scales.setdefault(record["scale"], [])
        path = ("scales", record["scale"], len(options))
        where.setdefault(path[:2], (sheet.label, row, sheet.header("scale")))
        where[path] = (sheet.label, row, "")
        for key in ("value", "label", "score"):
            where[path + (key,)] = (sheet.label, row, sheet.header(key))
        options.append({"value": record["value"], "label": record["label"], "score": _score(record["score"])})
    return scales


def _score(text: str) -> object:
    """"0,75" and "0.75" are both 0.75; an empty cell is the "don't know" option; other text is kept to be reported."""
    if text == "":
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def _read_sections(sheet: _Sheet, where: dict, problems: list) -> list[dict]:
    sections: dict[str, dict] = {}
    seen_codes: dict[str, int] = {}
    for row, record in sheet.records():
        if _empty_cells(sheet, row, record, QUESTION_REQUIRED, problems):
            continue
        if record["code"] in seen_codes:
            first = seen_codes[record["code"]]
            message = f"mã câu '{record['code']}' đã dùng ở dòng {first}; mỗi câu cần một mã riêng."
            problems.append(Problem(sheet.label, row, f"cột {sheet.header('code')}", message))
            continue
        seen_codes[record["code"]] = row
        section = _section_for(sheet, row, record, sections, where)
        path = (*section["_path"], "questions", len(section["questions"]))
        section["questions"].append(_question(sheet, row, record, where, path, problems))
    for section in sections.values():
        if not section["title"]:
            label, row, _ = where[section["_path"]]
            message = f"phần '{section['code']}' chưa có tên; ghi tên phần ở ít nhất một dòng của phần."
            problems.append(Problem(label, row, f"cột {sheet.header('section_title')}", message))
        section.pop("_path")
    return list(sections.values())


def _section_for(sheet: _Sheet, row: int, record: dict, sections: dict, where: dict) -> dict:
    code = record["section"]
    if code not in sections:
        path = ("sections", len(sections))
        sections[code] = {"_path": path, "code": code, "title": "", "intro": "", "questions": []}
        where[path] = (sheet.label, row, "")
        where[path + ("code",)] = (sheet.label, row, sheet.header("section"))
        where[path + ("title",)] = (sheet.label, row, sheet.header("section_title"))
    section = sections[code]
    for key, column in (("title", "section_title"), ("intro", "section_intro")):
        if not section[key] and record.get(column):
            section[key] = record[column]
            where[section["_path"] + (key,)] = (sheet.label, row, sheet.header(column))
    return section


def _question(sheet: _Sheet, row: int, record: dict, where: dict, path: tuple, problems: list) -> dict:
    where[path] = (sheet.label, row, "")
    for key in ("code", "text", "help", "scale", "criterion", "required"):
        if key in sheet.positions:
            where[path + (key,)] = (sheet.label, row, sheet.header(key))
    return {
        "code": record["code"],
        "text": record["text"],
        "help": record.get("help", ""),
        "required": _required(sheet, row, record.get("required", ""), problems),
        "scale": record["scale"],
        "criterion": record["criterion"],
    }


def _required(sheet: _Sheet, row: int, text: str, problems: list) -> bool:
    key = fold(text)
    if key == "" or key in _YES:
        return True
    if key in _NO:
        return False
    column = sheet.header("required")
    message = f"'{text}' không rõ; ghi \"Có\" hoặc \"Không\" (để trống là Có)."
    problems.append(Problem(sheet.label, row, f"cột {column}", message))
    return True


def _empty_cells(sheet: _Sheet, row: int, record: dict, keys: tuple, problems: list) -> bool:
    empty = [key for key in keys if not record.get(key)]
    for key in empty:
        column = sheet.header(key)
        message = f"ô trống; dòng nào có câu hỏi thì phải ghi {column}."
        problems.append(Problem(sheet.label, row, f"cột {column}", message))
    return bool(empty)


def to_rows(q: Questionnaire) -> tuple[list[list[str]], list[list[str]]]:
    """The questionnaire as spreadsheet rows (questions, scales), the inverse of load_rows."""
    names: dict[tuple, str] = {_key(options): name for name, options in BUILTIN_SCALES.items()}
    scale_rows = [[labels[0] for labels in SCALE_COLUMNS.values()]]
    question_rows = [[labels[0] for labels in QUESTION_COLUMNS.values()]]
    custom = 0
    for section in q.sections:
        for i, question in enumerate(section.questions):
            key = _key(question.options)
            if key not in names:
                custom += 1
                names[key] = f"thang_do_{custom}"
                scale_rows += [[names[key], o.value, o.label, _score_text(o.score)] for o in question.options]
            first = i == 0
            question_rows.append([
                section.code, section.title if first else "", section.intro if first else "",
                question.code, question.text, question.help, "Có" if question.required else "Không",
                names[key], question.criterion,
            ])
    return question_rows, scale_rows


def to_workbook(q: Questionnaire) -> bytes:
    """The questionnaire as an .xlsx that load_rows reads back: a "Câu hỏi" sheet and a "Thang đo" sheet. Every
    cell is written as text, so that values such as "1" or "=…" stay what they are."""
    question_rows, scale_rows = to_rows(q)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    for name, rows, widths in (("Câu hỏi", question_rows, [9, 24, 24, 9, 70, 30, 9, 14, 11]),
                               ("Thang đo", scale_rows, [14, 9, 36, 7])):
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            for column, value in enumerate(row):
                sheet.write_string(i, column, value, bold if i == 0 else None)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def _score_text(score: float | None) -> str:
    return "" if score is None else str(score)


def _key(options: list[Option]) -> tuple:
    return tuple((o.value, o.label, o.score) for o in options)
