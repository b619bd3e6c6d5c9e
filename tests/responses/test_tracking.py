"""Integrity events: open, save and submit with keyed hashes only; active time measured on the server."""

from datetime import timedelta

from sqlalchemy import String, Text, select

from survey_app.core.db import db, utcnow
from survey_app.responses.models import Response, ResponseEvent
from survey_app.responses.tracking import Client, active_seconds, hash_client, ip_prefix
from tests.responses.conftest import all_answers

IP, UA = "203.0.113.45", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari/604.1 thu-nghiem"
DEVICE = "thiet-bi-thu-nghiem-123456"


def _answer_everything(client, token):
    env = {"REMOTE_ADDR": IP}
    client.set_cookie("sa_device", DEVICE)
    form = client.get(f"/s/{token}", headers={"Accept": "application/json", "User-Agent": UA},
                      environ_base=env).get_json()
    client.post(f"/s/{token}", json={"answers": {}, "action": "save"}, headers={"User-Agent": UA}, environ_base=env)
    client.post(f"/s/{token}", json={"answers": all_answers(form), "action": "submit"}, headers={"User-Agent": UA},
                environ_base=env)


def test_open_save_and_submit_are_recorded_with_hashes_of_the_client(client, make_invitation):
    invitation, token = make_invitation()
    _answer_everything(client, token)
    events = db.session.scalars(select(ResponseEvent).where(ResponseEvent.invitation_id == invitation.id)
                                .order_by(ResponseEvent.id)).all()
    expected = hash_client(Client(ip=IP, user_agent=UA, device_id=DEVICE), invitation.campaign.hash_key)
    assert [e.kind for e in events] == ["open", "save", "submit"]
    assert all(e.at and e.ip_hash == expected.ip_hash and e.device_hash == expected.device_hash
               and e.ip_prefix_hash == expected.ip_prefix_hash and e.user_agent_hash == expected.user_agent_hash
               for e in events)
    other_net = hash_client(Client(ip="203.0.113.99", user_agent=UA, device_id=DEVICE), invitation.campaign.hash_key)
    assert other_net.ip_prefix_hash == expected.ip_prefix_hash and other_net.ip_hash != expected.ip_hash


def test_raw_address_device_and_browser_never_reach_the_database(client, make_invitation):
    invitation, token = make_invitation()
    _answer_everything(client, token)
    raw = (IP, DEVICE, UA, ip_prefix(IP), "203.0.113")
    for model in (Response, ResponseEvent):
        columns = [c for c in model.__table__.columns if isinstance(c.type, (String, Text))]
        for row in db.session.execute(select(*columns)).all():
            assert not any(value and secret in value for value in row for secret in raw), (model.__tablename__, row)


def test_active_time_counts_gaps_between_events_and_leaves_out_long_pauses(client, make_invitation):
    invitation, token = make_invitation()
    form = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    client.post(f"/s/{token}", json={"answers": {}, "action": "save"})
    opened, saved = db.session.scalars(select(ResponseEvent).where(ResponseEvent.invitation_id == invitation.id)
                                       .order_by(ResponseEvent.id)).all()
    now = utcnow()
    opened.at, saved.at = now - timedelta(seconds=3600 + 120), now - timedelta(seconds=3600)
    db.session.commit()
    client.post(f"/s/{token}", json={"answers": all_answers(form), "action": "submit"})
    db.session.expire_all()
    stored = db.session.scalars(select(Response).where(Response.invitation_id == invitation.id)).one()
    assert stored.active_seconds == 120  # open → save; the hour before the submit is a pause


def test_active_time_of_given_event_times():
    start = utcnow()
    times = [start + timedelta(seconds=s) for s in (250, 0, 30, 1000)]  # in any order
    assert active_seconds(times) == 30 + 220  # the 750 s gap is a pause
    assert active_seconds(times, until=start + timedelta(seconds=1100)) == 30 + 220 + 100
    assert active_seconds([]) == 0


def test_the_page_says_what_is_recorded_and_why(client, make_invitation):
    _, token = make_invitation()
    html = client.get(f"/s/{token}").get_data(as_text=True)
    assert "Hệ thống ghi nhận những gì và vì sao" in html and "thời điểm mở, lưu và gửi phiếu" in html
