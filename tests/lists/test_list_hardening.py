"""Issue 10 items 5, 6 and 9 on lists: no return or reopen after dispatch, reasons that fit, reads write nothing."""

import re
from io import BytesIO

import pytest
from sqlalchemy import event, func, select

from survey_app.mailing.dispatch import dispatch
from survey_app.respondents.models import RespondentList
from tests.conftest import person, xlsx_bytes


@pytest.fixture
def setup(client, make_user, api_headers, make_campaign):
    campaign = make_campaign()
    officer = api_headers(make_user("locality_officer", locality="01"))
    admin = api_headers(make_user("moha_admin"))
    base = f"/api/v1/campaigns/{campaign.id}/lists/01"
    client.post(base + "/import", headers=officer, data={"file": (BytesIO(xlsx_bytes([person(1)])), "ds.xlsx")})
    client.post(base + "/submit", headers=officer)
    return campaign, officer, admin, base


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _lists(db) -> int:
    return db.session.scalar(select(func.count()).select_from(RespondentList))


def test_a_dispatched_list_cannot_be_returned_by_the_api(client, db, setup):
    campaign, officer, admin, base = setup
    assert client.post(base + "/approve", headers=admin).status_code == 200
    dispatch(campaign, actor="test")
    db.session.commit()
    r = client.post(base + "/return", headers=admin, json={"reason": "Sửa lại"})
    assert r.status_code == 409 and "Đã gửi phiếu khảo sát" in r.get_json()["message"]
    assert client.get(base, headers=officer).get_json()["status"] == "approved"


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_a_dispatched_list_cannot_be_returned_or_reopened_on_the_pages(client, db, setup, make_user, login_as, action):
    campaign, _, admin, base = setup
    client.post(base + "/approve", headers=admin)
    dispatch(campaign, actor="test")
    db.session.commit()
    page = f"/campaigns/{campaign.id}/lists/01"
    login_as(make_user("moha_admin"))
    r = client.post(f"{page}/{action}", data={"csrf_token": _csrf(client, page), "reason": "Sửa lại",
                                              "until": "2099-01-01T10:00"})
    assert r.status_code == 409 and "Đã gửi phiếu khảo sát" in r.get_data(as_text=True)


def test_a_return_reason_of_3000_characters_is_a_422_naming_the_field(client, setup):
    _, _, admin, base = setup
    r = client.post(base + "/return", headers=admin, json={"reason": "x" * 3000})
    assert r.status_code == 422 and r.get_json()["errors"][0]["field"] == "reason"


def test_a_reopen_reason_of_3000_characters_is_a_422_naming_the_field(client, setup, make_user, login_as):
    campaign = setup[0]
    page = f"/campaigns/{campaign.id}/lists/01"
    login_as(make_user("moha_admin"))
    r = client.post(f"{page}/reopen", data={"csrf_token": _csrf(client, page), "reason": "x" * 3000,
                                            "until": "2099-01-01T10:00"})
    assert r.status_code == 422 and "Lý do dài 3000 ký tự" in r.get_data(as_text=True)


def test_reading_a_list_that_does_not_exist_yet_creates_nothing(client, db, make_campaign, make_user, login_as,
                                                                 api_headers):
    campaign = make_campaign()
    before = _lists(db)
    viewer = make_user("moha_viewer")
    login_as(viewer)
    for _ in range(3):
        assert client.get(f"/campaigns/{campaign.id}/lists/79").status_code == 200
        assert client.get(f"/campaigns/{campaign.id}/lists/79/export.xlsx").status_code == 200
        r = client.get(f"/api/v1/campaigns/{campaign.id}/lists/79", headers=api_headers(viewer))
        assert r.status_code == 200 and r.get_json()["status"] == "draft"
    assert _lists(db) == before


def test_the_row_forms_of_a_list_not_yet_created_write_nothing(client, db, make_campaign, make_user, login_as):
    campaign = make_campaign()
    login_as(make_user("locality_officer", "79"))
    writes = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT INTO RESPONDENT", "UPDATE RESPONDENT", "DELETE")):
            writes.append(statement)
    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        assert client.get(f"/campaigns/{campaign.id}/lists/79/rows/new").status_code == 200
        assert client.get(f"/campaigns/{campaign.id}/lists/79/rows/1/edit").status_code == 404
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    assert writes == [], "a GET wrote to the database (even a flush later rolled back)"
    assert _lists(db) == 0
