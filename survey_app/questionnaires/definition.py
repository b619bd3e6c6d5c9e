"""The questionnaire definition: plain dataclasses, their JSON snapshot and its checksum."""

import hashlib
import json
from dataclasses import dataclass

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
        "questions": [_question_dict(question) for question in section.questions],
    }


def _question_dict(question: Question) -> dict:
    return {
        "code": question.code,
        "text": question.text,
        "help": question.help,
        "required": question.required,
        "criterion": question.criterion,
        "options": [{"value": o.value, "label": o.label, "score": o.score} for o in question.options],
    }


def from_dict(d: dict) -> Questionnaire:
    """Rebuild a questionnaire from a snapshot made by to_dict (trusted: no validation)."""
    return Questionnaire(code=d["code"], title=d["title"], intro=d.get("intro", ""), about=d["about"],
                         is_example=bool(d.get("is_example", False)), privacy_notice=d.get("privacy_notice", ""),
                         sections=[_section_from_dict(s) for s in d["sections"]])


def _section_from_dict(s: dict) -> Section:
    return Section(code=s["code"], title=s["title"], intro=s.get("intro", ""),
                   questions=[_question_from_dict(qd) for qd in s["questions"]])


def _question_from_dict(qd: dict) -> Question:
    return Question(code=qd["code"], text=qd["text"], help=qd.get("help", ""),
                    required=bool(qd.get("required", True)), criterion=qd["criterion"],
                    options=[Option(o["value"], o["label"], o["score"]) for o in qd["options"]])


def to_public_dict(q: Questionnaire) -> dict:
    """What a respondent's client receives (API.md): no scores and no criteria."""
    return {
        "code": q.code,
        "title": q.title,
        "sections": [
            {"code": s.code, "title": s.title, "questions": [_public_question(qu) for qu in s.questions]}
            for s in q.sections
        ],
    }


def _public_question(qu: Question) -> dict:
    return {"code": qu.code, "text": qu.text, "required": qu.required,
            "options": [{"value": o.value, "label": o.label} for o in qu.options]}


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
