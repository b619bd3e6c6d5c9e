"""MOHA in a real browser: compute, read the ranking, open a unit's chart and drill down, import appraisal
points with a mistake, publish after confirming; then the officer reads its own unit on a phone."""

from sqlalchemy import select

from survey_app.core.db import db as _db
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from tests.browser.test_list_pages import _sign_in
from tests.scoring.conftest import dispatch_province, submit_answers


def _answered_campaign(make_campaign, client):
    campaign = make_campaign()
    for i, code in enumerate(("01", "79")):
        dispatch_province(campaign, code, 100 * i)
    dispatch(campaign, actor="test")
    _db.session.commit()
    for invitation in _db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id)):
        submit_answers(client, invitation, invitation.id)
    return campaign


def test_moha_computes_drills_down_imports_and_publishes(live_server, make_user, make_campaign, client, page,
                                                          phone_page, screenshot, axe, tmp_path):
    campaign = _answered_campaign(make_campaign, client)
    base = f"{live_server}/campaigns/{campaign.id}/scores"
    _sign_in(page, live_server, make_user("moha_admin"))
    page.goto(base)
    page.click("text=Tính điểm từ dữ liệu hiện tại")
    assert "Đã tính điểm" in page.content() and "Hà Nội" in page.content()
    axe(page)
    screenshot(page, "ranking")

    page.click("a:text('Hà Nội')")
    assert page.locator("svg[role=img] title").first.text_content().startswith("Điểm từng lĩnh vực của Hà Nội")
    axe(page)
    screenshot(page, "unit")
    page.click("a:text('TC1.6')")
    assert "Trọng số đã chia lại" in page.content()
    page.click("summary")
    axe(page)

    bad = tmp_path / "diem.csv"
    bad.write_text("Mã đơn vị,Mã tiêu chí,Điểm\n01,TC1.1,2\n01,TC1.2,99\n", encoding="utf-8")
    page.goto(base + "/appraisal")
    page.set_input_files("#file", str(bad))
    page.click("text=Kiểm tra và lưu")
    assert "Chưa lưu điểm nào" in page.content() and "Dòng 3, cột Điểm" in page.content()
    axe(page)
    screenshot(page, "appraisal-report")

    page.goto(base)
    page.click("text=Công bố kết quả…")
    page.click("text=Tôi đã xem lại kết quả")
    assert "Đã công bố kết quả" in page.content()

    _sign_in(phone_page, live_server, make_user("locality_officer", locality="79"))
    phone_page.goto(base)
    assert "Kết quả đã công bố" in phone_page.content() and "Tính điểm" not in phone_page.content()
    phone_page.click("a:text('TP Hồ Chí Minh')")
    assert "Chỉ số:" in phone_page.content()
    axe(phone_page)
    screenshot(phone_page, "officer-unit")
