"""A locality's detailed progress: who was sent, opened and submitted — scoped, and never any answer."""

from io import BytesIO

import openpyxl
import pytest

from survey_app.core.db import utcnow
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list_or_404, submit_list
from survey_app.responses.models import Response
from tests.conftest import person, xlsx_bytes


@pytest.fixture
def dispatched(db, make_user, make_campaign):
    admin = make_user("moha_admin")
    campaign = make_campaign()
    lst = get_list_or_404(campaign.id, "01", admin)
    import_list(lst, xlsx_bytes([person(1, org="Sở Y tế"), person(2, group="HDND", org="HĐND", position="Đại biểu"),
                                 person(3, group="LD_XA", org="UBND xã An Bình", position="-Phó Chủ tịch")]),
                "ds.xlsx", mode="replace", max_bytes=10**6, actor=admin)
    submit_list(lst, actor=admin)
    approve_list(lst, actor=admin)
    dispatch(campaign, actor=admin)
    db.session.commit()
    return campaign


def _answer_all(db, email):
    for invitation in db.session.query(Invitation).all():
        if invitation.respondent.email == email:
            invitation.opened_at = invitation.submitted_at = utcnow()
            db.session.add(Response(invitation_id=invitation.id, answers={"Q01": "4"}, status="submitted",
                                    submitted_at=utcnow(), receipt=f"R{invitation.id}"))
    db.session.commit()


def test_the_officer_sees_who_answered_but_no_answer(client, db, login_as, make_user, dispatched):
    _answer_all(db, "nvthu2@hanoi.gov.vn")
    login_as(make_user("locality_officer", locality="01"))
    page = client.get(f"/campaigns/{dispatched.id}/progress/01").get_data(as_text=True)
    assert "Đã trả lời đủ phiếu: <strong>1</strong>/3" in page
    assert "nvthu1@hanoi.gov.vn" in page and "0/2" in page and "1/1" in page
    assert "Q01" not in page
    late = client.get(f"/campaigns/{dispatched.id}/progress/01?only=late").get_data(as_text=True)
    assert "nvthu2@hanoi.gov.vn" not in late and "nvthu1@hanoi.gov.vn" in late


def test_another_locality_gets_404(client, login_as, make_user, dispatched):
    login_as(make_user("locality_officer", locality="79"))
    assert client.get(f"/campaigns/{dispatched.id}/progress/01").status_code == 404
    assert client.get(f"/campaigns/{dispatched.id}/progress/01/export.xlsx").status_code == 404


def test_the_export_lists_everyone_as_text(client, login_as, make_user, dispatched):
    login_as(make_user("locality_officer", locality="01"))
    response = client.get(f"/campaigns/{dispatched.id}/progress/01/export.xlsx")
    sheet = openpyxl.load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [row[4] for row in rows] == ["nvthu1@hanoi.gov.vn", "nvthu2@hanoi.gov.vn", "nvthu3@hanoi.gov.vn"]
    assert sheet["B6"].value == "-Phó Chủ tịch" and sheet["B6"].data_type == "s"
