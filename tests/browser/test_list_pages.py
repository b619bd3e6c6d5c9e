"""A provincial officer and a MOHA admin in a real browser: upload with errors, fix, submit, approve, dispatch."""

import email
import re
from email import policy

from tests.conftest import PASSWORD, person, xlsx_bytes


def _sign_in(page, base, user):
    page.goto(base + "/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(base + "/")


def test_officer_fixes_a_rejected_file_and_submits(live_server, make_user, make_campaign, page, screenshot, tmp_path,
                                                   axe):
    campaign = make_campaign()
    _sign_in(page, live_server, make_user("locality_officer", locality="01"))
    page.goto(f"{live_server}/campaigns/{campaign.id}/lists/01")
    assert page.title() == "Danh sách Hà Nội · Bộ Nội vụ"

    bad = tmp_path / "danh-sach-loi.xlsx"
    bad.write_bytes(xlsx_bytes([person(1), person(2, email="nguyenvana@"), person(3, group="Nhóm lạ")]))
    page.set_input_files("#file", str(bad))
    page.click("text=Tải lên và kiểm tra")
    report = page.locator("#report")
    assert "Tệp chưa được nhập: có 2 lỗi cần sửa" in report.inner_text()
    assert "nguyenvana@" in report.inner_text() and "Nhóm lạ" in report.inner_text()
    assert "Chưa có đối tượng nào" in page.content()
    screenshot(page, "report")

    good = tmp_path / "danh-sach.xlsx"
    good.write_bytes(xlsx_bytes([person(1), person(2, org="Sở Y tế"), person(3, group="HDND", org="HĐND thành phố",
                                                                            position="Đại biểu")]))
    page.set_input_files("#file", str(good))
    page.click("text=Tải lên và kiểm tra")
    assert "Đã nhập 3 đối tượng" in page.content()
    assert page.locator("table tbody tr.active").count() == 3
    axe(page)
    page.select_option("select[name=group]", "HDND")
    page.click("text=Lọc")
    assert page.locator("table tbody tr.active").count() == 1
    screenshot(page, "review")

    page.click("text=Gửi danh sách tới Bộ Nội vụ")
    assert "1 danh sách, 3 đối tượng được khảo sát" in page.locator(".summary").inner_text()  # asks first
    page.click("text=Xác nhận gửi danh sách")
    assert "tới Bộ Nội vụ. Danh sách được khóa" in page.content()
    assert page.locator("text=Tải lên và kiểm tra").count() == 0


def test_admin_approves_dispatches_and_the_invitation_opens_on_a_phone(
        app, live_server, make_user, make_campaign, page, phone_page, smtp_server, screenshot):
    campaign = make_campaign()
    officer = make_user("locality_officer", locality="01")
    from survey_app.core.db import db
    from survey_app.respondents.importing import import_list
    from survey_app.respondents.services import get_list_or_404, submit_list
    lst = get_list_or_404(campaign.id, "01", officer)
    import_list(lst, xlsx_bytes([person(1, org="Sở Y tế")]), "ds.xlsx", mode="replace", max_bytes=10**6, actor=officer)
    submit_list(lst, actor=officer)
    db.session.commit()

    _sign_in(page, live_server, make_user("moha_admin"))
    page.goto(f"{live_server}/campaigns/{campaign.id}/lists/01")
    page.click("text=Duyệt danh sách")
    page.click("text=Xác nhận duyệt")
    assert "Đã duyệt danh sách của Hà Nội" in page.content()
    page.goto(f"{live_server}/campaigns/{campaign.id}")
    page.click("text=Gửi phiếu cho các danh sách đã duyệt")
    page.click("text=Xác nhận gửi 1 thư")
    assert "Đã tạo 2 phiếu" in page.content()
    screenshot(page, "dispatched")

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    assert app.test_cli_runner().invoke(args=["mail", "worker", "--once"]).exit_code == 0
    # The officers' notices (list approved, dispatch done) go out beside the respondent's invitation.
    [invited] = [m for m in smtp_server.messages if not m.rcpt_tos[0].endswith("@moha.gov.vn")]
    message = email.message_from_bytes(invited.content, policy=policy.default)
    links = re.findall(r"http://\S+/s/\S+", message.get_body(preferencelist=("plain",)).get_content())
    assert len(links) == 2
    phone_page.goto(links[0])
    assert phone_page.locator("fieldset.question").count() >= 20
    screenshot(phone_page, "questionnaire")
