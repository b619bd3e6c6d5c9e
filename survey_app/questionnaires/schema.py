"""The rules of the definition format, shared by the YAML and the spreadsheet loaders."""

import re
from collections.abc import Callable

from survey_app.core.text import nfc, squash
from survey_app.questionnaires.definition import (
    ABOUT_KINDS,
    BUILTIN_SCALES,
    Option,
    Question,
    Questionnaire,
    Section,
)

# The rules of the format, shared by the YAML and the spreadsheet loaders. A rule
# reports (path, message) and carries on, so that one pass names every problem.

Path = tuple
Report = Callable[[Path, str], None]

CODE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
QUESTIONNAIRE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")
VALUE_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,20}$")
CRITERION_RE = re.compile(r"^[A-Za-z0-9_.]{1,30}$")

_TOP = ({"code", "title", "about", "sections"}, {"intro", "is_example", "privacy_notice", "scales"})
_SECTION = ({"code", "title", "questions"}, {"intro"})
_QUESTION = ({"code", "text", "criterion"}, {"help", "required", "scale", "options"})
_OPTION: tuple[set[str], set[str]] = ({"value", "label", "score"}, set())


def build_questionnaire(data: object, report: Report, *, criteria: set[str] | None = None) -> Questionnaire:
    """Check a parsed definition and build it; every problem goes to report, none stops the check."""
    if not isinstance(data, dict):
        report((), "tệp phải mô tả một phiếu (các khóa code, title, about, sections…).")
        return Questionnaire("", "", "", "", False, [])
    check_keys(data, (), _TOP, report)
    scales = _scales(data.get("scales"), report)
    about, is_example = _about(data, report), data.get("is_example", False)
    if not isinstance(is_example, bool):
        report(("is_example",), "phải là true hoặc false.")
    code = _questionnaire_code(data, report)
    seen: dict[str, Path] = {}
    sections = _sections(data.get("sections"), scales, seen, report, criteria)
    return Questionnaire(
        code=code,
        title=_text(data, "title", (), report),
        intro=_text(data, "intro", (), report, required=False, multiline=True),
        about=about,
        is_example=is_example is True,
        sections=sections,
        privacy_notice=_text(data, "privacy_notice", (), report, required=False, multiline=True),
    )


def _about(data: dict, report: Report) -> str:
    about = data.get("about")
    if "about" in data and about not in ABOUT_KINDS:
        report(("about",), f"'{about}' không hợp lệ; dùng một trong: {', '.join(ABOUT_KINDS)}.")
    return about if about in ABOUT_KINDS else ""


def _questionnaire_code(data: dict, report: Report) -> str:
    code = _text(data, "code", (), report)
    if code and not QUESTIONNAIRE_CODE_RE.match(code):
        report(("code",), f"mã phiếu '{code}' chỉ được gồm chữ in hoa không dấu, chữ số và dấu gạch dưới.")
    return code


