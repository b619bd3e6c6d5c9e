"""Signals that honest people also show — the same answer to every question, answering very fast — counted per
locality against the campaign's own rate. Alone they never give more than a "low" flag."""

from collections import defaultdict
from collections.abc import Callable
from statistics import median

from survey_app.integrity.context import Context
from survey_app.integrity.detectors.common import ids_of
from survey_app.integrity.findings import Finding, Report
from survey_app.integrity.records import Record
from survey_app.integrity.stats import binomial_tail

#: A straight-lined sheet gives one answer to at least this many questions; a fast one takes under a third of
#: its questionnaire's median time (relative speed above 3).
MIN_ANSWERS, RELATIVE_SPEED = 8, 3.0


def is_straight_lined(record: Record) -> bool:
    """Every answered question has the same option (a sheet with few answers says nothing)."""
    given = [value for value in record.answers.values() if value is not None]
    return len(given) >= MIN_ANSWERS and len(set(given)) == 1


def detect_straight_lining(context: Context) -> Report:
    """Localities with more straight-lined sheets than the campaign's rate explains ("low" at most)."""
    return _excess(context, "straight_lining", is_straight_lined, "trả lời cùng một phương án cho mọi câu")


def detect_speeding(context: Context) -> Report:
    """Localities with more very fast sheets than the campaign's rate explains ("low" at most)."""
    medians = _median_seconds(context.records)
    fast = lambda r: bool(r.active_seconds) and medians[r.questionnaire] / r.active_seconds > RELATIVE_SPEED  # noqa: E731
    return _excess(context, "speeding", fast, f"nhanh hơn {RELATIVE_SPEED:.0f} lần thời gian trung vị")


def _median_seconds(records: list[Record]) -> dict[str, float]:
    seconds: dict[str, list[float]] = defaultdict(list)
    for record in records:
        if record.active_seconds:
            seconds[record.questionnaire].append(record.active_seconds)
    return defaultdict(float, {code: median(found) for code, found in seconds.items()})


def _excess(context: Context, rule: str, marked: Callable[[Record], bool], what: str) -> Report:
    hits = {code: [r for r in found if marked(r)] for code, found in context.by_locality.items()}
    total, count = len(context.records), sum(len(found) for found in hits.values())
    report = Report(tests=len(hits))
    for code, found in hits.items():
        size = len(context.by_locality[code])
        rate = (count - len(found) + 1) / (total - size + 1)
        if len(found) >= 3:
            p_value = binomial_tail(len(found), size, rate)
            report.findings.append(Finding(
                rule=rule, locality=code, cluster=f"{rule}:{code}", response_ids=ids_of(found), p_value=p_value,
                cap="low", evidence={"sheets": len(found), "expected_sheets": round(size * rate, 2),
                                     "p_value": p_value, "summary": f"{len(found)} phiếu {what}; theo tỷ lệ "
                                     f"chung của kỳ khảo sát chỉ khoảng {size * rate:.1f} phiếu."}))
    return report
