"""The audit log for MOHA: browse, filter, details, export a period, chain status on the same page."""

import re
from io import BytesIO

from openpyxl import load_workbook

from survey_app.core.audit_log import action_label
from survey_app.core.clock import local
from survey_app.core.db import utcnow


def test_the_log_lists_entries_newest_first_with_the_chain_status(as_admin, make_campaign):
    make_campaign()
    page = as_admin.get("/audit").get_data(as_text=True)
    assert "Kiểm tra chuỗi: toàn vẹn" in page
    assert page.index("Mở kỳ khảo sát") < page.index("Tạo kỳ khảo sát")


def test_filter_by_what_and_who(as_admin, make_campaign):
    make_campaign()
    page = as_admin.get("/audit?what=campaign.open").get_data(as_text=True)
    assert "Mở kỳ khảo sát</td>" in page and "Tạo kỳ khảo sát</td>" not in page
    assert "Không có mục nào" in as_admin.get("/audit?who=nobody-here").get_data(as_text=True)


def test_an_entry_shows_its_details_and_hashes(as_admin, make_campaign):
    make_campaign()
    page = as_admin.get("/audit?what=campaign.create").get_data(as_text=True)
    seq = re.search(r'href="/audit/(\d+)"', page).group(1)
    detail = as_admin.get(f"/audit/{seq}").get_data(as_text=True)
    assert "par-2025" in detail and "Mã băm mục trước" in detail


def test_a_period_exports_as_xlsx(as_admin, make_campaign):
    make_campaign()
    today = local(utcnow()).date().isoformat()  # the filter takes days in Vietnam's time
    r = as_admin.get(f"/audit/export.xlsx?since=2000-01-01&until={today}")
    sheet = load_workbook(BytesIO(r.data)).active
    actions = [row[4] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "campaign.create" in actions and "campaign.open" in actions


def test_a_bad_date_is_a_422_naming_the_field(as_admin):
    r = as_admin.get("/audit?since=03/12/2026")
    assert r.status_code == 422 and "Từ ngày" in r.get_data(as_text=True)


def test_an_action_without_a_name_shows_its_code():
    assert action_label("list.submit") == "Gửi danh sách" and action_label("x.y") == "x.y"
