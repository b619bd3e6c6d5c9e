"""Production records link opens off the request: a thread per process writes them together."""

import time

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from survey_app.responses import opens
from survey_app.responses.models import ResponseEvent
from survey_app.responses.tracking import Client, hash_client
from tests.conftest import person
from tests.responses.conftest import dispatch_rows


def _opens_of(invitation_id: int) -> list[ResponseEvent]:
    db.session.rollback()  # see what the flusher committed
    return db.session.scalars(select(ResponseEvent).where(ResponseEvent.invitation_id == invitation_id,
                                                          ResponseEvent.kind == "open")).all()


def _wait_for(invitation_id: int, count: int) -> list[ResponseEvent]:
    deadline = time.monotonic() + 10
    while len(events := _opens_of(invitation_id)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return events


def test_views_are_written_by_the_flusher_with_the_time_of_the_request(app, client, make_invitation):
    app.config["OPEN_EVENTS"] = "batched"
    try:
        invitation, token = make_invitation()
        before = time.time()
        first = client.get(f"/s/{token}", headers={"User-Agent": "thu-nghiem"},
                           environ_base={"REMOTE_ADDR": "10.1.2.3"})
        time.sleep(0.3)
        second = client.get(f"/s/{token}")
        assert first.status_code == second.status_code == 200
        events = _wait_for(invitation.id, 2)
    finally:
        app.config["OPEN_EVENTS"] = "inline"
    assert len(events) == 2
    first_at = min(e.at for e in events)
    assert before - 1 < first_at.timestamp() < before + 1
    expected = hash_client(Client(ip="10.1.2.3", user_agent="thu-nghiem", device_id=""), invitation.campaign.hash_key)
    assert expected.ip_hash in {e.ip_hash for e in events}
    # The first open stamps the invitation; later ones leave the stamp alone.
    assert db.session.get(Invitation, invitation.id).opened_at == first_at


def test_a_flush_writes_everything_gathered_in_one_transaction(app, make_campaign):
    first, second = dispatch_rows(make_campaign(), [person(1, group="HDND"), person(2, group="HDND")])
    hashes = hash_client(Client(ip="10.0.0.1", user_agent="ua", device_id="d"), first.campaign.hash_key)
    app.config["OPEN_EVENTS"] = "batched"
    try:
        with app.test_request_context():
            for invitation in (first, second, first):
                opens.record_open(invitation.id, hashes)
        opens.flush(app)  # whatever the thread has not written yet
    finally:
        app.config["OPEN_EVENTS"] = "inline"
    assert len(_wait_for(first.id, 2)) == 2 and len(_opens_of(second.id)) == 1
    assert opens.flush(app) == 0
