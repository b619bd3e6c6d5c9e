"""On PostgreSQL, respondents always belong to an existing list (checked per statement, not per row)."""

import pytest
from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError

from survey_app.respondents import services
from survey_app.respondents.importing import import_list
from survey_app.respondents.models import Respondent, RespondentList
from tests.conftest import person, xlsx_bytes

ROW = {"full_name": "Lê Thị Hồng", "position": "Giám đốc", "organisation": "Sở Nội vụ", "group_code": "LD_SO",
       "email": "lthong@hanoi.gov.vn", "phone": "", "note": "", "status": "active", "extra_ministries": []}


@pytest.fixture
def lst(app, db, make_user, make_campaign):
    if app.config["BACKEND"] != "postgres":
        pytest.skip("the list check is a PostgreSQL trigger; SQLite enforces no foreign keys in this app")
    admin = make_user("moha_admin")
    lst = services.get_list_or_404(make_campaign().id, "01", admin)
    import_list(lst, xlsx_bytes([person(1), person(2)]), "ds.xlsx", mode="replace", max_bytes=10**6, actor=admin)
    db.session.commit()
    return lst


def test_a_respondent_of_no_list_is_refused(db, lst):
    db.session.execute(insert(Respondent.__table__).values(list_id=lst.id, **ROW))  # an existing list is fine
    with pytest.raises(IntegrityError, match="does not refer to a respondent list"):
        db.session.execute(insert(Respondent.__table__), [{**ROW, "list_id": lst.id}, {**ROW, "list_id": 999_999}])
    db.session.rollback()


def test_moving_respondents_to_no_list_is_refused(db, lst):
    with pytest.raises(IntegrityError, match="does not refer to a respondent list"):
        db.session.execute(Respondent.__table__.update().where(Respondent.__table__.c.list_id == lst.id)
                           .values(list_id=999_999))
    db.session.rollback()


def test_a_list_with_respondents_cannot_be_deleted(db, lst):
    with pytest.raises(IntegrityError, match="still has respondents"):
        db.session.execute(delete(RespondentList.__table__).where(RespondentList.__table__.c.id == lst.id))
    db.session.rollback()
    assert len(db.session.get(RespondentList, lst.id).respondents) == 2
