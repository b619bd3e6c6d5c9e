"""Plain records for detector tests: an honest locality with varied answers, office addresses and spread times."""

from datetime import UTC, datetime, timedelta

import numpy as np

from survey_app.integrity.records import Record

START = datetime(2025, 11, 3, 1, 0, tzinfo=UTC)
QUESTIONS = 20


def sheet(rng: np.random.Generator, level: float = 0.0) -> dict[str, str]:
    """Varied answers on a four-option scale, leaning with the person's level."""
    latent = level + rng.logistic(0, 1, QUESTIONS)
    return {f"q{n + 1}": str(int(np.searchsorted([-1.0, 0.0, 1.0], x)) + 1) for n, x in enumerate(latent)}


def record(number: int | str, *, at: datetime, answers: dict, locality: str = "01", device: str | None = None,
           ip: str | None = None, seconds: float = 600.0) -> Record:
    return Record(response_id=number, locality=locality, group="HDND", questionnaire="TINH_HDND",
                  opened_at=at - timedelta(seconds=seconds), submitted_at=at, active_seconds=seconds, ip=ip,
                  network=None if ip is None else ".".join(ip.split(".")[:3]) + ".0/24",
                  device=device or f"d-{number}", answers=answers)


def honest(size: int = 300, *, seed: int = 1, locality: str = "01", offices: int = 10) -> list[Record]:
    """An honest locality: people answer over three weeks from their office's one address, varied answers."""
    rng = np.random.default_rng(seed)
    return [record(f"{locality}-{n}", locality=locality, answers=sheet(rng, float(rng.normal(0.3, 0.8))),
                   at=START + timedelta(days=int(rng.integers(0, 21)), hours=float(rng.uniform(0.5, 9.5))),
                   ip=f"100.{int(locality)}.{n % offices}.1") for n in range(size)]


def serious(result: dict, rule: str | None = None) -> list[dict]:
    """The medium and high flags of an analysis (of one rule, if given)."""
    return [flag for flag in result["flags"]
            if flag["severity"] in ("medium", "high") and rule in (None, flag["rule"])]
