"""One person answering for several colleagues on one device: more people on the device than the campaign's own
rate of shared computers explains, sent close together, with answers more alike than chance."""

from collections import Counter, defaultdict

from survey_app.integrity.context import Context
from survey_app.integrity.detectors.common import burst_of, cap_for, ids_of, similarity_of, timed
from survey_app.integrity.findings import Finding, Report
from survey_app.integrity.records import Record
from survey_app.integrity.similarity import Similarity
from survey_app.integrity.stats import fisher_combined, poisson_tail

RULE = "shared_device"
#: A neighbour's computer lends itself to one colleague now and then: two people on a device stay "low"; three
#: or four go past it only when sent close together (burst p ≤ CLOSE_P) with answers more alike than chance, or
#: four within a tight burst (p ≤ TIGHT_BURST_P); from MANY_PEOPLE on, the count alone may give any severity.
FEW_PEOPLE, MANY_PEOPLE, CLOSE_P, TIGHT_BURST_P = 2, 5, 1e-2, 1e-4
#: The evidence's p-values that are combined (those present: a burst needs two timed sheets, the answers three
#: people).
SIGNALS = ("people_p_value", "burst_p_value", "similarity_p_value")


def people_on(records: list[Record]) -> int:
    """The fewest people who can have sent these sheets: one person answers each questionnaire once."""
    if len(records) == 1:
        return 1
    return max(Counter(record.questionnaire for record in records).values())


def detect_shared_device(context: Context) -> Report:
    """Devices whose number of people, timing and sameness of answers together are improbable by chance."""
    devices: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in context.records:
        if record.device:
            devices[(record.locality, record.device)].append(record)
    people = {key: people_on(found) for key, found in devices.items()}
    rate = (sum(1 for count in people.values() if count >= 2) + 1) / (len(people) + 1)
    report = Report(tests=len(people))
    for (locality, device), found in sorted(devices.items()):
        if people[(locality, device)] >= 2:
            report.findings.append(_finding(context, locality, device, found, rate))
    return report


def _finding(context: Context, locality: str, device: str, found: list[Record], rate: float) -> Finding:
    people = people_on(found)
    p_people = poisson_tail(people - 1, rate)
    evidence = {"people": people, "expected_people": round(1 + rate, 3), "people_p_value": p_people}
    sent = timed(found)
    if len(sent) >= 2:
        evidence |= burst_of(context, sent).evidence()
    similarity = Similarity(0.0, 0.0, 1.0)
    if people > FEW_PEOPLE:
        similarity = similarity_of(context, found, f"device:{device}")
        evidence |= similarity.evidence()
    p_value = fisher_combined([evidence[key] for key in SIGNALS if key in evidence])
    return Finding(rule=RULE, locality=locality, cluster=f"device:{device}", response_ids=ids_of(found),
                   p_value=p_value, cap=_cap(people, similarity, evidence.get("burst_p_value", 1.0)),
                   evidence={**evidence, "p_value": p_value, "summary": _summary(people, rate, evidence)})


def _cap(people: int, similarity: Similarity, burst_p: float) -> str:
    if people <= FEW_PEOPLE:
        return "low"
    if people >= MANY_PEOPLE:
        return "high"
    cap = cap_for(similarity) if burst_p <= CLOSE_P else "low"
    return "medium" if cap == "low" and people == MANY_PEOPLE - 1 and burst_p <= TIGHT_BURST_P else cap


def _summary(people: int, rate: float, evidence: dict) -> str:
    text = (f"Một thiết bị đã gửi phiếu của ít nhất {people} người; trong kỳ khảo sát này một thiết bị "
            f"trung bình có {1 + rate:.2f} người dùng.")
    if "in_window" in evidence:
        text += f" {evidence['in_window']} phiếu được gửi trong vòng {evidence['window_minutes']} phút."
    if "match_share" not in evidence:
        return text
    return text + (f" Tỷ lệ câu trả lời giống nhau giữa các phiếu là {evidence['match_share']:.0%}, "
                   f"ngẫu nhiên chỉ khoảng {evidence['expected_match_share']:.0%}.")
