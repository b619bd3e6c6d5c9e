"""The list workflow: draft → submitted (locked) → approved, or returned with a reason → draft again."""

from io import BytesIO

import pytest
from sqlalchemy import select

from survey_app.core.audit import AuditEntry
from survey_app.monitoring.models import Notification
from survey_app.respondents.services import get_list_or_404, list_shared_mailboxes
from tests.conftest import person, xlsx_bytes


@pytest.fixture
def setup(client, make_user, api_headers, make_campaign):
    campaign = make_campaign()
    officer = api_headers(make_user("locality_officer", locality="01"))
    admin = api_headers(make_user("moha_admin"))
    base = f"/api/v1/campaigns/{campaign.id}/lists/01"

    def upload(rows, mode="replace"):
        return client.post(base + "/import", headers=officer,
                           data={"file": (BytesIO(xlsx_bytes(rows)), "ds.xlsx"), "mode": mode})
    return campaign, officer, admin, base, upload


def test_an_empty_list_cannot_be_submitted(client, setup):
    _, officer, _, base, _ = setup
    r = client.post(base + "/submit", headers=officer)
    assert r.status_code == 409 and "chưa có đối tượng" in r.get_json()["message"]


def test_a_submitted_list_is_locked_for_the_locality(client, setup):
    _, officer, _, base, upload = setup
    upload([person(1)])
    assert client.post(base + "/submit", headers=officer).status_code == 200
    r = upload([person(2)])
    assert r.status_code == 409 and "Đã gửi Bộ Nội vụ" in r.get_json()["message"]
    assert client.post(base + "/submit", headers=officer).status_code == 409


def test_return_needs_a_reason_and_reopens_the_list_with_a_notice(client, db, setup):
    campaign, officer, admin, base, upload = setup
    upload([person(1)])
    client.post(base + "/submit", headers=officer)
    assert client.post(base + "/return", headers=admin, json={"reason": " "}).status_code == 422
    r = client.post(base + "/return", headers=admin, json={"reason": "Thiếu lãnh đạo Sở Y tế"})
    assert r.get_json() == {"status": "returned", "reason": "Thiếu lãnh đạo Sở Y tế"}
    assert upload([person(1), person(2, org="Sở Y tế")]).status_code == 200
    assert client.post(base + "/submit", headers=officer).status_code == 200
    assert client.post(base + "/approve", headers=admin).status_code == 200
    notices = [n.text for n in db.session.scalars(select(Notification).where(Notification.audience == "locality")
                                                  .order_by(Notification.id))]
    assert "Thiếu lãnh đạo Sở Y tế" in notices[0] and "đã duyệt" in notices[1]  # MOHA's "submitted" notices apart
    actions = [a for a in db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
               if a.startswith("list.")]
    assert actions == ["list.import", "list.submit", "list.return", "list.import", "list.submit", "list.approve"]


def test_only_a_submitted_list_can_be_approved(client, setup):
    _, _, admin, base, upload = setup
    upload([person(1)])
    assert client.post(base + "/approve", headers=admin).status_code == 409


def test_append_adds_to_the_list_and_replace_replaces_it(client, setup):
    _, officer, _, base, upload = setup
    upload([person(1), person(2)])
    assert upload([person(3)], mode="append").get_json()["accepted"] == 3
    assert len(client.get(base, headers=officer).get_json()["respondents"]) == 3
    assert upload([person(4)], mode="replace").get_json()["accepted"] == 1
    assert [p["email"] for p in client.get(base, headers=officer).get_json()["respondents"]] == ["nvthu4@hanoi.gov.vn"]