def path_text(path: Path) -> str:
    """("sections", 1, "questions", 3) → "sections[1].questions[3]"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_keys(mapping: dict, path: Path, keys: tuple[set, set], report: Report) -> None:
    """Report keys outside (required | optional) and required keys that are missing."""
    required, optional = keys
    allowed = ", ".join(sorted(required | optional))
    for key in mapping:
        if key not in required and key not in optional:
            report(path + (str(key),), f"khóa '{key}' không dùng được ở đây (các khóa hợp lệ: {allowed}).")
    for key in sorted(required - set(mapping)):
        report(path, f"thiếu khóa bắt buộc '{key}'.")


def _text(mapping: dict, key: str, path: Path, report: Report, *, required=True, multiline=False) -> str:
    value = mapping.get(key)
    if value is None:
        if required and key in mapping:
            report(path + (key,), "không được để trống.")
        return ""
    if not isinstance(value, str):
        report(path + (key,), "phải là một đoạn văn bản.")
        return ""
    value = nfc(value).strip() if multiline else squash(nfc(value))
    if required and not value:
        report(path + (key,), "không được để trống.")
    return value


def _list(value: object, path: Path, report: Report, what: str) -> list:
    if not isinstance(value, list) or not value:
        report(path, f"cần ít nhất một {what}.")
        return []
    return value


def _scales(value: object, report: Report) -> dict[str, list[Option]]:
    scales = dict(BUILTIN_SCALES)
    if value is None:
        return scales
    if not isinstance(value, dict):
        report(("scales",), "phải là một bảng: tên thang đo → danh sách phương án.")
        return scales
    for name, options in value.items():
        if not CODE_RE.match(str(name)):
            report(("scales", str(name)), f"tên thang đo '{name}' chỉ được gồm chữ không dấu, chữ số, gạch dưới.")
        scales[str(name)] = _options(options, ("scales", str(name)), report)
    return scales


def _options(value: object, path: Path, report: Report) -> list[Option]:
    options = []
    for i, item in enumerate(_list(value, path, report, "phương án trả lời")):
        if not isinstance(item, dict):
            report(path + (i,), "mỗi phương án cần value, label và score.")
            continue
        check_keys(item, path + (i,), _OPTION, report)
        options.append(_option(item, path + (i,), report))
    values = [o.value for o in options]
    for duplicate in sorted({v for v in values if values.count(v) > 1}):
        report(path, f"giá trị '{duplicate}' dùng cho hai phương án; mỗi phương án cần một giá trị riêng.")
    if sum(o.score is None for o in options) > 1:
        report(path, "chỉ được có một phương án 'Không biết / Không đánh giá' (score: null).")
    if options and sum(o.score is not None for o in options) < 2:
        report(path, "cần ít nhất hai phương án có điểm.")
    return options


def _option(item: dict, path: Path, report: Report) -> Option:
    raw = item.get("value")
    value = str(raw).strip() if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    if "value" in item and not VALUE_RE.match(value):
        message = f"giá trị '{raw}' chỉ được gồm chữ không dấu, chữ số, '.', '-', '_' (tối đa 20 ký tự)."
        report(path + ("value",), message)
    score = item.get("score")
    if isinstance(score, bool) or not (score is None or isinstance(score, (int, float))):
        report(path + ("score",), f"điểm '{score}' phải là một số từ 0 đến 1, hoặc null cho 'Không biết'.")
        score = None
    elif score is not None and not 0 <= score <= 1:
        report(path + ("score",), f"điểm {score} nằm ngoài khoảng từ 0 đến 1.")
    return Option(value, _text(item, "label", path, report), None if score is None else float(score))


def _sections(value, scales, seen, report, criteria) -> list[Section]:
    sections, codes = [], set()
    for i, item in enumerate(_list(value, ("sections",), report, "phần (section)")):
        path = ("sections", i)
        if not isinstance(item, dict):
            report(path, "mỗi phần cần code, title và questions.")
            continue
        check_keys(item, path, _SECTION, report)
        code = _code(item, path, report)
        if code in codes:
            report(path + ("code",), f"mã phần '{code}' đã dùng cho một phần khác.")
        codes.add(code)
        sections.append(Section(code=code, title=_text(item, "title", path, report),
                                intro=_text(item, "intro", path, report, required=False, multiline=True),
                                questions=_questions(item, path, scales, seen, report, criteria)))
    return sections


def _questions(item: dict, path: Path, scales, seen, report: Report, criteria) -> list[Question]:
    """The section's questions that could be built (each problem already reported)."""
    items = _list(item.get("questions"), path + ("questions",), report, "câu hỏi")
    built = [_question(q, path + ("questions", j), scales, seen, report, criteria) for j, q in enumerate(items)]
    return [q for q in built if q is not None]


def _code(item: dict, path: Path, report: Report) -> str:
    code = str(item.get("code", "")).strip()
    if "code" in item and not CODE_RE.match(code):
        report(path + ("code",), f"mã '{code}' chỉ được gồm chữ không dấu, chữ số, gạch dưới và bắt đầu bằng chữ.")
    return code


def _question(item, path, scales, seen, report, criteria) -> Question | None:
    if not isinstance(item, dict):
        report(path, "mỗi câu hỏi cần code, text, criterion và scale hoặc options.")
        return None
    check_keys(item, path, _QUESTION, report)
    code = _code(item, path, report)
    if code in seen:
        report(path + ("code",), f"mã câu '{code}' trùng với câu ở {path_text(seen[code])}.")
    elif code:
        seen[code] = path
    required = item.get("required", True)
    if not isinstance(required, bool):
        report(path + ("required",), "phải là true hoặc false.")
    return Question(
        code=code,
        text=_text(item, "text", path, report),
        help=_text(item, "help", path, report, required=False, multiline=True),
        required=required is not False,
        options=_question_options(item, path, scales, report),
        criterion=_criterion(item, path, report, criteria),
    )


def _question_options(item: dict, path: Path, scales: dict, report: Report) -> list[Option]:
    if ("scale" in item) == ("options" in item):
        report(path, "cần đúng một trong hai khóa: 'scale' (tên thang đo) hoặc 'options'.")
        return []
    if "options" in item:
        return _options(item["options"], path + ("options",), report)
    name = item["scale"]
    if name not in scales:
        known = ", ".join(sorted(scales))
        report(path + ("scale",), f"thang đo '{name}' chưa được khai báo (các thang đo có: {known}).")
        return []
    return [Option(o.value, o.label, o.score) for o in scales[name]]


def _criterion(item: dict, path: Path, report: Report, criteria: set[str] | None) -> str:
    criterion = str(item.get("criterion", "")).strip()
    if "criterion" in item and not CRITERION_RE.match(criterion):
        report(path + ("criterion",), f"mã tiêu chí '{criterion}' không hợp lệ (ví dụ đúng: TC3.2).")
    elif criteria is not None and criterion and criterion not in criteria:
        message = f"tiêu chí '{criterion}' không có trong mô hình chỉ số (hoặc không lấy điểm từ khảo sát)."
        report(path + ("criterion",), message)
    return criterion
