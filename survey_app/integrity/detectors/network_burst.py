"""A "meeting", or one person at one address: many submissions from one network in a short window (against the
locality's own rhythm), whose answers are more alike than random groups of the locality's sheets.

The window decides how unlikely the cluster is; the sameness of answers decides how severe its flag may be, so
an office behind one public address whose people answer differently is never more than "low".
"""

from collections import defaultdict

from survey_app.integrity.context import Context
from survey_app.integrity.detectors.common import burst_of, cap_for, ids_of, similarity_of, timed
from survey_app.integrity.findings import Finding, Report
from survey_app.integrity.records import Record
from survey_app.integrity.similarity import Similarity

RULE = "network_burst"
#: Fewer submissions than this in a window are no meeting; a window likelier than SCREEN_P by chance could not
#: survive the false-discovery control among thousands of networks, so its answers are not compared.
MIN_CLUSTER, SCREEN_P = 3, 1e-3


def network_of(record: Record) -> str | None:
    """The /24 network of the address when it is an IPv4 address, else the opaque address itself."""
    return record.network or record.ip


def detect_network_burst(context: Context) -> Report:
    """Networks with a window of submissions improbable under the locality's rhythm."""
    networks: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in context.records:
        network = network_of(record)
        if network and record.submitted_at:
            networks[(record.locality, network)].append(record)
    candidates = {key: timed(found) for key, found in sorted(networks.items()) if len(found) >= MIN_CLUSTER}
    report = Report(tests=len(candidates))
    for (locality, network), found in candidates.items():
        finding = _finding(context, locality, network, found)
        if finding is not None:
            report.findings.append(finding)
    return report


def _finding(context: Context, locality: str, network: str, found: list[Record]) -> Finding | None:
    burst = burst_of(context, found)
    if burst.count < MIN_CLUSTER or burst.p_value > SCREEN_P:
        return None
    members = found[burst.start:burst.start + burst.count]
    similarity = similarity_of(context, members, f"network:{network}:{burst.start}")
    # The day (UTC) names the cluster: a re-scan with later sheets finds the same window on the same day.
    when = min(r.submitted_at for r in members if r.submitted_at is not None).date().isoformat()
    evidence = {**burst.evidence(), **similarity.evidence(), "devices": len({r.device for r in members}),
                "p_value": burst.p_value, "summary": _summary(burst.count, burst.seconds, burst.expected, similarity)}
    return Finding(rule=RULE, locality=locality, cluster=f"network:{network}@{when}", response_ids=ids_of(members),
                   p_value=burst.p_value, cap=cap_for(similarity), evidence=evidence)


def _summary(count: int, seconds: float, expected: float, similarity: Similarity) -> str:
    return (f"{count} phiếu gửi từ cùng một mạng trong vòng {seconds / 60:.0f} phút, trong khi theo nhịp gửi "
            f"của địa phương chỉ khoảng {expected:.1f} phiếu. Tỷ lệ câu trả lời giống nhau giữa các phiếu là "
            f"{similarity.observed:.0%}, ngẫu nhiên khoảng {similarity.expected:.0%}.")
