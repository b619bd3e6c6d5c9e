"""What a computation reads, as plain data, and the hash that identifies it."""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from survey_app.scoring.model import IndexModel


@dataclass(frozen=True)
class Unit:
    """An evaluated unit: a province or a ministry."""

    code: str
    level: str
    name: str


class Ballot(NamedTuple):
    """One submitted invitation: who issued it, whom it is about, the group, and its valid answer scores.

    A named tuple, not a dataclass: 60,000 of them are made per computation and a frozen dataclass's
    constructor cost as much as reading the answers."""

    invitation_id: int
    #: The code of the locality whose list issued it.
    issuer: str
    #: The code of the evaluated unit.
    unit: str
    group: str
    #: Criterion code → the scores of the valid answers ("don't know" left out) to its questions.
    scores: Mapping[str, Sequence[float]]


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
    #: A digest of the stored answers the ballots were made from (with the questionnaire checksums that score
    #: them); when given, the input hash uses it instead of encoding every ballot's scores (4 s at 60,000).
    answers_digest: str | None = None


def input_hash(data: ScoringInput) -> str:
    """SHA-256 over the model checksum, the units, the answers (or every ballot's scores), the voids and the
    appraisal points."""
    digest = hashlib.sha256(data.model.checksum.encode())
    digest.update(_canonical([[u.code, u.level] for u in sorted(data.units, key=lambda u: u.code)]))
    digest.update((data.answers_digest or ballots_digest(data.ballots)).encode())
    digest.update(_canonical([sorted(data.voids.invitations), sorted(data.voids.localities)]))
    digest.update(_canonical(sorted([*key, value] for key, value in data.appraisal.items())))
    return digest.hexdigest()


def ballots_digest(ballots: tuple[Ballot, ...]) -> str:
    """SHA-256 over every ballot's identity and scores, in invitation order."""
    rows = [[b.invitation_id, b.issuer, b.unit, b.group, sorted((c, list(v)) for c, v in b.scores.items())]
            for b in sorted(ballots, key=lambda b: b.invitation_id)]
    return hashlib.sha256(_canonical(rows)).hexdigest()


def _canonical(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
