"""The scores pages for each role: MOHA sees everything, an officer only its own published unit, never answers."""

import re
from io import BytesIO

import pytest
from flask import g
from flask.testing import FlaskClient

from survey_app.accounts.sessions import start_session
from survey_app.core.db import db as _db
from tests.scoring.conftest import void_locality
from tests.web.test_access_matrix import csrf_token


@pytest.fixture
def people(make_user):
    return {"admin": make_user("moha_admin"), "viewer": make_user("moha_viewer"),
            "officer": make_user("locality_officer", locality="01"),
            "other": make_user("locality_officer", locality="31")}


class Browser(FlaskClient):
    """A test client for one person. The tests hold an app context, which requests then share, so Flask-Login's
    user and CSRF token cached in `g` by one person's request are forgotten before the next."""

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        g.pop("csrf_token", None)   # Flask-WTF keeps the session's token there too
        return super().open(*args, **kwargs)


@pytest.fixture
def as_user(app, db):
    """as_user(user) → a new test client signed in as that user (one browser per person)."""
    def make(user):
        browser = Browser(app, app.response_class, use_cookies=True)
        session_id = start_session(user, hours=1)
        _db.session.commit()
        with browser.session_transaction() as session:
            session["_user_id"], session["_fresh"] = session_id, True   # a server-side session (accounts/sessions.py)
        return browser
    return make


def post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def test_moha_computes_sees_the_ranking_and_drills_down_to_invitation_ids(client, login_as, answered, people):
    campaign, invitations = answered()
    base = f"/campaigns/{campaign.id}/scores"
    login_as(people["admin"])
    assert post(client, base + "/compute").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Hà Nội" in page and "Bộ Tư pháp" in page and "Cấp tỉnh" in page and "chưa công bố" in page
    assert "Khoảng 90% của chỉ số" in page
    unit = client.get(base + "/units/01").get_data(as_text=True)
    assert 'role="img"' in unit and '<title id="fields-title">' in unit and "trung vị cả nước" in unit
    drill = client.get(base + "/units/01/criteria/TC1.6").get_data(as_text=True)
    assert "Đại biểu HĐND cấp tỉnh" in drill and "Trọng số đã chia lại" in drill
    counted = {i.id for i in invitations if i.evaluated_locality.code == "01" and i.group_code == "HDND"}
    shown = {int(x) for x in re.findall(r"\d+", " ".join(re.findall(r'<p class="ids">([^<]*)</p>', drill)))}
    assert counted <= shown
    assert "@" not in drill.split("<main>")[1].split("Phiếu được tính")[1]   # ids only, no personal data


def test_sorting_by_name_and_by_index(client, login_as, answered, people):
    campaign, _ = answered()
    login_as(people["admin"])
    post(client, f"/campaigns/{campaign.id}/scores/compute")
    by_name = client.get(f"/campaigns/{campaign.id}/scores?sort=name").get_data(as_text=True)
    assert by_name.index(">Hà Nội<") < by_name.index(">TP Hồ Chí Minh<")


def test_an_officer_sees_only_its_own_published_unit_and_never_the_drill_down(as_user, answered, people):
    campaign, _ = answered()
    base = f"/campaigns/{campaign.id}/scores"
    admin, officer, other = as_user(people["admin"]), as_user(people["officer"]), as_user(people["other"])
    post(admin, base + "/compute")
    assert "Bộ Nội vụ chưa công bố kết quả" in officer.get(base).get_data(as_text=True)
    assert officer.get(base + "/units/01").status_code == 404
    assert "Tôi đã xem lại kết quả" in admin.get(base + "/publish").get_data(as_text=True)
    assert post(admin, base + "/publish").status_code == 302
    assert officer.get(base + "/units/01").status_code == 200
    assert officer.get(base + "/units/79").status_code == 404
    assert officer.get(base + "/units/01/criteria/TC1.6").status_code == 403
    ranking = officer.get(base).get_data(as_text=True)
    assert "TP Hồ Chí Minh" in ranking and f'href="{base}/units/79"' not in ranking
    assert "Tính điểm" not in ranking and "Xem trước" not in ranking
    assert other.get(base + "/units/01").status_code == 404


def test_a_voided_unit_is_marked_on_the_ranking_and_its_page(client, login_as, answered, people):
    campaign, _ = answered()
    void_locality(campaign, "79")
    login_as(people["admin"])
    post(client, f"/campaigns/{campaign.id}/scores/compute")
    assert "Đã hủy kết quả khảo sát" in client.get(f"/campaigns/{campaign.id}/scores").get_data(as_text=True)
    assert "Đã hủy kết quả khảo sát" in client.get(f"/campaigns/{campaign.id}/scores/units/79").get_data(as_text=True)


def test_the_appraisal_page_reports_every_bad_row_and_keeps_good_uploads(as_user, make_campaign, people):
    campaign = make_campaign()
    url = f"/campaigns/{campaign.id}/scores/appraisal"
    admin, viewer = as_user(people["admin"]), as_user(people["viewer"])
    bad = post(admin, url, file=(BytesIO(b"01,TC1.1,9\nXX,TC1.1,1\n"), "diem.csv"))
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Dòng 1, cột Điểm" in text and "Dòng 2, cột Mã đơn vị" in text
    good = post(admin, url, file=(BytesIO(b"01,TC1.1,2\n"), "diem.csv"))
    assert good.status_code == 302
    assert "diem.csv" in admin.get(url).get_data(as_text=True)
    assert viewer.get(url).status_code == 200
    assert post(viewer, url, file=(BytesIO(b"01,TC1.1,2\n"), "diem.csv")).status_code == 403


def test_the_preview_page_shows_what_a_void_would_move(client, login_as, answered, people):
    campaign, _ = answered()
    login_as(people["viewer"])
    page = client.get(f"/campaigns/{campaign.id}/scores/preview?locality=01").get_data(as_text=True)
    assert "Hà Nội" in page and "bị hủy" in page and "Hạng trước → sau" in page


def test_the_model_page_shows_fields_weights_and_classes(client, login_as, make_campaign, people):
    campaign = make_campaign()
    login_as(people["viewer"])
    page = client.get(f"/campaigns/{campaign.id}/scores/model").get_data(as_text=True)
    assert "TC1.6" in page and "Đại biểu HĐND cấp tỉnh: 0,30" in page and "Nhóm A" in page
