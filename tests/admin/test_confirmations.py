"""Dispatch, submission, approval and return: a summary page first (no JavaScript), then what was done."""

from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.models import Invitation
from tests.admin.conftest import post


def test_submitting_asks_first_with_the_count(client, login_as, make_user, filled_list):
    campaign, lst = filled_list(3)
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{campaign.id}/lists/01/submit"
    page = client.get(url).get_data(as_text=True)
    assert "1 danh sách, 3 đối tượng được khảo sát" in page and "Xác nhận gửi danh sách" in page
    assert lst.status == "draft"
    r = post(client, url)
    assert r.status_code == 302
    db.session.refresh(lst)
    assert lst.status == "submitted"
    assert "Đã gửi danh sách của" in client.get(r.location).get_data(as_text=True)


def test_approval_and_return_ask_first(as_admin, filled_list):
    campaign, lst = filled_list(2)
    base = f"/campaigns/{campaign.id}/lists/01"
    post(as_admin, base + "/submit")
    assert "Xác nhận duyệt" in as_admin.get(base + "/approve").get_data(as_text=True)
    r = post(as_admin, base + "/return")
    assert r.status_code == 422 and "Hãy ghi lý do trả lại" in r.get_data(as_text=True)
    assert post(as_admin, base + "/return", reason="Thiếu Chủ tịch HĐND").status_code == 302
    db.session.refresh(lst)
    assert lst.status == "returned" and lst.return_reason == "Thiếu Chủ tịch HĐND"


def test_dispatch_shows_lists_and_letters_before_sending(as_admin, filled_list):
    campaign, lst = filled_list(3)
    base = f"/campaigns/{campaign.id}"
    post(as_admin, base + "/lists/01/submit")
    post(as_admin, base + "/lists/01/approve")
    page = as_admin.get(base + "/dispatch").get_data(as_text=True)
    assert "1 danh sách, 3 thư sẽ được gửi" in page
    assert db.session.scalar(select(Invitation.id).limit(1)) is None  # nothing sent by looking
    r = post(as_admin, base + "/dispatch")
    assert r.status_code == 302 and db.session.scalar(select(Invitation.id).limit(1)) is not None
    assert "Đã tạo" in as_admin.get(r.location).get_data(as_text=True)
    assert "Không có thư nào cần gửi" in as_admin.get(base + "/dispatch").get_data(as_text=True)


def test_the_list_page_links_to_the_confirmations_not_to_a_bare_post(as_admin, filled_list):
    campaign, _ = filled_list(1)
    page = as_admin.get(f"/campaigns/{campaign.id}/lists/01").get_data(as_text=True)
    assert f'href="/campaigns/{campaign.id}/lists/01/submit"' in page
