"""Reminders: only to people with open links, only those links, once a day at most, on demand or on schedule."""

import email
from datetime import date, timedelta
from email import policy

import pytest
from sqlalchemy import select, update

from survey_app.core.clock import local
from survey_app.core.db import utcnow
from survey_app.core.errors import InvalidState
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.reminders import queue_reminders, queue_scheduled_reminders
from survey_app.mailing.worker import run_once

from .seeding import seed_campaign
from .test_worker import FakePool, settings

TODAY = date(2026, 11, 24)


def reminders(db) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder")
                                   .order_by(OutboxMessage.id)))


def submit_all(db, respondent_id: int) -> None:
    db.session.execute(update(Invitation).where(Invitation.respondent_id == respondent_id)
                       .values(submitted_at=utcnow()))
    db.session.commit()


def test_only_people_with_open_links_are_reminded_and_only_of_those_links(db, make_campaign):
    campaign = make_campaign()
    ids = seed_campaign(campaign, 3)
    submit_all(db, ids[0])
    assert queue_reminders(campaign, actor="test", today=TODAY) == 2
    assert [m.respondent_id for m in reminders(db)] == ids[1:]
    pool = FakePool()
    assert run_once(pool, settings()) == 2
    message = email.message_from_bytes(pool.sent[0].data, policy=policy.default)
    assert message["Subject"].startswith("[Bộ Nội vụ] Nhắc trả lời phiếu")
    text = message.get_body(("plain",)).get_content()
    assert text.count("/s/") == 1 and "Nguyễn Văn Thử 1" in text


def test_no_one_is_reminded_twice_on_one_day(db, make_campaign):
    campaign = make_campaign()
    seed_campaign(campaign, 4)
    assert queue_reminders(campaign, actor="test", today=TODAY) == 4
    assert queue_reminders(campaign, actor="test", today=TODAY) == 0
    assert queue_reminders(campaign, actor="test", today=TODAY + timedelta(days=1)) == 4


def test_someone_whose_invitation_has_not_gone_out_is_not_reminded(db, make_campaign):
    campaign = make_campaign()
    seed_campaign(campaign, 2, status="queued")
    assert queue_reminders(campaign, actor="test", today=TODAY) == 0


def test_a_reminder_whose_links_were_all_answered_before_sending_is_cancelled(db, make_campaign):
    campaign = make_campaign()
    ids = seed_campaign(campaign, 1)
    queue_reminders(campaign, actor="test", today=TODAY)
    submit_all(db, ids[0])
    assert run_once(FakePool(), settings()) == 0
    assert reminders(db)[0].status == "cancelled"


def test_a_campaign_not_surveying_has_nothing_to_remind(db, make_campaign):
    with pytest.raises(InvalidState):
        queue_reminders(make_campaign(), actor="test", today=TODAY)


@pytest.mark.parametrize("days_left,reminder_days,expected", [
    (7, None, 3), (3, None, 3), (1, None, 3), (5, None, 0), (5, [5], 3), (3, [10], 0)])
def test_scheduled_reminders_fall_on_the_campaigns_reminder_days(db, make_campaign, days_left, reminder_days,
                                                                  expected):
    today = local(utcnow()).date()
    campaign = make_campaign(list_deadline=utcnow() + timedelta(minutes=30),
                             response_deadline=utcnow() + timedelta(days=days_left, hours=1))
    if reminder_days is not None:
        campaign.settings = {**campaign.settings, "reminder_days": reminder_days}
    seed_campaign(campaign, 3)
    days = (local(campaign.response_deadline).date() - today).days
    assert days in (days_left, days_left + 1)
    if days != days_left:
        pytest.skip("the deadline crossed midnight in Vietnam")
    queued = queue_scheduled_reminders(today=today)
    assert queued.get(campaign.code, 0) == expected
    assert queue_scheduled_reminders(today=today).get(campaign.code, 0) == 0, "once a day"


def test_api_officer_reminds_its_own_locality_and_gets_404_for_another(client, db, make_campaign, make_user,
                                                                      api_headers):
    campaign = make_campaign()
    seed_campaign(campaign, 2, code="01")
    seed_other = make_campaign()  # a second campaign keeps lists unique per (campaign, locality)
    seed_campaign(seed_other, 1, code="79")
    officer = api_headers(make_user("locality_officer", locality="01"))
    url = f"/api/v1/campaigns/{campaign.id}/reminders"
    assert client.post(url, headers=officer, json={"locality": "79"}).status_code == 404
    assert client.post(url, headers=officer, json={}).get_json() == {"messages_queued": 2}
    assert client.post(url, headers=officer, json={"locality": "01"}).get_json() == {"messages_queued": 0}
    viewer = api_headers(make_user("moha_viewer"))
    assert client.post(url, headers=viewer, json={}).status_code == 403


def test_api_moha_reminds_one_locality_or_all(client, db, make_campaign, make_user, api_headers):
    campaign = make_campaign()
    seed_campaign(campaign, 2, code="01")
    seed_campaign(campaign, 3, code="79")
    admin = api_headers(make_user("moha_admin"))
    url = f"/api/v1/campaigns/{campaign.id}/reminders"
    assert client.post(url, headers=admin, json={"locality": "79"}).get_json() == {"messages_queued": 3}
    assert client.post(url, headers=admin, json={}).get_json() == {"messages_queued": 2}
