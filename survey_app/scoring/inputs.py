"""What a computation reads, as plain data, and the hash that identifies it."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from survey_app.scoring.model import IndexModel


@dataclass(frozen=True)
class Unit:
    """An evaluated unit: a province or a ministry."""

    code: str
    level: str
    name: str


@dataclass(frozen=True)
class Ballot:
    """One submitted invitation: who issued it, whom it is about, the group, and its valid answer scores."""

    invitation_id: int
    #: The code of the locality whose list issued it.
    issuer: str
    #: The code of the evaluated unit.
    unit: str
    group: str
    #: Criterion code → the scores of the valid answers ("don't know" left out) to its questions.
    scores: Mapping[str, tuple[float, ...]]


@dataclass(frozen=True)
class Voids:
    """What is void: single invitations, and whole localities (every invitation their list issued)."""

    invitations: frozenset[int] = frozenset()
    localities: frozenset[str] = frozenset()

    def union(self, other: "Voids") -> "Voids":
        """Both sets of voids together (a preview adds a hypothetical void to the active ones)."""
        return Voids(self.invitations | other.invitations, self.localities | other.localities)

    def excludes(self, ballot: Ballot) -> bool:
        """Whether a ballot no longer counts."""
        return ballot.invitation_id in self.invitations or ballot.issuer in self.localities


@dataclass(frozen=True)
class ScoringInput:
    model: IndexModel
    units: tuple[Unit, ...]
    ballots: tuple[Ballot, ...]
    voids: Voids = field(default_factory=Voids)
    #: (unit code, criterion code) → appraised points, for the non-survey criteria.
    appraisal: Mapping[tuple[str, str], float] = field(default_factory=dict)


def input_hash(data: ScoringInput) -> str:
    """SHA-256 over the model checksum, the units, every ballot's scores, the voids and the appraisal points."""
    digest = hashlib.sha256(data.model.checksum.encode())
    digest.update(_canonical([[u.code, u.level] for u in sorted(data.units, key=lambda u: u.code)]))
    for ballot in sorted(data.ballots, key=lambda b: b.invitation_id):
        digest.update(_canonical([ballot.invitation_id, ballot.issuer, ballot.unit, ballot.group,
                                  sorted(ballot.scores.items())]))
    digest.update(_canonical([sorted(data.voids.invitations), sorted(data.voids.localities)]))
    digest.update(_canonical(sorted([*key, value] for key, value in data.appraisal.items())))
    return digest.hexdigest()


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
