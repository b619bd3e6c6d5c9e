"""Load questionnaires and index models from YAML, naming the file, line and path of every problem."""

from pathlib import Path as FilePath
from typing import NamedTuple

import yaml

from survey_app.questionnaires.coverage import LEVEL_OF_ABOUT, uncovered_criteria
from survey_app.questionnaires.definition import Questionnaire
from survey_app.questionnaires.index_checks import check_classes, check_level
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
        check_classes(classes, ("classes", scheme), report)
    report.raise_if_any()
    return data


def _check_levels(given: object, report: _Collector) -> None:
    """Both levels, province and ministry, each checked."""
    levels = given if isinstance(given, dict) else {}
    for name in ("province", "ministry"):
        if name not in levels:
            report(("levels",), f"thiếu cấp '{name}'.")
    for name, level in levels.items():
        check_level(level, ("levels", name), report)
