"""A small dispatched campaign with known delivery and answering, for the progress pages and their counts."""

import pytest
from sqlalchemy import select, update

from survey_app.core.db import utcnow
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from survey_app.mailing.models import OutboxMessage
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import approve_list, get_list_or_404, submit_list
from tests.conftest import person, xlsx_bytes


def load_list(campaign, code, rows, admin):
    lst = get_list_or_404(campaign.id, code, admin)
    import_list(lst, xlsx_bytes(rows), f"{code}.xlsx", mode="replace", max_bytes=10**6, actor=admin)
    submit_list(lst, actor=admin)
    return lst


@pytest.fixture
def progressed(db, make_user, make_campaign):
    """Hà Nội: 4 people (Sở Y tế ×2 → 2 invitations each, HĐND, xã), dispatched; TP HCM: 1 person, list waiting.

    Mail: one Hà Nội invite bounced, the rest sent. Answers: the HĐND deputy submitted, one Sở Y tế leader opened.
    """
    admin = make_user("moha_admin")
    campaign = make_campaign()
    hanoi = load_list(campaign, "01", [
        person(1, org="Sở Y tế"), person(2, org="Sở Y tế", position="Trưởng phòng", group="LD_PHONG"),
        person(3, group="HDND", org="HĐND tỉnh", position="Đại biểu"),
        person(4, group="LD_XA", org="UBND xã An Bình", position="Phó Chủ tịch")], admin)
    approve_list(hanoi, actor=admin)
    load_list(campaign, "79", [person(5, email="a5@tphcm.gov.vn")], admin)
    dispatch(campaign, actor=admin)
    db.session.execute(update(OutboxMessage).values(status="sent", sent_at=utcnow()))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.to_addr == "nvthu4@hanoi.gov.vn")
                       .values(status="bounced", last_error="550 5.1.1 User unknown"))
    now = utcnow()
    for invitation in db.session.scalars(select(Invitation)):
        if invitation.respondent.email == "nvthu3@hanoi.gov.vn":
            invitation.opened_at = invitation.started_at = invitation.submitted_at = now
        elif invitation.respondent.email == "nvthu1@hanoi.gov.vn" and invitation.evaluated_locality.code == "01":
            invitation.opened_at = now
    db.session.commit()
    return campaign
