"""Issue 14 item 1: MOHA admins manage accounts in the browser; every change audited."""

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, select

from survey_app.accounts.account_file import read_account_file
from survey_app.accounts.models import User, UserSession
from survey_app.core.audit import AuditEntry
from survey_app.mailing.models import OutboxMessage


def _csrf(client, url: str = "/accounts/new") -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


@pytest.fixture
def admin_client(client, login_as, make_user):
    login_as(make_user("moha_admin", email="quantri@moha.gov.vn"))
    return client


def _actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_list_search_and_filter(admin_client, make_user):
    make_user("locality_officer", locality="01", email="hanoi1@hanoi.gov.vn")
    make_user("locality_officer", locality="79", email="hcm1@tphcm.gov.vn")
    make_user("locality_officer", locality="BTP", email="dau-moi@moj.gov.vn")
    make_user("moha_viewer", email="theodoi@moha.gov.vn")
    page = admin_client.get("/accounts").get_data(as_text=True)
    assert "5 tài khoản" in page and "Hồ Chí Minh" in page and "Cán bộ đầu mối bộ, ngành" in page
    assert "hcm1@" not in admin_client.get("/accounts?locality=01").get_data(as_text=True)
    only_viewers = admin_client.get("/accounts?role=moha_viewer").get_data(as_text=True)
    assert "theodoi@" in only_viewers and "hanoi1@" not in only_viewers
    assert "1 tài khoản" in admin_client.get("/accounts?q=HCM1").get_data(as_text=True)


def test_a_ministry_officer_is_not_called_a_locality_officer(make_user):
    assert make_user("locality_officer", locality="BTP").role_label == "Cán bộ đầu mối bộ, ngành"
    assert make_user("locality_officer", locality="01").role_label == "Cán bộ địa phương"


def test_create_one_account_queues_its_set_password_mail_and_is_audited(admin_client, db):
    response = admin_client.post("/accounts/new", data={
        "email": "NguyenVanB@HaNoi.gov.vn", "full_name": "Nguyễn Văn B", "role": "locality_officer",
        "locality": "01", "csrf_token": _csrf(admin_client)})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nguyenvanb@hanoi.gov.vn"))
    assert user.locality.code == "01"
    assert db.session.scalar(select(OutboxMessage.kind).where(OutboxMessage.to_addr == user.email)) == "account"
    assert _actions(db)[-2:] == ["user.create", "user.password_link"]


def test_create_one_with_bad_input_names_each_field(admin_client, db):
    response = admin_client.post("/accounts/new", data={
        "email": "khong-phai-dia-chi", "full_name": "X", "role": "locality_officer", "locality": "",
        "csrf_token": _csrf(admin_client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "không phải là địa chỉ thư hợp lệ" in page and "mã địa phương" in page
    assert db.session.scalar(select(func.count(User.id))) == 1


def _upload(client, data: bytes, name: str):
    return client.post("/accounts/import", data={"file": (io.BytesIO(data), name),
                                                 "csrf_token": _csrf(client, "/accounts/import")},
                       content_type="multipart/form-data")


def test_many_accounts_from_a_csv_each_with_a_mailed_link(admin_client, db):
    text = ("Email;Họ và tên;Vai trò;Mã địa phương\n"
            "a1@hanoi.gov.vn;Nguyễn Văn An;Cán bộ địa phương;01\n"
            "b1@moj.gov.vn;Trần Thị Bình;locality_officer;BTP\n"
            "c1@moha.gov.vn;Lê Văn Chi;Theo dõi (Bộ Nội vụ);\n")
    response = _upload(admin_client, text.encode("utf-8-sig"), "tai-khoan.csv")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(User.id))) == 4
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "account")) == 3
    assert _actions(db).count("user.create") == 4


