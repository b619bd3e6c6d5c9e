"""Hand edits, reopening and the deadline lock."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.core.db import utcnow
from survey_app.core.errors import InvalidState
from survey_app.invitations import reopening
from survey_app.mailing.dispatch import dispatch
from survey_app.monitoring.models import Notification
from survey_app.respondents import editing, services
from survey_app.respondents.importing import import_list
from survey_app.respondents.rebuild import ImportRejected
from tests.conftest import person, person_name, xlsx_bytes

ROW = {"full_name": "Lê Thị Hồng", "position": "Giám đốc", "organisation": "Sở Nội vụ", "group": "LD_SO",
       "managing_ministry": "", "email": "lthong@hanoi.gov.vn", "phone": "", "note": ""}


@pytest.fixture
def lst(db, make_user, make_campaign):
    admin = make_user("moha_admin")
    campaign = make_campaign()
    lst = services.get_list_or_404(campaign.id, "01", admin)
    import_list(lst, xlsx_bytes([person(1), person(2, group="HDND", org="HĐND tỉnh", position="Đại biểu")]),
                "ds.xlsx", mode="replace", max_bytes=10**6, actor=admin)
    db.session.commit()
    lst.admin = admin
    return lst


def test_a_row_added_by_hand_gets_the_ministry_inferred(db, lst):
    editing.add_row(lst, ROW, actor=lst.admin)
    db.session.commit()
    added = next(r for r in lst.respondents if r.email == "lthong@hanoi.gov.vn")
    assert added.managing_ministry == "BNV" and lst.version == 2


def test_a_bad_hand_edit_names_the_problem_and_changes_nothing(db, lst):
    before = [r.email for r in lst.respondents]
    with pytest.raises(ImportRejected) as caught:
        editing.add_row(lst, {**ROW, "email": "lthong@"}, actor=lst.admin)
    db.session.rollback()
    assert "lthong@" in caught.value.report["rejected"][0]["message"]
    assert [r.email for r in lst.respondents] == before


def test_a_hand_added_duplicate_of_a_deputy_is_excluded_with_a_reason(db, lst):
    editing.add_row(lst, {**ROW, "full_name": person_name(2), "email": "nvthu2@hanoi.gov.vn"}, actor=lst.admin)
    db.session.commit()
    excluded = [r for r in lst.respondents if r.status == "excluded"]
    assert len(excluded) == 1 and excluded[0].group_code == "LD_SO" and excluded[0].excluded_reason
    deputy = next(r for r in lst.respondents if r.group_code == "HDND")
    # The stored link points at the kept row, even though the rebuild inserted both in one statement.
    assert excluded[0].duplicate_of_id == deputy.id and deputy.duplicate_of_id is None
    editing.remove_row(lst, excluded[0].id, actor=lst.admin)
    db.session.commit()
    assert all(r.duplicate_of_id is None for r in lst.respondents)


def test_edit_and_remove_rows(db, lst):
    first = lst.respondents[0]
    editing.update_row(lst, first.id, {**ROW, "email": "moi@hanoi.gov.vn"}, actor=lst.admin)
    db.session.commit()
    assert "moi@hanoi.gov.vn" in [r.email for r in lst.respondents]
    editing.remove_row(lst, lst.respondents[0].id, actor=lst.admin)
    db.session.commit()
    assert len(lst.respondents) == 1


def test_the_deadline_job_locks_unsent_lists_and_tells_the_locality(db, lst):
    lst.campaign.list_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert services.lock_overdue_lists(actor="scheduler") == [lst]
    db.session.commit()
    assert lst.locked_at is not None
    assert services.lock_overdue_lists(actor="scheduler") == []
    assert "quá hạn" in db.session.scalars(select(Notification.text)).first()
    with pytest.raises(InvalidState):
        editing.add_row(lst, ROW, actor=lst.admin)


def test_moha_can_reopen_a_locked_list_for_a_while(db, lst):
    lst.campaign.list_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    reopening.reopen_list(lst, reason="Tỉnh xin bổ sung", until=utcnow() + timedelta(days=2), actor=lst.admin)
    db.session.commit()
    editing.add_row(lst, ROW, actor=lst.admin)
    services.submit_list(lst, actor=lst.admin)
    db.session.commit()
    assert lst.status == "submitted"


def test_reopen_needs_a_reason(db, lst):
    with pytest.raises(Exception, match="lý do"):
        reopening.reopen_list(lst, reason="", until=utcnow() + timedelta(days=1), actor=lst.admin)


def test_a_dispatched_list_cannot_be_reopened(db, lst):
    services.submit_list(lst, actor=lst.admin)
    services.approve_list(lst, actor=lst.admin)
    dispatch(lst.campaign, actor=lst.admin)
    db.session.commit()
    with pytest.raises(InvalidState, match="Đã gửi phiếu"):
        reopening.reopen_list(lst, reason="Tỉnh xin bổ sung", until=utcnow() + timedelta(days=1), actor=lst.admin)
