"""Load questionnaires and index models from YAML, naming the file, line and path of every problem."""

from pathlib import Path as FilePath
from typing import NamedTuple

import yaml

from survey_app.questionnaires.coverage import LEVEL_OF_ABOUT, uncovered_criteria
from survey_app.questionnaires.definition import Questionnaire
from survey_app.questionnaires.schema import Path, build_questionnaire, check_keys, path_text

CONFIG_DIR = FilePath(__file__).resolve().parents[2] / "config"
#: libyaml when present: ten times faster, same nodes and marks.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Problem(NamedTuple):
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = ", ".join([self.file] + ([f"dòng {self.line}"] if self.line else []))
        return f"{where}, {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DefinitionError(Exception):
    """A definition that cannot be used; .errors lists every (file, line, path, message)."""

    def __init__(self, errors: list[Problem]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class _Collector:
    """Turns (path, message) reports into Problems with the line of the nearest known node."""

    def __init__(self, filename: str, lines: dict[Path, int]):
        self.filename, self.lines = filename, lines
        self.problems: list[Problem] = []

    def __call__(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.filename, self.line_of(path), path_text(path), message))

    def line_of(self, path: Path) -> int | None:
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise DefinitionError(self.problems)


def _syntax_problem(filename: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    message = (f"lỗi cú pháp YAML ({problem}); xem lại dấu ngoặc, dấu hai chấm, dấu nháy"
               " và thụt lề ở dòng này hoặc dòng trên.")
    return Problem(filename, mark.line + 1 if mark else None, "", message)


def parse_yaml(text: str, filename: str) -> tuple[object, _Collector]:
    """Parse YAML into plain data plus a collector that knows the line of every key and item."""
    loader = _YamlLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise DefinitionError([_syntax_problem(filename, error)]) from error
    finally:
        loader.dispose()
    lines: dict[Path, int] = {}
    collector = _Collector(filename, lines)
    if node is not None:
        _walk(node, (), lines, collector)
    return data, collector


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], report: _Collector) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, report)
    elif isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                lines[path + (name,)] = key.start_mark.line + 1
                report(path + (name,), f"khóa '{name}' xuất hiện hai lần trong cùng một mục.")
            seen.add(name)
            lines.setdefault(path + (name,), key.start_mark.line + 1)
            _walk(value, path + (name,), lines, report)


def load_yaml(text: str, filename: str, *, criteria: set[str] | None = None) -> Questionnaire:
    """Load one questionnaire; raise DefinitionError listing every problem (with criteria: unknown criteria too)."""
    data, report = parse_yaml(text, filename)
    questionnaire = build_questionnaire(data, report, criteria=criteria)
    report.raise_if_any()
    return questionnaire


def load_file(path: str | FilePath, *, criteria: set[str] | None = None) -> Questionnaire:
    """Load one questionnaire file; errors name the file as model/FILE.yaml."""
    path = FilePath(path)
    return load_yaml(path.read_text(encoding="utf-8"), f"{path.parent.name}/{path.name}", criteria=criteria)


def check_criteria(q: Questionnaire, criteria: set[str]) -> list[Problem]:
    """Problems for every question whose criterion is not in the given set."""
    problems = []
    for i, section in enumerate(q.sections):
        for j, question in enumerate(section.questions):
            if question.criterion not in criteria:
                path = path_text(("sections", i, "questions", j, "criterion"))
                message = f"câu {question.code}: tiêu chí '{question.criterion}' không có trong mô hình chỉ số."
                problems.append(Problem(q.code, None, path, message))
    return problems


def load_model_questionnaires(model: str) -> dict[str, Questionnaire]:
    """Every config/questionnaires/<model>/*.yaml, checked against config/index/<model>.yaml; all problems at once."""
    folder = CONFIG_DIR / "questionnaires" / model
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DefinitionError([Problem(f"{model}/", None, "", "không có tệp phiếu nào (*.yaml) trong thư mục này.")])
    index = load_index_model(model)
    found, problems = _load_all(files, index)
    if not problems:  # a questionnaire that did not load would make criteria look unasked
        problems = [Problem(f"index/{model}.yaml", None, path_text(path), message)
                    for path, message in uncovered_criteria(index, found.values())]
    if problems:
        raise DefinitionError(problems)
    return found