def test_a_file_with_any_bad_row_creates_nothing_and_names_row_and_column(admin_client, db, make_user):
    make_user("moha_viewer", email="da-co@moha.gov.vn")
    text = ("Email,Họ và tên,Vai trò,Mã địa phương\n"
            "tot@hanoi.gov.vn,Nguyễn Văn An,Cán bộ địa phương,01\n"
            "sai-dia-chi,Trần Thị Bình,Cán bộ địa phương,01\n"
            "x@hanoi.gov.vn,Lê Chi,Giám đốc,01\n"
            "y@hanoi.gov.vn,Lê Dũng,Cán bộ địa phương,\n"
            "tot@hanoi.gov.vn,Nguyễn Văn An,Cán bộ địa phương,01\n"
            "da-co@moha.gov.vn,Phạm Hà,Quản trị Bộ Nội vụ,\n"
            "z@hanoi.gov.vn,,Cán bộ địa phương,01\n")
    response = _upload(admin_client, text.encode(), "tai-khoan.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Chưa tạo tài khoản nào: có 6 lỗi" in page
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert [(r, c) for r, c, _ in rows] == [("3", "Email"), ("4", "Vai trò"), ("5", "Mã địa phương"),
                                           ("6", "Email"), ("7", "Email"), ("8", "Họ và tên")]
    assert "sai-dia-chi" in rows[0][2] and "Giám đốc" in rows[1][2] and "dòng 2" in rows[3][2]
    assert db.session.scalar(select(func.count(User.id))) == 2  # the admin and da-co@, nothing more


@pytest.mark.parametrize("data,name,message", [
    (b"\x00\x01garbage", "a.xlsx", "Không đọc được tệp .xlsx"),
    (b"a,b\n1,2\n", "a.csv", "Không tìm thấy dòng tiêu đề"),
    (b"Email,Vai tro\nx@y.vn,moha_viewer\n", "a.csv", "thiếu cột: Họ và tên"),
    (b"Email,Ho va ten,Vai tro\n", "a.csv", "không có dòng tài khoản"),
    (b"anything", "a.pdf", "không phải .xlsx hoặc .csv"),
])
def test_unreadable_files_get_a_clear_message(admin_client, data, name, message):
    response = _upload(admin_client, data, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_the_template_round_trips(admin_client, db):
    response = admin_client.get("/accounts/template.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Tài khoản", "Vai trò", "Mã địa phương"]
    assert [c.value for c in book["Tài khoản"][1]] == ["Email", "Họ và tên", "Vai trò", "Mã địa phương"]
    assert read_account_file(response.data, "mau.xlsx")[0].cells["locality"] == "01"
    assert _upload(admin_client, response.data, "mau.xlsx").status_code == 302


def test_change_role_ends_the_accounts_sessions_and_is_audited_with_before_and_after(admin_client, db, make_user,
                                                                                     login_as):
    officer = make_user("locality_officer", locality="01")
    from survey_app.accounts.sessions import start_session
    start_session(officer, hours=1)
    db.session.commit()
    response = admin_client.post(f"/accounts/{officer.id}/role", data={
        "role": "locality_officer", "locality": "79", "csrf_token": _csrf(admin_client, f"/accounts/{officer.id}")})
    assert response.status_code == 302
    db.session.refresh(officer)
    assert officer.locality.code == "79"
    assert db.session.scalar(select(func.count(UserSession.id)).where(UserSession.user_id == officer.id)) == 0
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    assert entry.action == "user.change_role" and entry.details["before"]["locality"] == "01"


def test_deactivate_reactivate_and_unlock_from_the_page(admin_client, db, make_user):
    officer = make_user("locality_officer", locality="01")
    url = f"/accounts/{officer.id}"
    for action in ("deactivate", "reactivate", "unlock"):
        assert admin_client.post(f"{url}/{action}", data={"csrf_token": _csrf(admin_client, url)}).status_code == 302
    assert _actions(db)[-3:] == ["user.deactivate", "user.reactivate", "user.unlock"]


def test_the_last_active_admin_cannot_lock_out_everyone(admin_client, db):
    admin = db.session.scalar(select(User).where(User.email == "quantri@moha.gov.vn"))
    url = f"/accounts/{admin.id}"
    response = admin_client.post(f"{url}/deactivate", data={"csrf_token": _csrf(admin_client, url)})
    assert response.status_code == 409 and "quản trị cuối cùng" in response.get_data(as_text=True)
    response = admin_client.post(f"{url}/role", data={"role": "moha_viewer", "locality": "",
                                                       "csrf_token": _csrf(admin_client, url)})
    assert response.status_code == 409
