"""The demo's administration part: MOHA's contact in the campaign settings, and where the desk pages are."""

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.campaigns.settings import current_settings, update_campaign_settings
from survey_app.core.db import db

CONTACT = "Vụ Cải cách hành chính, Bộ Nội vụ — ĐT 024 3xxx xxxx (giờ hành chính), thư: cchc@moha.gov.vn"


def load() -> list[str]:
    """Set the demo campaign's contact once; return the lines to print."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == "DEMO2025"))
    if campaign is None:
        return []
    if not (campaign.settings or {}).get("contact"):
        wanted = current_settings(campaign)
        wanted.contact = CONTACT
        update_campaign_settings(campaign, wanted, actor="demo")
    return [f"Bàn làm việc: cài đặt kỳ khảo sát ở /campaigns/{campaign.id}/settings (gia hạn cần ghi lý do), "
            "nhật ký kiểm toán ở /audit, hướng dẫn theo vai trò ở /help.",
            "  Gửi danh sách, duyệt, trả lại và gửi phiếu đều qua một trang xác nhận có tóm tắt."]
