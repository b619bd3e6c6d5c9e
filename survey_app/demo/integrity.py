"""The demo's interference: in the province with the most answers, twelve sheets moved onto one phone within
an hour (one person answering for colleagues), then a scan, so that `make run` shows flags to review."""

from datetime import timedelta

from sqlalchemy import func, select, update

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db, utcnow
from survey_app.integrity.models import IntegrityFlag
from survey_app.integrity.scan import scan_campaign
from survey_app.invitations.models import Invitation
from survey_app.reference.models import Locality
from survey_app.responses.models import Response, ResponseEvent
from survey_app.responses.tracking import Client, hash_client

ACTOR = "demo"
#: How many sheets the one phone sends.
SHEETS = 12


def busiest_province(campaign: Campaign) -> Locality | None:
    """The province with the most submitted sheets (the demo's planted interference goes there)."""
    found = db.session.execute(
        select(Locality, func.count(Response.id)).join(Invitation, Invitation.locality_id == Locality.id)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(Invitation.campaign_id == campaign.id, Response.status == "submitted", Locality.kind == "province")
        .group_by(Locality.id).order_by(func.count(Response.id).desc(), Locality.code).limit(1)).first()
    return found[0] if found else None


def plant(campaign: Campaign, province: Locality) -> int:
    """Move twelve of the province's submitted sheets onto one phone and network, a few minutes apart.

    The new submission times come after every sheet's own opening, and the invitation, the response and the
    submit event keep one time, as the demo's other parts do (tests/demo/test_activity.py)."""
    rows = list(db.session.execute(
        select(Response.id, Invitation.id,
               func.coalesce(Invitation.started_at, Invitation.opened_at, Invitation.created_at))
        .join(Invitation, Invitation.id == Response.invitation_id)
        .where(Invitation.campaign_id == campaign.id, Invitation.locality_id == province.id,
               Response.status == "submitted").order_by(Response.id).limit(SHEETS)))
    if len(rows) < 3:
        return 0
    phone = hash_client(Client(ip="113.160.45.77", user_agent="Android", device_id="demo-one-phone"),
                        campaign.hash_key)
    start = min(max(started for _, _, started in rows) + timedelta(minutes=1),
                utcnow() - timedelta(minutes=4 * SHEETS + 1))
    for n, (rid, iid, _) in enumerate(rows):
        _move(rid, iid, phone, start + timedelta(minutes=4 * n))
    return len(rows)


def _move(response_id: int, invitation_id: int, phone, at) -> None:
    db.session.execute(update(Response).where(Response.id == response_id).values(
        device_hash=phone.device_hash, ip_hash=phone.ip_hash, ip_prefix_hash=phone.ip_prefix_hash,
        user_agent_hash=phone.user_agent_hash, submitted_at=at))
    db.session.execute(update(Invitation).where(Invitation.id == invitation_id).values(submitted_at=at))
    db.session.execute(update(ResponseEvent).where(ResponseEvent.invitation_id == invitation_id,
                                                   ResponseEvent.kind == "submit").values(at=at))


def load() -> list[str]:
    """Plant once and scan (idempotent: a campaign that has flags is left as it is)."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == "DEMO2025"))
    if campaign is None:
        return []
    province = busiest_province(campaign)
    if province is None:
        return []
    if db.session.scalar(select(IntegrityFlag.id).where(IntegrityFlag.campaign_id == campaign.id).limit(1)) is None:
        plant(campaign, province)
        scan_campaign(campaign, actor=ACTOR)
    db.session.commit()
    return [f"Rà soát can thiệp: một điện thoại gửi {SHEETS} phiếu ở {province.name} đã được phát hiện: "
            f"/campaigns/{campaign.id}/integrity — quản trị viên xem bằng chứng, bỏ qua hoặc xác nhận, đề nghị hủy."]
