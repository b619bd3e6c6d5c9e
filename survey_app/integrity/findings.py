"""What a detector reports: a cluster of responses, how unlikely it is by chance, and the evidence."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Finding:
    """One tested cluster (before the false-discovery control turns p-values into severities)."""

    rule: str
    locality: str
    #: Identifies the cluster from one scan to the next (e.g. "device:<hash>").
    cluster: str
    response_ids: tuple[int | str, ...]
    #: Probability of evidence at least this strong if the responses were honest (already corrected for the
    #: number of windows or pairs looked at inside the cluster).
    p_value: float
    #: The highest severity this rule may ever give ("low" for signals that honest people also show).
    cap: str = "high"
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Report:
    """A detector's output: its findings and how many tests it made (the denominator of the FDR control)."""

    tests: int = 0
    findings: list[Finding] = field(default_factory=list)
