"""The questionnaire definition: plain dataclasses, their JSON snapshot and its checksum."""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from survey_app.core.text import nfc, squash

ABOUT_KINDS = ("own_locality", "managing_ministry", "own_ministry")
DONT_KNOW_LABEL = "Không biết / Không đánh giá"


@dataclass
class Option:
    value: str
    label: str
    #: In [0, 1]; None for the "don't know" option, which counts as no answer in scoring.
    score: float | None


@dataclass
class Question:
    code: str
    text: str
    help: str
    required: bool
    options: list[Option]
    #: The index criterion this answer feeds, e.g. "TC3.2".
    criterion: str

    def values(self) -> set[str]:
        """The option values a respondent may send for this question."""
        return {option.value for option in self.options}

    def score_of(self, value: str) -> float | None:
        """The score of an answer value; None for "don't know" or an unknown value."""
        for option in self.options:
            if option.value == value:
                return option.score
        return None


@dataclass
class Section:
    code: str
    title: str
    intro: str
    questions: list[Question]


@dataclass
class Questionnaire:
    code: str
    title: str
    intro: str
    #: Whom the respondent judges: "own_locality", "managing_ministry" or "own_ministry".
    about: str
    is_example: bool
    sections: list[Section]
    privacy_notice: str = ""

    def questions(self) -> list[Question]:
        """Every question, in the order the respondent sees them."""
        return [question for section in self.sections for question in section.questions]

    def question_map(self) -> dict[str, Question]:
        """Questions by code."""
        return {question.code: question for question in self.questions()}

    def criteria(self) -> set[str]:
        """The index criteria this questionnaire feeds."""
        return {question.criterion for question in self.questions()}


def to_dict(q: Questionnaire) -> dict:
    """A JSON-ready snapshot with every option spelled out (no scale references)."""
    return {
        "code": q.code,
        "title": q.title,
        "intro": q.intro,
        "about": q.about,
        "is_example": q.is_example,
        "privacy_notice": q.privacy_notice,
        "sections": [_section_dict(section) for section in q.sections],
    }


def _section_dict(section: Section) -> dict:
    return {
        "code": section.code,
        "title": section.title,
        "intro": section.intro,
        "questions": [
            {
                "code": question.code,
                "text": question.text,
                "help": question.help,
                "required": question.required,
                "criterion": question.criterion,
                "options": [
                    {"value": o.value, "label": o.label, "score": o.score} for o in question.options
                ],
            }
            for question in section.questions
        ],
    }


def from_dict(d: dict) -> Questionnaire:
    """Rebuild a questionnaire from a snapshot made by to_dict (trusted: no validation)."""
    return Questionnaire(
        code=d["code"],
        title=d["title"],
        intro=d.get("intro", ""),
        about=d["about"],
        is_example=bool(d.get("is_example", False)),
        privacy_notice=d.get("privacy_notice", ""),
        sections=[
            Section(
                code=s["code"],
                title=s["title"],
                intro=s.get("intro", ""),
                questions=[
                    Question(
                        code=qd["code"],
                        text=qd["text"],
                        help=qd.get("help", ""),
                        required=bool(qd.get("required", True)),
                        criterion=qd["criterion"],
                        options=[Option(o["value"], o["label"], o["score"]) for o in qd["options"]],
                    )
                    for qd in s["questions"]
                ],
            )
            for s in d["sections"]
        ],
    )


def to_public_dict(q: Questionnaire) -> dict:
    """What a respondent's client receives (API.md): no scores and no criteria."""
    return {
        "code": q.code,
        "title": q.title,
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                "questions": [
                    {
                        "code": qu.code,
                        "text": qu.text,
                        "required": qu.required,
                        "options": [{"value": o.value, "label": o.label} for o in qu.options],
                    }
                    for qu in s.questions
                ],
            }
            for s in q.sections
        ],
    }


def checksum(d: dict) -> str:
    """sha256 of the canonical JSON of a snapshot (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _scale(*labels: str) -> list[Option]:
    """Evenly spaced scores from 1 (first label) to 0 (last), then "don't know"."""
    top = len(labels) - 1
    options = [
        Option(str(top + 1 - i), label, round((top - i) / top, 2)) for i, label in enumerate(labels)
    ]
    return options + [Option("KB", DONT_KNOW_LABEL, None)]


#: Scales every definition (YAML or spreadsheet) may name without declaring them.
BUILTIN_SCALES: dict[str, list[Option]] = {
    "muc_do_4": _scale("Rất tốt", "Tốt", "Bình thường", "Chưa tốt"),
    "hai_long_5": _scale(
        "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"
    ),
    "dong_y_5": _scale(
        "Hoàn toàn đồng ý", "Đồng ý", "Phân vân", "Không đồng ý", "Hoàn toàn không đồng ý"
    ),
}


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
_OPTION = ({"value", "label", "score"}, set())


def build_questionnaire(data: object, report: Report, *, criteria: set[str] | None = None) -> Questionnaire:
    """Check a parsed definition and build it; every problem goes to report, none stops the check."""
    if not isinstance(data, dict):
        report((), "tệp phải mô tả một phiếu (các khóa code, title, about, sections…).")
        return Questionnaire("", "", "", "", False, [])
    check_keys(data, (), _TOP, report)
    scales = _scales(data.get("scales"), report)
    about = data.get("about")
    if "about" in data and about not in ABOUT_KINDS:
        report(("about",), f"'{about}' không hợp lệ; dùng một trong: {', '.join(ABOUT_KINDS)}.")
    is_example = data.get("is_example", False)
    if not isinstance(is_example, bool):
        report(("is_example",), "phải là true hoặc false.")
    code = _text(data, "code", (), report)
    if code and not QUESTIONNAIRE_CODE_RE.match(code):
        report(("code",), f"mã phiếu '{code}' chỉ được gồm chữ in hoa không dấu, chữ số và dấu gạch dưới.")
    seen: dict[str, Path] = {}
    sections = _sections(data.get("sections"), scales, seen, report, criteria)
    return Questionnaire(
        code=code,
        title=_text(data, "title", (), report),
        intro=_text(data, "intro", (), report, required=False, multiline=True),
        about=about if about in ABOUT_KINDS else "",
        is_example=is_example is True,
        sections=sections,
        privacy_notice=_text(data, "privacy_notice", (), report, required=False, multiline=True),
    )


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
        questions = [
            _question(q, path + ("questions", j), scales, seen, report, criteria)
            for j, q in enumerate(_list(item.get("questions"), path + ("questions",), report, "câu hỏi"))
        ]
        sections.append(
            Section(
                code=code,
                title=_text(item, "title", path, report),
                intro=_text(item, "intro", path, report, required=False, multiline=True),
                questions=[q for q in questions if q is not None],
            )
        )
    return sections


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
