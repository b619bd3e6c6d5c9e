"""One device answering for several people (first version: the count of people against the campaign's own
rate of shared computers)."""

from collections import Counter, defaultdict

from survey_app.integrity.context import Context
from survey_app.integrity.findings import Finding, Report
from survey_app.integrity.records import Record
from survey_app.integrity.stats import poisson_tail

RULE = "shared_device"


def people_on(records: list[Record]) -> int:
    """The fewest people who can have sent these sheets: one person answers each questionnaire once."""
    return max(Counter(record.questionnaire for record in records).values())


def detect_shared_device(context: Context) -> Report:
    """Devices whose number of people is improbable given how often devices are shared in this campaign."""
    devices: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in context.records:
        if record.device:
            devices[(record.locality, record.device)].append(record)
    people = {key: people_on(found) for key, found in devices.items()}
    shared = sum(1 for count in people.values() if count >= 2)
    rate = (shared + 1) / (len(people) + 1)
    report = Report(tests=len(people))
    for (locality, device), found in sorted(devices.items()):
        extra = people[(locality, device)] - 1
        if extra >= 2:
            report.findings.append(_finding(locality, device, found, extra, rate))
    return report


def _finding(locality: str, device: str, found: list[Record], extra: int, rate: float) -> Finding:
    p_value = poisson_tail(extra, rate)
    return Finding(
        rule=RULE, locality=locality, cluster=f"device:{device}",
        response_ids=tuple(sorted((record.response_id for record in found), key=str)), p_value=p_value,
        evidence={"people": extra + 1, "expected_people": round(1 + rate, 3), "p_value": p_value,
                  "summary": f"Một thiết bị đã gửi phiếu của ít nhất {extra + 1} người; "
                             f"trong kỳ khảo sát này một thiết bị trung bình có {1 + rate:.2f} người dùng."})
