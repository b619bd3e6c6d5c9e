"""Every bad file through the API: a Vietnamese message naming the problem, 422, and nothing stored."""

import io
import re
import zipfile

import pytest
from sqlalchemy import func, select

from survey_app.core.audit import AuditEntry
from survey_app.respondents import services
from survey_app.respondents.importing import import_list
from survey_app.respondents.models import ImportBatch, Respondent
from tests.respondents.builders import HEADER, encrypted_workbook, far_cell_xlsx, person, xlsx


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx([HEADER, person(1)]))) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/media/padding.bin", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


BAD_FILES = {
    "not a spreadsheet": (b"%PDF-1.7\n" + b"x" * 300, "ds.xlsx", "không phải"),
    "empty": (b"", "ds.xlsx", "rỗng"),
    "headers only": (xlsx([HEADER]), "ds.xlsx", "chưa có dòng"),
    "a 1 MB cell": (xlsx([HEADER, person(1, note="x" * 1_000_000)]), "ds.xlsx", "Dòng 2"),
    "16,000 columns": (far_cell_xlsx([(5, 16_000)]), "ds.xlsx", "cột"),
    "zip bomb": (_bomb(), "ds.xlsx", "giải nén"),
    "password": (encrypted_workbook(), "ds.xlsx", "mật khẩu"),
    "formula": (xlsx([HEADER, person(1)], formulas=[(1, 6, '=LOWER("A@HANOI.GOV.VN")', "a@hanoi.gov.vn")]),
                "ds.xlsx", "công thức"),
    "over the size limit": (b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024 + 10), "ds.xlsx", "quá lớn"),
}


@pytest.fixture
def officer_list(client, make_user, api_headers, make_campaign):
    campaign = make_campaign()
    headers = api_headers(make_user("locality_officer", locality="01"))
    url = f"/api/v1/campaigns/{campaign.id}/lists/01"
    assert client.post(url + "/import", headers=headers,
                       data={"file": (io.BytesIO(xlsx([HEADER, person(9)])), "ds.xlsx")}).status_code == 200
    return url, headers


def _counts(db):
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (Respondent, ImportBatch, AuditEntry)]


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gets_a_clear_422_and_stores_nothing(client, db, officer_list, case):
    url, headers = officer_list
    data, filename, words = BAD_FILES[case]
    before = _counts(db)
    r = client.post(url + "/import", headers=headers, data={"file": (io.BytesIO(data), filename)})
    assert r.status_code == 422
    body = r.get_json()
    assert body["accepted"] == 0 and words.lower() in body["rejected"][0]["message"].lower()
    assert _counts(db) == before
    assert [p["email"] for p in client.get(url, headers=headers).get_json()["respondents"]] == ["nva9@hanoi.gov.vn"]


def test_a_request_over_the_upload_limit_gets_413_in_vietnamese(client, officer_list):
    url, headers = officer_list
    r = client.post(url + "/import", headers=headers, data={"file": (io.BytesIO(b"x" * (13 * 1024 * 1024)), "a.xlsx")})
    assert r.status_code == 413 and "quá lớn" in r.get_json()["message"]


def test_the_upload_page_shows_a_bad_file_report_without_a_500(client, db, login_as, make_user, make_campaign):
    campaign = make_campaign()
    login_as(make_user("locality_officer", locality="01"))
    page = client.get(f"/campaigns/{campaign.id}/lists/01").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    r = client.post(f"/campaigns/{campaign.id}/lists/01/upload",
                    data={"csrf_token": token, "mode": "replace", "file": (io.BytesIO(encrypted_workbook()), "a.xlsx")})
    assert r.status_code == 422 and "mật khẩu" in r.get_data(as_text=True)


def test_the_upload_history_shows_the_first_fifty_mailboxes_of_a_change(client, db, login_as, make_user, make_campaign):
    campaign = make_campaign()
    officer = make_user("locality_officer", locality="01")
    lst = services.get_list_or_404(campaign.id, "01", officer)
    import_list(lst, xlsx([HEADER] + [person(n) for n in range(1, 61)]), "ds.xlsx", mode="replace",
                max_bytes=10**7, actor=officer)
    db.session.commit()
    login_as(officer)
    page = client.get(f"/campaigns/{campaign.id}/lists/01").get_data(as_text=True)
    assert "+60 thêm" in page and "và 10 hộp thư khác" in page
