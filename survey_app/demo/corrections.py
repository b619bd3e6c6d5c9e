"""The demo's address corrections: two bounced addresses corrected by their locality, one on its official
domain (applied at once: new link to the new address, a notice to the old) and one to a personal mailbox
(waiting for a MOHA admin on the corrections page)."""

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.demo.activity import demo_campaign
from survey_app.mailing.correction_models import AddressCorrection
from survey_app.mailing.corrections import request_correction
from survey_app.mailing.models import OutboxMessage
from survey_app.reference.models import Locality

ACTOR = "demo: cán bộ đầu mối địa phương"


def _bounced(campaign: Campaign) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.campaign_id == campaign.id, OutboxMessage.kind == "invite",
        OutboxMessage.status == "bounced").order_by(OutboxMessage.id).limit(2)))


def _official_address(message: OutboxMessage) -> str:
    domains = db.session.get(Locality, message.locality_id).official_domains or ["gov.vn"]
    return f"{message.to_addr.partition('@')[0]}.moi@{domains[0]}"


def load() -> list[str]:
    """Correct two bounced addresses of the demo campaign (once); return the lines to print."""
    campaign = demo_campaign()
    if campaign is None:
        return []
    done = db.session.scalar(select(AddressCorrection.id).where(AddressCorrection.campaign_id == campaign.id))
    bounced = [] if done else _bounced(campaign)
    if len(bounced) == 2:
        request_correction(bounced[0], _official_address(bounced[0]), actor=ACTOR)
        request_correction(bounced[1], f"{bounced[1].to_addr.partition('@')[0]}@gmail.com", actor=ACTOR)
        db.session.flush()
    return [f"Sửa địa chỉ thư bị trả lại: một lần áp dụng ngay (tên miền công vụ), một lần chờ Bộ Nội vụ duyệt "
            f"(hộp thư cá nhân) — xem /campaigns/{campaign.id}/mail/corrections."]
