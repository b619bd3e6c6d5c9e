"""The review desk in the browser: queue, a flag's evidence (never a hash), decisions, and voids with four eyes."""

import re

import pytest
from flask import g

from survey_app.core.audit import list_entries
from survey_app.core.db import db
from survey_app.integrity.flags import list_flags
from survey_app.integrity.scan import scan_campaign
from survey_app.invitations.models import Invitation
from survey_app.responses.models import Response
from tests.integrity.builders import dispatch_people, submit


def _honest(i, options):
    return options[(i * 5 + 1) % (len(options) - 1)]


def _device(app, name: str):
    """A browser with its own device cookie (the test app context would otherwise share one new id)."""
    browser = app.test_client()
    browser.set_cookie("sa_device", name)
    return browser


@pytest.fixture
def flagged(app, db, make_campaign):
    """A campaign where one device answered eight invitations of Hà Nội; scanned."""
    campaign = make_campaign()
    invitations = dispatch_people(campaign, {"01": 10, "79": 6})
    one = _device(app, "one-phone")
    for invitation in invitations["01"][:8]:
        assert submit(one, "", invitation, lambda i, options: options[0]) == 200
    for invitation in invitations["01"][8:] + invitations["79"]:
        assert submit(_device(app, f"phone-{invitation.id}"), "", invitation, _honest) == 200
    scan_campaign(campaign, actor="test")
    db.session.commit()
    [flag] = [f for f in list_flags(campaign.id) if f.rule == "shared_device" and f.severity != "low"]
    return campaign, flag, invitations


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_the_flag_page_shows_evidence_with_neutral_labels_and_no_hash(client, login_as, make_user, flagged):
    campaign, flag, _ = flagged
    login_as(make_user("moha_viewer"))
    queue = client.get(f"/campaigns/{campaign.id}/integrity").get_data(as_text=True)
    assert f"/integrity/flags/{flag.id}" in queue and "Hà Nội" in queue
    page = client.get(f"/campaigns/{campaign.id}/integrity/flags/{flag.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Thiết bị A" in html and "Thiết bị B" not in html and "Mạng 1" in html
    assert 'id="timeline"' in html and 'id="similarity"' in html and 'id="shares"' in html
    stored = db.session.query(Response).all()
    hashes = {r.device_hash for r in stored} | {r.ip_prefix_hash for r in stored}
    assert not any(h and h[:16] in html for h in hashes), "a hash leaked onto the page"
    assert "Ghi quyết định" not in html, "a viewer reads, never decides"


def test_an_admin_dismisses_with_a_reason_and_a_rescan_keeps_the_decision(client, login_as, make_user, flagged):
    campaign, flag, _ = flagged
    login_as(make_user("moha_admin"))
    url = f"/campaigns/{campaign.id}/integrity/flags/{flag.id}"
    html = client.get(url).get_data(as_text=True)
    empty = client.post(f"{url}/review", data={"csrf_token": _csrf(html), "decision": "dismissed", "reason": ""})
    assert empty.status_code == 422 and "lý do" in empty.get_data(as_text=True).lower()
    done = client.post(f"{url}/review", data={"csrf_token": _csrf(html), "decision": "dismissed",
                                              "reason": "Máy tính dùng chung của văn phòng, đã xác minh"})
    assert done.status_code == 302
    scan_campaign(campaign, actor="test")
    db.session.commit()
    db.session.refresh(flag)
    assert flag.status == "dismissed" and not flag.has_new_evidence
    assert any(e.action == "integrity.flag_review" for e in list_entries())


def test_a_locality_void_needs_a_second_admin_and_shows_its_effect_first(app, client, login_as, make_user, flagged):
    campaign, flag, invitations = flagged
    first, second = make_user("moha_admin"), make_user("moha_admin")
    login_as(first)
    confirm = client.get(f"/campaigns/{campaign.id}/integrity/voids/new?locality=01&flags={flag.id}")
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "một quản trị viên Bộ Nội vụ khác" in html
    assert not db.session.query(Invitation).filter_by(is_void=True).count(), "nothing happens before POST"
    made = client.post(f"/campaigns/{campaign.id}/integrity/voids/new?locality=01&flags={flag.id}",
                       data={"csrf_token": _csrf(html), "reason": "Một thiết bị gửi tám phiếu của HĐND"})
    assert made.status_code == 302
    void_url = made.location
    page = client.get(void_url).get_data(as_text=True)
    assert "không thể tự phê duyệt" in page
    login_as(second)
    g.pop("_login_user", None)  # the test's app context outlives requests; Flask-Login caches the user there
    page = client.get(void_url).get_data(as_text=True)
    assert client.post(f"{void_url}/approve", data={"csrf_token": _csrf(page)}).status_code == 302
    assert all(i.is_void for i in db.session.query(Invitation).filter_by(locality_id=invitations["01"][0].locality_id))
    assert not any(i.is_void for i in db.session.query(Invitation).filter_by(
        locality_id=invitations["79"][0].locality_id))
    page = client.get(void_url).get_data(as_text=True)
    revoke = {"csrf_token": _csrf(page), "reason": "Thanh tra kết luận không có can thiệp"}
    assert client.post(f"{void_url}/revoke", data=revoke).status_code == 302
    assert not db.session.query(Invitation).filter_by(is_void=True).count()


def test_the_flag_page_previews_either_void_when_asked(client, login_as, make_user, flagged):
    campaign, flag, _ = flagged
    login_as(make_user("moha_viewer"))
    url = f"/campaigns/{campaign.id}/integrity/flags/{flag.id}"
    plain = client.get(url).get_data(as_text=True)
    assert "?preview=responses" in plain and "?preview=locality" in plain
    assert "Các đơn vị thay đổi nếu hủy" not in plain, "the scores are recomputed only when asked"
    sheets = client.get(f"{url}?preview=responses").get_data(as_text=True)
    assert "Nếu hủy 8 phiếu này:" in sheets and "Các đơn vị thay đổi nếu hủy" in sheets
    assert re.search(r"<td>Hà Nội[^<]*</td>", sheets), "Hà Nội's points move when its eight sheets go"
    whole = client.get(f"{url}?preview=locality").get_data(as_text=True)
    assert "Nếu hủy toàn bộ kết quả của Hà Nội:" in whole and "bị hủy</span>" in whole
    assert not db.session.query(Invitation).filter_by(is_void=True).count(), "a preview changes nothing"
