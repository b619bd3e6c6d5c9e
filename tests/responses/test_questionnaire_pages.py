"""MOHA's questionnaire pages: preview as respondents see it; load from YAML or a spreadsheet until frozen."""

import io
import re
from pathlib import Path

import xlsxwriter
from sqlalchemy import select

from survey_app.campaigns.models import Questionnaire
from survey_app.core.audit import AuditEntry
from survey_app.core.db import db
from tests.web.test_access_matrix import csrf_token

SOURCE = Path(__file__).resolve().parents[2] / "config" / "questionnaires" / "par-2025" / "TINH_HDND.yaml"


def _row(campaign, code="TINH_HDND") -> Questionnaire:
    db.session.expire_all()
    return db.session.scalar(select(Questionnaire).where(Questionnaire.campaign_id == campaign.id,
                                                         Questionnaire.code == code))


def _upload(client, campaign, data: bytes, filename: str, code="TINH_HDND"):
    return client.post(f"/campaigns/{campaign.id}/questionnaires/load",
                       data={"csrf_token": csrf_token(client), "code": code, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_the_preview_shows_the_respondents_questions_without_a_way_to_send(client, login_as, make_user,
                                                                           make_invitation):
    invitation, token = make_invitation()
    campaign = invitation.campaign
    login_as(make_user("moha_viewer"))
    preview = client.get(f"/campaigns/{campaign.id}/questionnaires/TINH_HDND/preview").get_data(as_text=True)
    respondent = client.get(f"/s/{token}").get_data(as_text=True)
    legends = re.compile(r"<legend>.*?</legend>", re.S)
    assert legends.findall(preview) == legends.findall(respondent) and len(legends.findall(preview)) > 20
    assert "Bản xem trước" in preview and '<form id="answers"' in preview and '<form method="post"' in respondent
    assert preview.count(" disabled>") == 2 and "respond.js" not in preview


def test_loading_a_changed_yaml_replaces_the_snapshot_and_is_audited(client, login_as, make_user, make_campaign):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    before = _row(campaign).checksum
    text = SOURCE.read_text(encoding="utf-8").replace("[MẪU MINH HỌA] Phiếu", "[MẪU MINH HỌA] Phiếu (bản sửa)")
    r = _upload(client, campaign, text.encode(), "TINH_HDND.yaml")
    assert r.status_code == 200 and "Đã thay phiếu TINH_HDND" in r.get_data(as_text=True)
    row = _row(campaign)
    assert row.checksum != before and "(bản sửa)" in row.title and "(bản sửa)" in row.definition["title"]
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "questionnaire.replace"))
    again = _upload(client, campaign, text.encode(), "TINH_HDND.yaml")
    assert "không có gì thay đổi" in again.get_data(as_text=True)


def test_a_broken_yaml_lists_file_line_and_path_and_stores_nothing(client, login_as, make_user, make_campaign):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    before = _row(campaign).checksum
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if "criterion:" in line)
    lines[number] = re.sub(r"criterion: .*", "criterion: TC99.9", lines[number])
    r = _upload(client, campaign, "\n".join(lines).encode(), "sai.yaml")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "Chưa lưu gì" in html
    assert re.search(rf"sai\.yaml, dòng {number + 1}, sections\[0\]\.questions\[\d+\]\.criterion: [^<]*TC99\.9", html)
    assert _row(campaign).checksum == before


def test_a_spreadsheet_with_one_row_per_question_loads(client, login_as, make_user, make_campaign):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    criteria = [q["criterion"] for s in _row(campaign).definition["sections"] for q in s["questions"]][:2]
    rows = [["Mã phần", "Tên phần", "Mã câu", "Nội dung câu hỏi", "Bắt buộc", "Thang đo", "Tiêu chí"],
            ["A", "Phần A", "A1", "Công khai thủ tục hành chính như thế nào?", "Có", "muc_do_4", criteria[0]],
            ["A", "", "A2", "Giải quyết hồ sơ đúng hẹn như thế nào?", "Không", "muc_do_4", criteria[1]]]
    r = _upload(client, campaign, _xlsx(rows), "phieu.xlsx")
    assert r.status_code == 200, r.get_data(as_text=True)
    questions = _row(campaign).definition["sections"][0]["questions"]
    assert [(q["code"], q["required"]) for q in questions] == [("A1", True), ("A2", False)]


def test_a_workbook_may_put_instructions_first_and_declare_its_own_scale(client, login_as, make_user, make_campaign):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    criterion = _row(campaign).definition["sections"][0]["questions"][0]["criterion"]
    questions = [["Mã phần", "Tên phần", "Mã câu", "Nội dung câu hỏi", "Bắt buộc", "Thang đo", "Tiêu chí"],
                 ["A", "Phần A", "A1", "Cán bộ tiếp dân có tận tình không?", "Có", "tan_tinh", criterion]]
    scales = [["Thang đo", "Giá trị", "Nhãn", "Điểm"],
              ["tan_tinh", "1", "Chưa tận tình", "0"], ["tan_tinh", "2", "Tận tình", "1"]]
    book = _xlsx({"Hướng dẫn": [["Mỗi dòng của trang Câu hỏi là một câu hỏi."]], "Câu hỏi": questions,
                  "Thang đo": scales})
    r = _upload(client, campaign, book, "phieu.xlsx")
    assert r.status_code == 200, r.get_data(as_text=True)
    (question,) = _row(campaign).definition["sections"][0]["questions"]
    assert [(o["value"], o["label"]) for o in question["options"]][:2] == [("1", "Chưa tận tình"), ("2", "Tận tình")]


def test_a_downloaded_spreadsheet_loads_back_as_the_same_questionnaire(client, login_as, make_user, make_campaign):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    before = _row(campaign).checksum
    r = client.get(f"/campaigns/{campaign.id}/questionnaires/TINH_HDND.xlsx")
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith(".xlsx")
    assert "Tải về bảng tính" in client.get(f"/campaigns/{campaign.id}/questionnaires/load").get_data(as_text=True)
    loaded = _upload(client, campaign, r.data, "phieu.xlsx")
    assert loaded.status_code == 200 and "giống hệt" in loaded.get_data(as_text=True)
    assert _row(campaign).checksum == before


def test_a_frozen_questionnaire_cannot_be_replaced(client, login_as, make_user, make_invitation):
    invitation, _ = make_invitation()
    campaign = invitation.campaign
    login_as(make_user("moha_admin"))
    before = _row(campaign).checksum
    text = SOURCE.read_text(encoding="utf-8").replace("[MẪU MINH HỌA] Phiếu", "[MẪU MINH HỌA] Phiếu (bản sửa)")
    r = _upload(client, campaign, text.encode(), "TINH_HDND.yaml")
    assert r.status_code == 409 and "không thể thay nữa" in r.get_data(as_text=True)
    assert _row(campaign).checksum == before


def _xlsx(rows) -> bytes:
    """A workbook of one sheet of `rows`, or of several: {sheet name: rows}, in order."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, sheet_rows in (rows if isinstance(rows, dict) else {"Câu hỏi": rows}).items():
        sheet = book.add_worksheet(name)
        for i, row in enumerate(sheet_rows):
            sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()
