"""What a flag's page shows: the cluster's sheets with neutral labels, its timeline against the locality's, how
alike the sheets are, and the locality's answers against the nation's. Hashes never leave this module."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from survey_app.campaigns.models import Questionnaire
from survey_app.core.clock import local
from survey_app.core.db import db
from survey_app.integrity.models import IntegrityFlag
from survey_app.invitations.models import Invitation
from survey_app.questionnaires.definition import from_dict
from survey_app.responses.models import Response, ResponseStatus

#: The similarity map shows at most this many sheets (the first ones by invitation id).
MAP_SHEETS = 25
#: The nation's answer shares are read from about this many sheets (evenly spread by id) when there are more.
NATION_SAMPLE = 3000
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class Sheet:
    """One sheet of the cluster as a reviewer sees it: labels, never the hashes."""

    invitation_id: int
    group: str
    submitted_at: datetime | None
    active_seconds: int
    device: str
    network: str
    answers: dict
    questionnaire_id: int
    is_void: bool


def neutral_labels(values: list[str | None], word: str, *, letters: bool) -> list[str]:
    """Short labels in order of first appearance ("Thiết bị A", "Mạng 1"); "—" where nothing was recorded."""
    order: dict[str, str] = {}
    for value in values:
        if value and value not in order:
            n = len(order)
            order[value] = f"{word} {LETTERS[n % 26] * (n // 26 + 1) if letters else n + 1}"
    return [order.get(value, "—") if value else "—" for value in values]


def cluster_sheets(flag: IntegrityFlag) -> list[Sheet]:
    """The flag's sheets, in invitation order, with their devices and networks as neutral labels."""
    ids = [int(i) for i in flag.invitation_ids if str(i).isdigit()]
    rows = list(db.session.execute(
        select(Invitation.id, Invitation.group_code, Response.submitted_at, Response.active_seconds,
               Response.device_hash, Response.ip_prefix_hash, Response.answers, Invitation.questionnaire_id,
               Invitation.is_void)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.campaign_id == flag.campaign_id, Invitation.id.in_(ids)).order_by(Invitation.id)))
    devices = neutral_labels([row[4] for row in rows], "Thiết bị", letters=True)
    networks = neutral_labels([row[5] for row in rows], "Mạng", letters=False)
    return [Sheet(row[0], row[1], row[2], row[3] or 0, device, network, row[6] or {}, row[7], row[8])
            for row, device, network in zip(rows, devices, networks, strict=True)]


def similarity(sheets: list[Sheet]) -> tuple[list[str], list[list[float | None]]]:
    """Percent of questions both answered with the same option, for each pair of the first sheets."""
    shown = sheets[:MAP_SHEETS]
    labels = [f"Phiếu {sheet.invitation_id}" for sheet in shown]
    return labels, [[_match(a.answers, b.answers) for b in shown] for a in shown]


def _match(a: dict, b: dict) -> float | None:
    both = [code for code in a if a[code] not in (None, "") and b.get(code) not in (None, "")]
    return round(100 * sum(a[code] == b[code] for code in both) / len(both), 1) if both else None


def timeline(flag: IntegrityFlag, sheets: list[Sheet]) -> dict:
    """Submissions per hour (a short span) or per day: the cluster's against the whole locality's."""
    times: list[datetime] = list(db.session.scalars(
        select(Response.submitted_at).join(Invitation, Invitation.id == Response.invitation_id)
        .where(Invitation.campaign_id == flag.campaign_id, Invitation.locality_id == flag.locality_id,
               Response.submitted_at.is_not(None))))
    if not times:
        return {"x": [], "series": [], "unit": "ngày"}
    hourly = max(times) - min(times) <= timedelta(days=2)
    step = timedelta(hours=1) if hourly else timedelta(days=1)
    sent = [sheet.submitted_at for sheet in sheets if sheet.submitted_at is not None]
    everyone, cluster = _buckets(times, hourly), _buckets(sent, hourly)
    x = _range(min(everyone), max(everyone), step)
    return {"x": x, "unit": "giờ" if hourly else "ngày", "series": [
        {"name": "Cả địa phương", "values": [everyone.get(at, 0) for at in x], "kind": "line", "css": "s0"},
        {"name": "Các phiếu bị cảnh báo", "values": [cluster.get(at, 0) for at in x], "kind": "bars", "css": "s5"}]}


def _buckets(times: list[datetime], hourly: bool) -> Counter:
    def start(at: datetime) -> datetime:
        at = local(at).replace(minute=0, second=0, microsecond=0)
        return at if hourly else at.replace(hour=0)
    return Counter(start(at) for at in times)


def _range(lo: datetime, hi: datetime, step: timedelta) -> list[datetime]:
    found: list[datetime] = []
    at = lo
    while at <= hi and len(found) < 400:
        found.append(at)
        at = local(at + step)
    return found


def answer_shares(flag: IntegrityFlag, sheets: list[Sheet]) -> dict:
    """The locality's share of each option (all questions of the cluster's main questionnaire) against the
    nation's (from an evenly spread sample of about NATION_SAMPLE sheets when there are more)."""
    main = Counter(sheet.questionnaire_id for sheet in sheets).most_common(1)
    if not main:
        return {"title": "", "items": []}
    questionnaire = db.session.get(Questionnaire, main[0][0])
    if questionnaire is None:
        return {"title": "", "items": []}
    here = _option_counts(questionnaire.id, Invitation.locality_id == flag.locality_id)
    total = db.session.scalar(select(func.count()).select_from(Response).join(Invitation).where(
        Invitation.questionnaire_id == questionnaire.id, Response.status == ResponseStatus.SUBMITTED)) or 0
    nation = _option_counts(questionnaire.id, Response.id % max(1, total // NATION_SAMPLE) == 0)
    labels = _option_labels(questionnaire)
    total_here, total_nation = sum(here.values()) or 1, sum(nation.values()) or 1
    items = [{"label": labels.get(value, value), "value": round(100 * here[value] / total_here, 1),
              "mark": round(100 * nation[value] / total_nation, 1)} for value, _ in nation.most_common(12)]
    return {"title": questionnaire.title, "items": items}


def _option_counts(questionnaire_id: int, condition) -> Counter:
    counts: Counter = Counter()
    for answers in db.session.scalars(
            select(Response.answers).join(Invitation, Invitation.id == Response.invitation_id)
            .where(Invitation.questionnaire_id == questionnaire_id, Response.status == ResponseStatus.SUBMITTED,
                   condition)):
        counts.update(v for v in (answers or {}).values() if isinstance(v, str) and v)
    return counts


def _option_labels(questionnaire: Questionnaire) -> dict[str, str]:
    labels: dict[str, str] = {}
    for question in from_dict(questionnaire.definition).questions():
        for option in question.options:
            labels.setdefault(option.value, option.label)
    return labels


def evidence_rows(evidence: dict) -> list[tuple[str, object, object]]:
    """(figure, observed, expected by chance) for every figure of the evidence that has an expected value,
    then the other plain figures with no expected value."""
    plain = {k: v for k, v in evidence.items() if _shown(v) and k != "summary"}
    paired = [(k, v, plain[f"expected_{k}"]) for k, v in plain.items() if f"expected_{k}" in plain]
    used = {k for k, _, _ in paired} | {f"expected_{k}" for k, _, _ in paired}
    return paired + [(k, v, None) for k, v in plain.items() if k not in used]


def _shown(value: object) -> bool:
    """Numbers and short words; never an identifier (a hash, a cluster key)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    if isinstance(value, str):
        return len(value) <= 40 and not re.fullmatch(r"[0-9a-f:]{16,}", value) and ":" not in value
    return True
