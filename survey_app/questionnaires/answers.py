"""Respondent answers: keep what belongs to the questionnaire, say what does not, measure completeness."""

from dataclasses import dataclass

from survey_app.questionnaires.definition import Questionnaire

FIELD_PREFIX = "q."


@dataclass(frozen=True)
class AnswerProblem:
    code: str
    value: str
    message: str


def clean_answers(q: Questionnaire, raw: dict[str, object], *,
                  refuse_unknown: bool = False) -> tuple[dict[str, str], list[AnswerProblem]]:
    """Keep answers to known questions ("q.<code>" or bare codes) whose value is one of the question's options.

    Unknown codes are dropped (a stray form field), or with `refuse_unknown` are problems: answers
    posted to a questionnaire name only its own questions, so another code means the wrong questionnaire.
    An empty value means "no answer" and clears nothing else. Numbers from JSON become strings.
    """
    questions = q.question_map()
    answers: dict[str, str] = {}
    problems: list[AnswerProblem] = []
    for key, value in raw.items():
        code = key.removeprefix(FIELD_PREFIX)
        text, problem = _clean_one(code, value, questions.get(code), refuse_unknown)
        if problem is not None:
            problems.append(problem)
        elif text:
            answers[code] = text
    return answers, problems


def _clean_one(code: str, value: object, question, refuse_unknown: bool) -> tuple[str | None, AnswerProblem | None]:
    """(the option value, None), (None or "", None) for no answer, or (None, the problem)."""
    if question is None:
        shown = code[:100]
        unknown = AnswerProblem(shown, str(value)[:100], f"Câu '{shown}' không có trong phiếu này.")
        return None, unknown if refuse_unknown else None
    text = None if value is None else _as_text(value)
    if value is None or text == "":
        return None, None
    if text is None or text not in question.values():
        shown = str(value) if text is None else text
        return None, AnswerProblem(code, shown, _not_an_option(code, shown, question))
    return text, None


def _as_text(value: object) -> str | None:
    """A form or JSON value as the option value it names; None when it cannot name one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str):
        return value.strip()
    return None


def _not_an_option(code: str, value: object, question) -> str:
    labels = ", ".join(f"{o.value} ({o.label})" for o in question.options)
    return f"Câu {code}: '{value}' không phải là một phương án của câu này. Xin chọn một trong: {labels}."


def missing_required(q: Questionnaire, answers: dict[str, str]) -> list[str]:
    """Codes of required questions with no valid answer, in page order; "don't know" counts as answered."""
    return [
        question.code
        for question in q.questions()
        if question.required and answers.get(question.code) not in question.values()
    ]


def progress(q: Questionnaire, answers: dict[str, str]) -> tuple[int, int]:
    """(questions answered with a valid option, "don't know" included; all questions)."""
    questions = q.questions()
    answered = sum(question.code in answers and answers[question.code] in question.values() for question in questions)
    return answered, len(questions)


def answer_scores(q: Questionnaire, answers: dict[str, str]) -> dict[str, float]:
    """Scores of the valid answers by question code; "don't know" and unknown values are left out."""
    scores = {}
    for question in q.questions():
        score = question.score_of(answers.get(question.code, ""))
        if score is not None:
            scores[question.code] = score
    return scores
