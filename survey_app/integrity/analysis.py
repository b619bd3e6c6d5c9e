"""The detection engine: run every registered detector, control the false-discovery rate across all their
tests, grade each finding into a flag with a severity, and give each locality a risk in [0, 1]."""

from collections.abc import Iterable, Mapping
from typing import Any

from survey_app.integrity.context import build_context
from survey_app.integrity.detectors import REGISTRY
from survey_app.integrity.findings import Finding
from survey_app.integrity.records import Record
from survey_app.integrity.stats import benjamini_hochberg

#: q-value (false-discovery rate) at or under which a finding becomes a flag of that severity.
SEVERITY_Q = (("high", 1e-4), ("medium", 1e-2), ("low", 5e-2))
LEVELS = {"low": 1, "medium": 2, "high": 3}
RISK_WEIGHT = {"low": 0.1, "medium": 0.5, "high": 0.9}


def analyze(records: Iterable[Record], *, dont_know: Mapping[str, set[str]] | None = None,
            favourable: Mapping[str, set[str]] | None = None) -> dict[str, Any]:
    """Flags and locality risks for one campaign's records (same input → same output, byte for byte)."""
    context = build_context(list(records))
    findings: list[Finding] = []
    tests = 0
    for detector in REGISTRY.values():
        report = detector(context)
        tests += report.tests
        findings += report.findings
    flags = _grade(findings, tests)
    return {"flags": flags, "localities": _risks(context.by_locality, flags)}


def _grade(findings: list[Finding], tests: int) -> list[dict[str, Any]]:
    q_values = benjamini_hochberg([finding.p_value for finding in findings], tests)
    flags = [_flag(finding, q) for finding, q in zip(findings, q_values, strict=True)]
    kept = [flag for flag in flags if flag is not None]
    return sorted(kept, key=lambda flag: (-LEVELS[flag["severity"]], flag["locality"], flag["rule"], flag["cluster"]))


def _flag(finding: Finding, q: float) -> dict[str, Any] | None:
    severity = next((name for name, limit in SEVERITY_Q if q <= limit), None)
    if severity is None:
        return None
    if LEVELS[severity] > LEVELS[finding.cap]:
        severity = finding.cap
    return {"rule": finding.rule, "locality": finding.locality, "severity": severity,
            "response_ids": list(finding.response_ids), "evidence": {**finding.evidence, "q_value": q},
            "cluster": finding.cluster}


def _risks(localities: Mapping[str, list[Record]], flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Risk = 1 − Π(1 − weight of each flag's severity): several independent flags add up, never past 1."""
    clean = {code: 1.0 for code in localities}
    for flag in flags:
        clean[flag["locality"]] *= 1 - RISK_WEIGHT[flag["severity"]]
    return [{"code": code, "risk": round(1 - clean[code], 4)} for code in sorted(clean)]