def _load_all(files: list[FilePath], index: dict) -> tuple[dict[str, Questionnaire], list[Problem]]:
    """The questionnaires that loaded, by code, and the problems of those that did not."""
    found: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for path in files:
        try:
            questionnaire = _load_checked(path, index)
        except DefinitionError as error:
            problems.extend(error.errors)
            continue
        found[questionnaire.code] = questionnaire
    return found, problems


def _load_checked(path: FilePath, index: dict) -> Questionnaire:
    data, report = parse_yaml(path.read_text(encoding="utf-8"), f"{path.parent.name}/{path.name}")
    about = data.get("about") if isinstance(data, dict) else None
    level = LEVEL_OF_ABOUT.get(about) if isinstance(about, str) else None
    criteria = survey_criteria(index, level) if level else None
    questionnaire = build_questionnaire(data, report, criteria=criteria)
    if questionnaire.code and questionnaire.code != path.stem:
        report(("code",), f"mã phiếu '{questionnaire.code}' phải trùng tên tệp ('{path.stem}').")
    report.raise_if_any()
    return questionnaire


def survey_criteria(index: dict, level: str) -> set[str]:
    """Codes of the criteria of one index level that take their points from the survey."""
    return {
        criterion["code"]
        for field in index["levels"][level]["fields"]
        for criterion in field["criteria"]
        if criterion.get("source") == "survey"
    }


def load_index_model(model: str) -> dict:
    """config/index/<model>.yaml, checked by parse_index."""
    path = CONFIG_DIR / "index" / f"{model}.yaml"
    return parse_index(path.read_text(encoding="utf-8"), f"index/{path.name}")


def parse_index(text: str, filename: str) -> dict:
    """An index model: points add up, survey weights sum to 1 over the level's groups, classes descend."""
    data, report = parse_yaml(text, filename)
    if not isinstance(data, dict):
        report((), "tệp phải mô tả một mô hình chỉ số (model, levels, classes).")
        raise DefinitionError(report.problems)
    check_keys(data, (), ({"model", "levels", "classes"}, {"title", "is_example", "notes"}), report)
    _check_levels(data.get("levels"), report)
    schemes = data.get("classes")
    if not isinstance(schemes, dict):
        report(("classes",), "cần các cách xếp loại, ví dụ national và local.")
        schemes = {}
    for scheme, classes in schemes.items():
        _check_classes(classes, ("classes", scheme), report)
    report.raise_if_any()
    return data


def _check_levels(given: object, report: _Collector) -> None:
    """Both levels, province and ministry, each checked."""
    levels = given if isinstance(given, dict) else {}
    for name in ("province", "ministry"):
        if name not in levels:
            report(("levels",), f"thiếu cấp '{name}'.")
    for name, level in levels.items():
        _check_level(level, ("levels", name), report)


_LEVEL: tuple[set[str], set[str]] = ({"name", "max_points", "survey_points", "groups", "fields"}, set())
_FIELD: tuple[set[str], set[str]] = ({"code", "name", "max_points", "criteria"}, set())
_CRITERION = ({"code", "name", "max_points"}, {"source", "weights"})
_CLASS = ({"code", "name", "min_index"}, {"min_field"})
_TOLERANCE = 1e-6


def _points(item: dict, path: Path, report: _Collector) -> float:
    value = item.get("max_points")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        report(path + ("max_points",), f"điểm tối đa '{value}' phải là một số dương.")
        return 0.0
    return float(value)


