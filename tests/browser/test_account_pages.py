"""Issue 14 items 1-2 in a real browser: an admin creates accounts from a file; a user resets a forgotten
password by the link in the mail the real SMTP server received; axe-core on every new page."""

import email
import re
from email import policy

from sqlalchemy import select

from survey_app.accounts.models import User
from tests.conftest import PASSWORD

NEW = "một câu dài dễ nhớ"


def _sign_in(page, base, email_address, password=PASSWORD):
    page.goto(base + "/login")
    page.fill("#email", email_address)
    page.fill("#password", password)
    page.click("button.primary")


def _deliver(app, smtp_server) -> list:
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    assert app.test_cli_runner().invoke(args=["mail", "worker", "--once"]).exit_code == 0
    return [email.message_from_bytes(m.content, policy=policy.default) for m in smtp_server.messages]


def test_admin_creates_accounts_from_a_file(app, db, live_server, make_user, page, screenshot, tmp_path, axe,
                                            smtp_server):
    admin = make_user("moha_admin")
    _sign_in(page, live_server, admin.email)
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/accounts")
    axe(page)
    page.click("text=Tạo nhiều tài khoản từ tệp")
    axe(page)

    bad = tmp_path / "tai-khoan-loi.csv"
    bad.write_text("Email;Họ và tên;Vai trò;Mã địa phương\nsai@;Nguyễn Văn An;Cán bộ địa phương;01\n"
                   "b@hanoi.gov.vn;Trần Bình;Cán bộ địa phương;\n", encoding="utf-8-sig")
    page.set_input_files("#file", str(bad))
    page.click("text=Kiểm tra và tạo tài khoản")
    report = page.locator("#report").inner_text()
    assert "Chưa tạo tài khoản nào: có 2 lỗi" in report and "sai@" in report and "Mã địa phương" in report
    axe(page)
    screenshot(page, "errors")

    good = tmp_path / "tai-khoan.csv"
    good.write_text("Email;Họ và tên;Vai trò;Mã địa phương\na@hanoi.gov.vn;Nguyễn Văn An;Cán bộ địa phương;01\n"
                    "b@moj.gov.vn;Trần Thị Bình;Cán bộ đầu mối bộ, ngành;BTP\n", encoding="utf-8-sig")
    page.set_input_files("#file", str(good))
    page.click("text=Kiểm tra và tạo tài khoản")
    assert "Đã tạo 2 tài khoản" in page.content()
    page.select_option("#role", "locality_officer")
    page.click("text=Lọc")
    assert page.locator("table.accounts tbody tr").count() == 2
    assert "Cán bộ đầu mối bộ, ngành" in page.locator("table.accounts").inner_text()
    screenshot(page, "list")

    page.click("text=b@moj.gov.vn")
    axe(page)
    page.click("text=Khóa tài khoản")
    assert "Đã khóa tài khoản b@moj.gov.vn" in page.content()
    messages = _deliver(app, smtp_server)
    assert sorted(m["To"] for m in messages) == ["a@hanoi.gov.vn"], "a deactivated account's link is not sent"


def test_a_user_resets_a_forgotten_password_by_the_mailed_link(app, db, live_server, make_user, page, screenshot,
                                                             axe, smtp_server):
    officer = make_user("locality_officer", locality="01")
    page.goto(live_server + "/login")
    page.click("text=Quên mật khẩu?")
    axe(page)
    page.fill("#email", officer.email)
    page.click("text=Gửi đường dẫn đặt lại mật khẩu")
    assert "Nếu địa chỉ này có tài khoản" in page.content()

    [message] = _deliver(app, smtp_server)
    link = re.search(r"http://127\.0\.0\.1:\d+/password/\S+", message.get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    assert officer.email in page.content()
    axe(page)
    page.fill("#password", "password1234")
    page.fill("#confirm", "password1234")
    page.click("button.primary")
    assert "quá phổ biến" in page.content()
    screenshot(page, "refused")
    page.fill("#password", NEW)
    page.fill("#confirm", NEW)
    page.click("button.primary")
    assert "Đã đặt mật khẩu" in page.content()

    _sign_in(page, live_server, officer.email, NEW)
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/account/password")
    axe(page)
    page.goto(link)
    assert "đã được dùng hoặc đã hết hạn" in page.content(), "the link works once"
    db.session.expire_all()
    assert db.session.scalar(select(User.failed_logins).where(User.id == officer.id)) == 0
