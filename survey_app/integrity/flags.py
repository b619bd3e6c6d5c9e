"""Flags on the live database: what a scan found, kept from one scan to the next, and people's decisions.

A flag is identified by its campaign, rule and cluster. A re-scan with the same evidence changes nothing; new
evidence for a cluster updates its flag and marks it (`has_new_evidence`), and a flag a person dismissed or
confirmed stays decided. Nothing a scan no longer finds is deleted.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, NotFound
from survey_app.integrity.models import FlagStatus, IntegrityFlag
from survey_app.reference.models import Locality

CLUSTER_LENGTH = 200
DECISIONS = (FlagStatus.DISMISSED, FlagStatus.CONFIRMED)


@dataclass
class Saved:
    """What a scan did to the stored flags."""

    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0


def cluster_key(item: dict) -> str:
    """The cluster as stored: its locality and the detector's cluster (one device may answer in two
    localities: two flags; a finding without a cluster is keyed by its responses), or a digest of them when
    longer than the column."""
    cluster = item.get("cluster") or "ids:" + ",".join(sorted(map(str, item["response_ids"])))
    key = f"{item['locality']}/{cluster}"
    if len(key) <= CLUSTER_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _plain(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples become lists), so comparisons are fair."""
    return json.loads(json.dumps(value, default=str))


def save_flags(campaign: Campaign, found: list[dict], *, actor) -> Saved:
    """Store an analysis' flags: add the new clusters, update the changed ones, leave the rest."""
    localities = dict(db.session.execute(select(Locality.code, Locality.id)).all())
    stored = {(flag.rule, flag.cluster): flag for flag in list_flags(campaign.id)}
    saved = Saved()
    for item in found:
        flag = stored.get((item["rule"], cluster_key(item)))
        if flag is None:
            saved.new.append(_add(campaign, item, localities[item["locality"]]).id)
        elif _update(flag, item, actor=actor):
            saved.updated.append(flag.id)
        else:
            saved.unchanged += 1
    return saved


def _state(item: dict) -> dict:
    return {"severity": item["severity"], "invitation_ids": sorted(_plain(item["response_ids"]), key=str),
            "evidence": _plain(item["evidence"])}


def _add(campaign: Campaign, item: dict, locality_id: int) -> IntegrityFlag:
    flag = IntegrityFlag(campaign_id=campaign.id, locality_id=locality_id, rule=item["rule"],
                         cluster=cluster_key(item), status=FlagStatus.OPEN,
                         has_new_evidence=False, **_state(item))
    db.session.add(flag)
    db.session.flush()
    return flag


def _update(flag: IntegrityFlag, item: dict, *, actor) -> bool:
    """Take the scan's figures; when the cluster grew or its severity moved, say so on the flag and in the log.

    Figures alone (a q-value moves whenever anything in the campaign changes) are refreshed silently."""
    state = _state(item)
    if state["evidence"] != flag.evidence:
        flag.evidence = state["evidence"]
    if (flag.severity, flag.invitation_ids) == (state["severity"], state["invitation_ids"]):
        return False
    added = sorted(set(state["invitation_ids"]) - set(flag.invitation_ids), key=str)
    audit.record("integrity.flag_update", flag, actor=actor, details={
        "severity_before": flag.severity, "severity": state["severity"], "invitations_added": added,
        "invitations_before": len(flag.invitation_ids), "status": flag.status})
    flag.severity, flag.invitation_ids = state["severity"], state["invitation_ids"]
    flag.updated_at, flag.has_new_evidence = utcnow(), True
    return True


def list_flags(campaign_id: int, *, severity: str | None = None, status: str | None = None,
               locality_id: int | None = None, rule: str | None = None) -> list[IntegrityFlag]:
    """The campaign's flags, most severe first, filtered by whatever is given."""
    query = select(IntegrityFlag).where(IntegrityFlag.campaign_id == campaign_id)
    for column, value in ((IntegrityFlag.severity, severity), (IntegrityFlag.status, status),
                          (IntegrityFlag.locality_id, locality_id), (IntegrityFlag.rule, rule)):
        if value is not None:
            query = query.where(column == value)
    flags = db.session.scalars(query.order_by(IntegrityFlag.id))
    return sorted(flags, key=lambda flag: (-LEVEL[flag.severity], flag.id))


LEVEL = {"low": 1, "medium": 2, "high": 3}


def get_flag(campaign_id: int, flag_id: int) -> IntegrityFlag:
    flag = db.session.get(IntegrityFlag, flag_id)
    if flag is None or flag.campaign_id != campaign_id:
        raise NotFound("Không tìm thấy cảnh báo này.")
    return flag


def review_flag(flag: IntegrityFlag, *, decision: str, reason: str, actor) -> IntegrityFlag:
    """A MOHA admin dismisses or confirms a flag, with a reason; audited. A later decision replaces it."""
    if decision not in DECISIONS:
        raise InvalidInput("Quyết định phải là 'dismissed' (bỏ qua) hoặc 'confirmed' (xác nhận).", errors=[
            {"field": "decision", "message": f"'{decision}' không hợp lệ; dùng dismissed hoặc confirmed."}])
    reason = check_reason(reason)
    before, actor_id = flag.status, actor.id  # read first: a lazy load would flush a half-made decision
    flag.status, flag.decision_reason = decision, reason
    flag.decided_by_id, flag.decided_at, flag.has_new_evidence = actor_id, utcnow(), False
    audit.record("integrity.flag_review", flag, actor=actor, details={
        "decision": decision, "before": before, "reason": reason, "rule": flag.rule})
    return flag


def check_reason(reason: object, *, field_name: str = "reason") -> str:
    """A reason is required (a sentence a later reader can follow), at most 2000 characters."""
    text = reason.strip() if isinstance(reason, str) else ""
    if len(text) < 5 or len(text) > 2000:
        raise InvalidInput("Cần ghi lý do (từ 5 đến 2000 ký tự).", errors=[
            {"field": field_name, "message": "Lý do để trống, quá ngắn hoặc quá dài (5–2000 ký tự)."}])
    return text
