"""The national overview as MOHA sees it and a province's desk as its officer sees it, in a real browser:
charts readable without JavaScript, sorting by links, reminders confirmed first; axe-core on both pages."""

from tests.conftest import PASSWORD
from tests.monitoring.conftest import progressed  # noqa: F401  (the fixture)


def _sign_in(page, base, user):
    page.goto(base + "/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(base + "/")


def test_moha_reads_the_overview_sorts_and_filters(live_server, make_user, progressed, page, screenshot, axe):  # noqa: F811
    _sign_in(page, live_server, make_user("moha_viewer"))
    page.goto(f"{live_server}/campaigns/{progressed.id}/overview")
    assert page.title().startswith("Tổng quan")
    assert page.locator("svg[role=img]").count() >= 2
    assert "Danh sách đang chờ Bộ Nội vụ duyệt" in page.locator("ol.actions-list").inner_text()
    screenshot(page, "overview")
    axe(page)
    with page.expect_navigation():
        page.click("table.units thead >> text=Tỷ lệ")
    with page.expect_navigation():
        page.click("table.units thead >> text=Tỷ lệ")
    assert page.locator("table.units tbody tr").first.locator("td").nth(1).inner_text() == "Hà Nội"
    page.select_option("#kind", "ministry")
    with page.expect_navigation():
        page.click("text=Lọc")
    assert page.locator("table.units tbody tr").count() == 15
    screenshot(page, "overview-ministries")


def test_an_officer_works_the_desk_and_confirms_reminders(live_server, make_user, progressed, page, screenshot,  # noqa: F811
                                                          axe):
    _sign_in(page, live_server, make_user("locality_officer", locality="01"))
    assert "1" in page.locator("a.bell").inner_text() or page.locator("a.bell").count() == 1
    page.goto(f"{live_server}/campaigns/{progressed.id}/progress/01")
    assert "Phễu của Hà Nội" in page.content() and "Hộp thư không tồn tại" in page.content()
    screenshot(page, "desk")
    axe(page)
    page.select_option("#only", "bounced")
    # Each click that loads a page waits for its load event: content() earlier may hold half the new table.
    with page.expect_navigation():
        page.click("text=Lọc")
    assert "nvthu4@hanoi.gov.vn" in page.content() and "nvthu1@hanoi.gov.vn" not in page.content()
    with page.expect_navigation():
        page.click("text=Đôn đốc người chưa trả lời…")
    assert "Xác nhận gửi 2 thư đôn đốc" in page.content()
    screenshot(page, "reminders-confirm")
    axe(page)
    with page.expect_navigation():
        page.click("text=Xác nhận gửi 2 thư đôn đốc")
    assert "đã xếp 2 thư đôn đốc" in page.content()
    page.goto(f"{live_server}/campaigns/{progressed.id}/overview")
    assert "403" in page.title() or "quyền" in page.content()
