"""Scanning the live database: the same detectors as `flask integrity analyze`, on the campaign's records."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.integrity.analysis import analyze
from survey_app.integrity.export import read_records
from survey_app.integrity.flags import Saved, save_flags
from survey_app.integrity.models import FlagStatus, IntegrityFlag, LocalityRisk
from survey_app.reference.models import Locality


@dataclass
class Scan:
    """One scan: the analysis as `analyze` gives it and what it did to the stored flags."""

    responses: int
    result: dict[str, Any]
    saved: Saved


def scan_campaign(campaign: Campaign, *, actor) -> Scan:
    """Analyse every submitted response of the campaign, store the flags and risks; audited when it matters."""
    records = read_records(campaign)
    result = analyze(records)
    saved = save_flags(campaign, result["flags"], actor=actor)
    save_risks(campaign, result["localities"])
    if not isinstance(actor, str) or saved.new or saved.updated:
        audit.record("integrity.scan", campaign, actor=actor, details={
            "responses": len(records), "flags": len(result["flags"]), "new": saved.new, "updated": saved.updated})
    return Scan(len(records), result, saved)


def save_risks(campaign: Campaign, risks: list[dict]) -> None:
    """Keep each locality's latest risk (one row per campaign and locality, updated in place)."""
    ids = dict(db.session.execute(select(Locality.code, Locality.id)).all())
    stored = {row.locality_id: row for row in db.session.scalars(
        select(LocalityRisk).where(LocalityRisk.campaign_id == campaign.id))}
    now = utcnow()
    for item in risks:
        row = stored.get(ids[item["code"]])
        if row is None:
            db.session.add(LocalityRisk(campaign_id=campaign.id, locality_id=ids[item["code"]],
                                        risk=float(item["risk"]), scanned_at=now))
        elif row.risk != float(item["risk"]):
            row.risk, row.scanned_at = float(item["risk"]), now
    db.session.flush()


def list_risks(campaign_id: int) -> list[dict]:
    """Every scanned locality, riskiest first: code, name, risk and number of open flags."""
    open_flags = dict(db.session.execute(
        select(IntegrityFlag.locality_id, func.count()).where(
            IntegrityFlag.campaign_id == campaign_id, IntegrityFlag.status == FlagStatus.OPEN)
        .group_by(IntegrityFlag.locality_id)).all())
    rows = db.session.execute(select(Locality.id, Locality.code, Locality.name, LocalityRisk.risk)
                              .join(LocalityRisk, LocalityRisk.locality_id == Locality.id)
                              .where(LocalityRisk.campaign_id == campaign_id))
    found = [{"code": code, "name": name, "risk": risk, "open_flags": int(open_flags.get(lid, 0))}
             for lid, code, name, risk in rows]
    return sorted(found, key=lambda row: (-row["risk"], -row["open_flags"], row["code"]))


def scan_surveying_campaigns() -> int:
    """The scheduled scan: every campaign still taking answers; the number scanned."""
    campaigns = list(db.session.scalars(select(Campaign).where(Campaign.status == "surveying")))
    for campaign in campaigns:
        scan_campaign(campaign, actor="scheduler")
    return len(campaigns)
