"""Appraisal points (all or nothing, every upload kept, the template round-trips) and publishing."""

import hashlib
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.core.audit import AuditEntry
from survey_app.core.db import db as _db
from survey_app.scoring.models import AppraisalPoint, AppraisalUpload
from tests.scoring.conftest import void_locality
from tests.scoring.test_compute import compute


@pytest.fixture
def admin(make_user, api_headers):
    return api_headers(make_user("moha_admin"))


def upload(client, headers, cid, data: bytes, name="diem.csv"):
    return client.post(f"/api/v1/campaigns/{cid}/appraisal", data={"file": (BytesIO(data), name)}, headers=headers)


def test_good_points_are_stored_with_the_upload_and_count_in_the_index(client, answered, admin):
    campaign, _ = answered(provinces=("01",))
    without = {u["code"]: u for u in compute(client, admin, campaign.id)["units"]}
    data = "Mã đơn vị,Mã tiêu chí,Điểm\n01,TC1.1,\"2,5\"\n01,TC2.1,1.5\nBTP,TC1.1,2\n".encode()
    reply = upload(client, admin, campaign.id, data)
    assert reply.status_code == 200, reply.get_json()
    assert reply.get_json()["rows"] == 3 and reply.get_json()["checksum"] == hashlib.sha256(data).hexdigest()
    stored = _db.session.scalars(select(AppraisalUpload)).one()
    assert stored.content == data and "@" in stored.uploaded_by
    assert _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "appraisal.upload")) is not None
    after = {u["code"]: u for u in compute(client, admin, campaign.id)["units"]}
    assert after["01"]["appraisal_points"] == 4.0
    assert after["01"]["index"] == pytest.approx(without["01"]["index"] + 4.0, abs=1e-12)  # the level's max is 100
    assert after["01"]["computation"]["input_hash"] != without["01"]["computation"]["input_hash"]


def test_a_file_with_any_bad_row_stores_nothing_and_reports_every_row(client, make_campaign, admin):
    campaign = make_campaign()
    data = ("Mã đơn vị,Mã tiêu chí,Điểm\n01,TC1.1,2\nXX,TC1.1,1\n01,TC1.6,1\n01,TC1.2,9\n01,TC1.3,-1\n"
            "01,TC9.9,1\n01,TC1.4,abc\n01,TC1.1,2\n").encode()
    reply = upload(client, admin, campaign.id, data)
    assert reply.status_code == 422
    errors = reply.get_json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [
        (3, "Mã đơn vị"), (4, "Mã tiêu chí"), (5, "Điểm"), (6, "Điểm"), (7, "Mã tiêu chí"), (8, "Điểm"),
        (9, "Mã tiêu chí")]
    assert "XX" in errors[0]["message"] and "điều tra xã hội học" in errors[1]["message"]
    assert "vượt điểm tối đa 1.5" in errors[2]["message"] and errors[0]["message"].startswith("Dòng 3, cột")
    assert _db.session.scalar(select(AppraisalPoint)) is None and _db.session.scalar(select(AppraisalUpload)) is None


def test_a_file_without_header_is_read_as_unit_criterion_points(client, make_campaign, admin):
    campaign = make_campaign()
    assert upload(client, admin, campaign.id, b"79,TC1.1,2.0\n").status_code == 200
    assert _db.session.scalar(select(AppraisalPoint.points)) == 2.0


def test_not_a_spreadsheet_is_a_clear_422(client, make_campaign, admin):
    campaign = make_campaign()
    reply = upload(client, admin, campaign.id, b"%PDF-1.4", name="diem.pdf")
    assert reply.status_code == 422 and reply.get_json()["errors"][0]["field"] == "file"
    assert client.post(f"/api/v1/campaigns/{campaign.id}/appraisal", headers=admin).status_code == 422


def test_the_template_lists_every_unit_and_appraisal_criterion_and_loads_back(client, make_campaign, admin):
    campaign = make_campaign()
    reply = client.get(f"/api/v1/templates/appraisal.xlsx?campaign={campaign.id}", headers=admin)
    assert reply.status_code == 200
    book = load_workbook(BytesIO(reply.data))
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert ("01", "Hà Nội", "TC1.1") == rows[0][:3] and all(r[5] is None for r in rows)
    assert not any(r[2] == "TC1.6" for r in rows if r[0] == "01")   # survey criteria are not appraised
    for row in sheet.iter_rows(min_row=4, max_row=6):
        row[5].value = row[4].value / 2
    filled = BytesIO()
    book.save(filled)
    assert upload(client, admin, campaign.id, filled.getvalue(), name="mau.xlsx").status_code == 200
    assert len(_db.session.scalars(select(AppraisalPoint)).all()) == 3
    assert client.get("/api/v1/templates/appraisal.xlsx", headers=admin).status_code == 422


def test_officers_see_nothing_before_publishing_then_only_their_own_unit(client, answered, admin, make_user,
                                                                         api_headers):
    campaign, _ = answered()
    officer = api_headers(make_user("locality_officer", locality="01"))
    compute(client, admin, campaign.id)
    url = f"/api/v1/campaigns/{campaign.id}/scores"
    assert client.get(url, headers=officer).get_json()["units"] == []
    assert client.post(url + "/publish", headers=officer).status_code == 403
    assert client.post(url + "/publish", headers=admin).status_code == 200
    units = client.get(url, headers=officer).get_json()["units"]
    assert [u["code"] for u in units] == ["01"] and units[0]["rank"] >= 1
    assert len(client.get(url, headers=admin).get_json()["units"]) == 3
    assert _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "scores.publish")) is not None


def test_publishing_refuses_results_whose_inputs_changed_since(client, answered, admin):
    campaign, _ = answered(provinces=("01",))
    url = f"/api/v1/campaigns/{campaign.id}/scores/publish"
    assert client.post(url, headers=admin).status_code == 409      # nothing computed yet
    compute(client, admin, campaign.id)
    void_locality(campaign, "01")
    reply = client.post(url, headers=admin)
    assert reply.status_code == 409 and "tính điểm lại" in reply.get_json()["message"]


def test_preview_names_a_bad_body_and_changes_nothing(client, answered, admin):
    campaign, _ = answered(provinces=("01",))
    url = f"/api/v1/campaigns/{campaign.id}/scores/preview"
    assert client.post(url, json={"scope": "all"}, headers=admin).status_code == 422
    assert client.post(url, json={"scope": "locality", "locality": "ZZ"}, headers=admin).status_code == 422
    assert client.post(url, json={"scope": "responses", "invitations": [999999]}, headers=admin).status_code == 422
    compute(client, admin, campaign.id)
    reply = client.post(url, json={"scope": "locality", "locality": "01"}, headers=admin).get_json()
    hanoi = next(u for u in reply["units"] if u["code"] == "01")
    assert hanoi["voided_after"] and hanoi["index_after"] < hanoi["index_before"]
    assert {"index_before", "index_after", "rank_before", "rank_after", "kind"} <= set(hanoi)
    assert client.post(f"/api/v1/campaigns/{campaign.id}/scores/publish", headers=admin).status_code == 200
