"""The checks of an index model's levels, fields, criteria and classes (config/index/<model>.yaml).

loader.parse_index reads the file and calls them; each reports every problem it finds and stops at none.
"""

from survey_app.questionnaires.schema import Path, Report, check_keys

_LEVEL: tuple[set[str], set[str]] = ({"name", "max_points", "survey_points", "groups", "fields"}, set())
_FIELD: tuple[set[str], set[str]] = ({"code", "name", "max_points", "criteria"}, set())
_CRITERION = ({"code", "name", "max_points"}, {"source", "weights"})
_CLASS = ({"code", "name", "min_index"}, {"min_field"})
_TOLERANCE = 1e-6


def _points(item: dict, path: Path, report: Report) -> float:
    value = item.get("max_points")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        report(path + ("max_points",), f"điểm tối đa '{value}' phải là một số dương.")
        return 0.0
    return float(value)


def check_level(level: object, path: Path, report: Report) -> None:
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


def _check_field(field: object, path: Path, groups: set, codes: set, report: Report) -> tuple[float, float]:
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


def _check_criterion(criterion: object, path: Path, groups: set, codes: set, report: Report) -> tuple[float, bool]:
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


def _check_source(criterion: dict, path: Path, groups: set, report: Report) -> bool:
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


def _check_weights(weights: dict, path: Path, groups: set, report: Report) -> None:
    """Each a positive number for one of the level's groups; together 1."""
    for group, weight in weights.items():
        if group not in groups:
            report(path + ("weights", group), f"nhóm '{group}' không thuộc các nhóm của cấp này.")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            report(path + ("weights", group), f"trọng số '{weight}' phải là một số dương.")
    total = sum(w for w in weights.values() if isinstance(w, (int, float)))
    if abs(total - 1) > _TOLERANCE:
        report(path + ("weights",), f"tổng trọng số là {total:g}, phải bằng 1.")


def check_classes(classes: object, path: Path, report: Report) -> None:
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
