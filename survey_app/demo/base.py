"""The demo's base: accounts, an open campaign and a few provinces' lists (idempotent)."""

from datetime import timedelta
from io import BytesIO

import xlsxwriter
from sqlalchemy import select

from survey_app.accounts.models import User
from survey_app.accounts.services import create_user
from survey_app.campaigns.models import Campaign
from survey_app.campaigns.services import create_campaign, open_campaign
from survey_app.core.db import db, utcnow
from survey_app.reference.models import get_locality
from survey_app.respondents.excel import FIELDS
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list, submit_list

DEMO_PASSWORD = "demo-par-2025"
ACCOUNTS = [("admin@moha.gov.vn", "moha_admin", None), ("lanhdao@moha.gov.vn", "moha_viewer", None),
            ("sonoivu@hanoi.gov.vn", "locality_officer", "01"), ("sonoivu@tphcm.gov.vn", "locality_officer", "79"),
            ("sonoivu@haiphong.gov.vn", "locality_officer", "31"), ("vanphong@moj.gov.vn", "locality_officer", "BTP")]
NAMES = ["Nguyễn Thị Mai", "Trần Văn Hùng", "Lê Minh Tuấn", "Phạm Thu Hằng", "Hoàng Đức Long", "Vũ Thị Lan",
         "Đặng Quốc Bảo", "Bùi Thanh Hương", "Đỗ Văn Nam", "Hồ Ngọc Anh", "Ngô Thị Thảo", "Dương Văn Khoa"]
ROWS = [("Đại biểu HĐND", "HĐND thành phố", "HDND"), ("Giám đốc", "Sở Y tế", "LD_SO"),
        ("Phó Giám đốc", "Sở Tư pháp", "LD_SO"),
        ("Trưởng phòng", "Phòng Kế hoạch - Tài chính, Sở Tài chính", "LD_PHONG"),
        ("Phó Trưởng phòng", "Phòng Cải cách hành chính, Sở Nội vụ", "LD_PHONG"),
        ("Chủ tịch", "UBND phường Ba Đình", "LD_XA")]


def _list_file(domain: str, offset: int) -> bytes:
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, list(FIELDS.values()))
    for i, (position, org, group) in enumerate(ROWS, start=1):
        name = NAMES[(i + offset) % len(NAMES)]
        sheet.write_row(i, 0, [i, name, position, org, group, "", f"demo{offset + i}@{domain}", "", ""])
    # A provincial deputy who also leads a department: HĐND is kept, the ministry questionnaire stays.
    sheet.write_row(len(ROWS) + 1, 0, [len(ROWS) + 1, NAMES[(1 + offset) % len(NAMES)], "Giám đốc", "Sở Xây dựng",
                                       "LD_SO", "", f"demo{offset + 1}@{domain}", "", ""])
    book.close()
    return buffer.getvalue()


def _accounts() -> list[str]:
    lines = []
    for email, role, code in ACCOUNTS:
        if not db.session.scalar(select(User.id).where(User.email == email)):
            create_user(email=email, password=DEMO_PASSWORD, role=role, locality_code=code, actor="demo")
        lines.append(f"  {email:28} {role:17} {code or ''}")
    return lines


def _campaign() -> Campaign:
    campaign = db.session.scalar(select(Campaign).where(Campaign.code == "DEMO2025"))
    if campaign is None:
        now = utcnow()
        campaign = create_campaign(code="DEMO2025", title="Điều tra XHH PAR INDEX 2025 (minh họa)", year=2025,
                                   model="par-2025", list_deadline=now + timedelta(days=14),
                                   response_deadline=now + timedelta(days=45), actor="demo")
        open_campaign(campaign, actor="demo")
        for code, domain, offset, approve in (("01", "hanoi.gov.vn", 0, True), ("31", "haiphong.gov.vn", 20, True),
                                              ("79", "tphcm.gov.vn", 40, False)):
            lst = get_list(campaign, get_locality(code))
            import_list(lst, _list_file(domain, offset), f"danh-sach-{code}.xlsx", mode="replace",
                        max_bytes=10**7, actor="demo")
            submit_list(lst, actor="demo")
            if approve:
                approve_list(lst, actor="demo")
    return campaign


def load() -> list[str]:
    """Create what is missing of the base; return the lines to print for a newcomer."""
    accounts = _accounts()
    campaign = _campaign()
    return ["Tài khoản minh họa (mật khẩu chung: " + DEMO_PASSWORD + "):", *accounts,
            f"Kỳ khảo sát {campaign.code}: danh sách Hà Nội và Hải Phòng đã duyệt, TP Hồ Chí Minh chờ duyệt.",
            "Thư gửi đi từ ứng dụng (thư mời, đôn đốc, thông báo) hiện ở /_mail/."]
