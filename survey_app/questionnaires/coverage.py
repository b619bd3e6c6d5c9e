"""Every survey criterion of the index model is asked by at least one questionnaire judging its level."""

from collections.abc import Iterable

from survey_app.questionnaires.definition import Questionnaire

#: Which index level judges the unit a questionnaire is about.
LEVEL_OF_ABOUT = {"own_locality": "province", "managing_ministry": "ministry", "own_ministry": "ministry"}


def uncovered_criteria(index: dict, questionnaires: Iterable[Questionnaire]) -> list[tuple[tuple, str]]:
    """(path in the index file, message) for each survey criterion no questionnaire of its level asks about."""
    asked: dict[str, set[str]] = {}
    names: dict[str, list[str]] = {}
    for q in questionnaires:
        level = LEVEL_OF_ABOUT.get(q.about, "")
        asked.setdefault(level, set()).update(q.criteria())
        names.setdefault(level, []).append(q.code)
    return [problem for name, level in index["levels"].items()
            for problem in _level_problems(name, level, asked.get(name, set()), names.get(name, []))]


def _level_problems(name: str, level: dict, asked: set[str], codes: list[str]) -> list[tuple[tuple, str]]:
    problems = []
    for i, field in enumerate(level["fields"]):
        for j, criterion in enumerate(field["criteria"]):
            if criterion.get("source") == "survey" and criterion["code"] not in asked:
                problems.append((("levels", name, "fields", i, "criteria", j), _message(criterion["code"], codes)))
    return problems


def _message(code: str, questionnaires: list[str]) -> str:
    where = ", ".join(sorted(questionnaires)) or "không có phiếu nào"
    return (f"tiêu chí khảo sát {code} không có câu hỏi nào trong các phiếu đánh giá cấp này ({where}); "
            f"thêm câu hỏi có criterion: {code} vào một phiếu, hoặc đổi tiêu chí sang source: appraisal.")
