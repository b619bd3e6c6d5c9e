"""The demo's progress: the notices the periodic job would raise by now (bounces, localities far behind), and
where to look: MOHA's national overview and a province's desk."""

from survey_app.core.db import db
from survey_app.demo.activity import demo_campaign
from survey_app.monitoring.overview import get_overview
from survey_app.monitoring.watch import watch_progress


def load() -> list[str]:
    """Raise the due notices (each once, so loading again adds nothing); return the lines to print."""
    campaign = demo_campaign()
    if campaign is None:
        return []
    watch_progress()
    db.session.flush()
    overview = get_overview(campaign)
    n = overview.national
    return [f"Tổng quan tiến độ (Bộ Nội vụ): /campaigns/{campaign.id}/overview — {n.submitted}/{n.listed} phiếu "
            f"đã trả lời ({n.rate:.0%}), {n.bounced} thư bị trả lại, {len(overview.actions)} việc cần xử lý trước.",
            f"Bàn làm việc của một tỉnh (Hà Nội): /campaigns/{campaign.id}/progress/01 — có chuông thông báo."]