def test_appending_names_the_lists_own_rows_as_the_user_sees_them(client, setup):
    _, officer, _, base, upload = setup
    upload([person(1), person(2, email="chung@hanoi.gov.vn")])
    clash = upload([person(3, email="chung@hanoi.gov.vn")], mode="append")
    assert clash.status_code == 422
    message = clash.get_json()["rejected"][0]["message"]
    assert "dòng 2 của danh sách hiện có" in message.lower() and "100002" not in message
    deputy = upload([person(1, group="HDND", org="HĐND thành phố Hà Nội", position="Đại biểu")], mode="append")
    assert deputy.status_code == 200 and "100001" not in str(deputy.get_json())
    excluded = [p for p in client.get(base, headers=officer).get_json()["respondents"] if p["status"] == "excluded"]
    assert len(excluded) == 1 and excluded[0]["group"] == "LD_SO" and "100001" not in excluded[0]["excluded_reason"]


def test_a_file_with_one_bad_row_stores_nothing(client, setup):
    _, officer, _, base, upload = setup
    upload([person(1)])
    r = upload([person(2), person(3, email="nguyenvana@")])
    assert r.status_code == 422
    body = r.get_json()
    assert body["accepted"] == 0 and body["rejected"][0]["row"] == 4 and body["rejected"][0]["column"] == "Email"
    assert "nguyenvana@" in body["rejected"][0]["message"]
    assert [p["email"] for p in client.get(base, headers=officer).get_json()["respondents"]] == ["nvthu1@hanoi.gov.vn"]


def _on_two_lists(client, campaign, upload, make_user, api_headers):
    """nvthu1@hanoi.gov.vn on 01's list, then imported by 79's officer; the import's report."""
    upload([person(1)])
    other = api_headers(make_user("locality_officer", locality="79"))
    r = client.post(f"/api/v1/campaigns/{campaign.id}/lists/79/import", headers=other,
                    data={"file": (BytesIO(xlsx_bytes([person(1)])), "ds.xlsx")})
    assert r.status_code == 200
    return r.get_json(), other


def test_the_importing_officer_learns_nothing_of_another_localitys_list(client, setup, make_user, api_headers,
                                                                        login_as):
    campaign, _, _, _, upload = setup
    report, other = _on_two_lists(client, campaign, upload, make_user, api_headers)
    assert not any("danh sách của" in w["message"] for w in report["warnings"]), "no hint of 01's list"
    shown = client.get(f"/api/v1/campaigns/{campaign.id}/lists/79", headers=other).get_json()
    assert "01" not in str(shown["warnings"])
    page = login_as(make_user("locality_officer", locality="79")).get(f"/campaigns/{campaign.id}/lists/79")
    assert page.status_code == 200 and "địa phương khác" not in page.text and "(01)" not in page.text


def test_a_mailbox_in_two_localities_lists_is_shown_to_moha_on_both(client, setup, make_user, api_headers,
                                                                    login_as):
    campaign, _, _, _, upload = setup
    _on_two_lists(client, campaign, upload, make_user, api_headers)
    admin = make_user("moha_admin")
    assert list_shared_mailboxes(get_list_or_404(campaign.id, "01", admin)) == \
        [{"email": "nvthu1@hanoi.gov.vn", "localities": ["79"]}]
    assert list_shared_mailboxes(get_list_or_404(campaign.id, "79", admin)) == \
        [{"email": "nvthu1@hanoi.gov.vn", "localities": ["01"]}]
    viewer = login_as(make_user("moha_viewer"))
    for code, other_code in (("01", "79"), ("79", "01")):
        assert f"nvthu1@hanoi.gov.vn ({other_code})" in viewer.get(f"/campaigns/{campaign.id}/lists/{code}").text


def test_the_overlap_moha_sees_is_computed_when_it_looks(client, db, setup, make_user, api_headers):
    campaign, _, _, _, upload = setup
    _on_two_lists(client, campaign, upload, make_user, api_headers)
    upload([person(2)])  # 01 replaces its list: the mailbox is no longer on both
    admin = make_user("moha_admin")
    assert list_shared_mailboxes(get_list_or_404(campaign.id, "79", admin)) == []