def _check_level(level: object, path: Path, report: _Collector) -> None:
    if not isinstance(level, dict):
        report(path, "mỗi cấp cần name, max_points, survey_points, groups, fields.")
        return
    check_keys(level, path, _LEVEL, report)
    groups = set(level.get("groups") or {})
    given = level.get("fields")
    fields = given if isinstance(given, list) else []
    codes: set[str] = set()
    total = survey = 0.0
    for i, field in enumerate(fields):
        field_total, field_survey = _check_field(field, path + ("fields", i), groups, codes, report)
        total, survey = total + field_total, survey + field_survey
    if abs(total - _points(level, path, report)) > _TOLERANCE:
        report(path + ("max_points",), f"tổng điểm các lĩnh vực là {total:g}, khác {level.get('max_points')}.")
    if abs(survey - float(level.get("survey_points") or 0)) > _TOLERANCE:
        message = f"tổng điểm các tiêu chí khảo sát là {survey:g}, khác {level.get('survey_points')}."
        report(path + ("survey_points",), message)


def _check_field(field: object, path: Path, groups: set, codes: set, report: _Collector) -> tuple[float, float]:
    if not isinstance(field, dict):
        report(path, "mỗi lĩnh vực cần code, name, max_points, criteria.")
        return 0.0, 0.0
    check_keys(field, path, _FIELD, report)
    total = survey = 0.0
    for j, criterion in enumerate(field.get("criteria") or []):
        points, is_survey = _check_criterion(criterion, path + ("criteria", j), groups, codes, report)
        total, survey = total + points, survey + (points if is_survey else 0.0)
    if abs(total - _points(field, path, report)) > _TOLERANCE:
        report(path + ("max_points",), f"tổng điểm các tiêu chí là {total:g}, khác {field.get('max_points')}.")
    return total, survey


def _check_criterion(criterion: object, path: Path, groups: set, codes: set, report: _Collector) -> tuple[float, bool]:
    """(its points, whether the survey gives them); 0 points for a criterion that is not a mapping."""
    if not isinstance(criterion, dict):
        report(path, "mỗi tiêu chí cần code, name, max_points.")
        return 0.0, False
    check_keys(criterion, path, _CRITERION, report)
    if criterion.get("code") in codes:
        report(path + ("code",), f"mã tiêu chí '{criterion.get('code')}' đã dùng ở cấp này.")
    codes.add(criterion.get("code"))
    points = _points(criterion, path, report)
    return points, _check_source(criterion, path, groups, report)


def _check_source(criterion: dict, path: Path, groups: set, report: _Collector) -> bool:
    """True for a survey criterion; its weights must name the level's groups and sum to 1."""
    source = criterion.get("source", "appraisal")
    if source not in ("appraisal", "survey"):
        report(path + ("source",), f"nguồn điểm '{source}' không hợp lệ; dùng 'appraisal' hoặc 'survey'.")
    weights = criterion.get("weights")
    if source != "survey":
        if weights is not None:
            report(path + ("weights",), "chỉ tiêu chí lấy điểm từ khảo sát (source: survey) mới có trọng số.")
        return False
    if not isinstance(weights, dict) or not weights:
        report(path + ("weights",), "tiêu chí khảo sát cần trọng số theo nhóm đối tượng.")
        return True
    _check_weights(weights, path, groups, report)
    return True


def _check_weights(weights: dict, path: Path, groups: set, report: _Collector) -> None:
    """Each a positive number for one of the level's groups; together 1."""
    for group, weight in weights.items():
        if group not in groups:
            report(path + ("weights", group), f"nhóm '{group}' không thuộc các nhóm của cấp này.")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            report(path + ("weights", group), f"trọng số '{weight}' phải là một số dương.")
    total = sum(w for w in weights.values() if isinstance(w, (int, float)))
    if abs(total - 1) > _TOLERANCE:
        report(path + ("weights",), f"tổng trọng số là {total:g}, phải bằng 1.")


def _check_classes(classes: object, path: Path, report: _Collector) -> None:
    previous = 101.0
    for i, item in enumerate(classes if isinstance(classes, list) else []):
        if not isinstance(item, dict):
            report(path + (i,), "mỗi loại cần code, name, min_index.")
            continue
        check_keys(item, path + (i,), _CLASS, report)
        low = item.get("min_index")
        if not isinstance(low, (int, float)) or not 0 <= low < previous:
            report(path + (i, "min_index"), "ngưỡng phải từ 0 đến 100, giảm dần từ loại cao nhất.")
            continue
        previous = low
