"""Issue 14 items 3-9 in a real browser: dispatch asks first with its summary and then says what it did;
axe-core on the settings, audit log, help, confirmation and template pages, and on the respondent's receipt."""

from survey_app.core.db import db as _db
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list_or_404, submit_list
from tests.browser.test_account_pages import _sign_in
from tests.conftest import person, xlsx_bytes


def _approved_list(campaign, admin, n=3):
    lst = get_list_or_404(campaign.id, "01", admin)
    import_list(lst, xlsx_bytes([person(i) for i in range(1, n + 1)]), "a.xlsx", mode="replace", max_bytes=10**6,
                actor=admin)
    submit_list(lst, actor=admin)
    approve_list(lst, actor=admin)
    _db.session.commit()
    return lst


def test_dispatch_asks_first_then_says_what_was_done(app, db, live_server, make_user, make_campaign, page,
                                                     screenshot, axe):
    admin = make_user("moha_admin")
    campaign = make_campaign()
    _approved_list(campaign, admin)
    _sign_in(page, live_server, admin.email)
    page.wait_for_url(live_server + "/")
    page.goto(f"{live_server}/campaigns/{campaign.id}")
    page.click("text=Gửi phiếu cho các danh sách đã duyệt")
    assert "1 danh sách, 3 thư sẽ được gửi" in page.locator(".summary").inner_text()
    axe(page)
    screenshot(page, "confirm")
    page.click("text=Xác nhận gửi 3 thư")
    page.wait_for_url(f"{live_server}/campaigns/{campaign.id}")
    assert "Đã tạo" in page.locator(".flash").inner_text() and "thư vào hàng đợi" in page.locator(".flash").inner_text()
    axe(page)


def test_the_new_admin_pages_pass_axe(app, db, live_server, make_user, make_campaign, page, axe):
    admin = make_user("moha_admin")
    campaign = make_campaign()
    lst = get_list_or_404(campaign.id, "01", admin)
    import_list(lst, xlsx_bytes([person(1)]), "a.xlsx", mode="replace", max_bytes=10**6, actor=admin)
    _db.session.commit()
    _sign_in(page, live_server, admin.email)
    page.wait_for_url(live_server + "/")
    for path in (f"/campaigns/{campaign.id}/settings", "/audit", "/audit/1", "/help",
                 f"/campaigns/{campaign.id}/lists/01/submit", f"/campaigns/{campaign.id}/lists/01",
                 f"/campaigns/{campaign.id}/mail/templates/invite", f"/campaigns/{campaign.id}/dispatch"):
        page.goto(live_server + path)
        assert page.locator("nav.mainnav").count() == 1, path
        axe(page)


def test_an_officer_finds_the_steps_and_the_template_on_an_empty_list(app, db, live_server, make_user,
                                                                       make_campaign, page, axe):
    make_campaign()
    officer = make_user("locality_officer", locality="01")
    _sign_in(page, live_server, officer.email)
    page.wait_for_url(live_server + "/")
    page.click("nav.mainnav >> text=Danh sách")
    steps = page.locator("ol.steps").inner_text()
    assert "Tải tệp mẫu" in steps and "Gửi danh sách tới Bộ Nội vụ trước" in steps
    with page.expect_download() as download:
        page.click("ol.steps >> text=Tải tệp mẫu")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert page.locator("nav.mainnav >> text=Rà soát can thiệp").count() == 0
    axe(page)
