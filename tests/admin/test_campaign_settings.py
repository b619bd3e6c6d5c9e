"""Campaign settings: title, deadlines with a reason (extending a passed one reopens), policy, reminders, contact."""

from datetime import timedelta

from sqlalchemy import select

from survey_app.campaigns.services import ensure_lists_writable
from survey_app.core.audit import AuditEntry
from survey_app.core.db import db, utcnow
from tests.admin.conftest import post


def _form(campaign, **over):
    data = {"title": campaign.title, "list_deadline": _local(campaign.list_deadline),
            "response_deadline": _local(campaign.response_deadline), "domain_policy": "warning",
            "reminder_days": "7, 3, 1", "contact": "", "reason": ""}
    return {**data, **over}


def _local(value):
    from survey_app.core.clock import local
    return local(value).strftime("%Y-%m-%dT%H:%M")


def test_the_page_shows_the_current_settings(as_admin, make_campaign):
    campaign = make_campaign()
    page = as_admin.get(f"/campaigns/{campaign.id}/settings").get_data(as_text=True)
    assert campaign.title in page and "7, 3, 1" in page and "Lý do thay đổi" in page


def test_title_policy_reminders_and_contact_are_saved_and_audited(as_admin, make_campaign):
    campaign = make_campaign()
    r = post(as_admin, f"/campaigns/{campaign.id}/settings", **_form(
        campaign, title="Khảo sát 2026", domain_policy="error", reminder_days="5;2", contact="Vụ CCHC, 024 1234"))
    assert r.status_code == 302
    db.session.refresh(campaign)
    assert campaign.title == "Khảo sát 2026"
    assert campaign.settings["domain_policy"] == "error" and campaign.settings["reminder_days"] == [5, 2]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "campaign.settings")).one()
    assert entry.details["changes"]["title"][1] == "Khảo sát 2026"


def test_moving_a_deadline_needs_a_reason(as_admin, make_campaign):
    campaign = make_campaign()
    later = _local(campaign.list_deadline + timedelta(days=2))
    r = post(as_admin, f"/campaigns/{campaign.id}/settings", **_form(campaign, list_deadline=later))
    assert r.status_code == 422 and "Cần ghi lý do khi đổi hạn" in r.get_data(as_text=True)


def test_a_bad_reminder_day_is_named(as_admin, make_campaign):
    campaign = make_campaign()
    r = post(as_admin, f"/campaigns/{campaign.id}/settings", **_form(campaign, reminder_days="7, ba"))
    assert r.status_code == 422 and "Ngày nhắc &#39;ba&#39; không hợp lệ" in r.get_data(as_text=True)


def test_extending_a_passed_list_deadline_reopens_the_lists(as_admin, make_campaign):
    now = utcnow()
    campaign = make_campaign(list_deadline=now - timedelta(hours=1), response_deadline=now + timedelta(days=9))
    r = post(as_admin, f"/campaigns/{campaign.id}/settings", **_form(
        campaign, list_deadline=_local(now + timedelta(days=3)), reason="Nhiều tỉnh xin gia hạn"))
    assert r.status_code == 302
    db.session.refresh(campaign)
    ensure_lists_writable(campaign)  # no longer raises
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "campaign.settings")).one()
    assert entry.details["reason"] == "Nhiều tỉnh xin gia hạn" and entry.details["lists_reopened"]


def test_extending_the_response_deadline_of_a_closed_campaign_reopens_it(as_admin, make_campaign):
    now = utcnow()
    campaign = make_campaign(list_deadline=now - timedelta(days=3), response_deadline=now - timedelta(hours=1))
    campaign.status = "closed"
    db.session.commit()
    r = post(as_admin, f"/campaigns/{campaign.id}/settings", **_form(
        campaign, response_deadline=_local(now + timedelta(days=2)), reason="Gia hạn theo chỉ đạo"))
    assert r.status_code == 302
    db.session.refresh(campaign)
    assert campaign.status == "surveying"


def test_a_new_campaign_starts_from_the_newest_model(as_admin):
    page = as_admin.get("/campaigns/new").get_data(as_text=True)
    assert '<option selected value="par-2025">' in page or 'value="par-2025" selected' in page
