"""Notices reach people: in the app with an unread count, and by email through the outbox, once, unless opted out."""

import ast
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from survey_app.core.db import utcnow
from survey_app.invitations.reopening import return_list
from survey_app.mailing.models import OutboxMessage
from survey_app.monitoring.models import Notification
from survey_app.monitoring.notice_mail import notice_texts
from survey_app.monitoring.notices import count_unread, notify, set_email
from survey_app.monitoring.watch import watch_progress
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import get_list_or_404, submit_list
from tests.conftest import person, xlsx_bytes

PACKAGE = Path(__file__).resolve().parents[2] / "survey_app"


def _submitted(db, make_user, make_campaign):
    admin = make_user("moha_admin")
    campaign = make_campaign()
    lst = get_list_or_404(campaign.id, "01", admin)
    import_list(lst, xlsx_bytes([person(1)]), "a.xlsx", mode="replace", max_bytes=10**6, actor=admin)
    submit_list(lst, actor=admin)
    return admin, campaign, lst


def _emails(db):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "notice")).all()


def test_a_returned_list_tells_the_officers_why_in_the_app_and_by_email(db, make_user, make_campaign):
    officer = make_user("locality_officer", locality="01")
    admin, campaign, lst = _submitted(db, make_user, make_campaign)
    return_list(lst, reason="Thiếu lãnh đạo phòng", actor=admin)
    db.session.commit()
    notice = db.session.scalars(select(Notification).where(Notification.kind == "list.returned")).one()
    assert "Thiếu lãnh đạo phòng" in notice.text and count_unread(officer) == 1
    mail = [m for m in _emails(db) if m.to_addr == officer.email]
    assert len(mail) == 1
    subject, text, _ = notice_texts(mail[0].dedupe_key, "https://khaosat.example")
    assert "Thiếu lãnh đạo phòng" in text and "https://khaosat.example/notices" in text


def test_moha_hears_of_a_submitted_list_and_officers_do_not(db, make_user, make_campaign):
    viewer, officer = make_user("moha_viewer"), make_user("locality_officer", locality="01")
    _submitted(db, make_user, make_campaign)
    db.session.commit()
    assert count_unread(viewer) == 1 and count_unread(officer) == 0


def test_an_officer_who_turned_email_off_still_sees_the_bell(db, make_user):
    officer = make_user("locality_officer", locality="01")
    set_email(officer, wanted=False, actor=officer)
    notify(officer.locality_id, None, "Thử")
    db.session.commit()
    assert count_unread(officer) == 1 and not [m for m in _emails(db) if m.to_addr == officer.email]


def test_deadline_warnings_are_raised_once(db, make_user, make_campaign):
    make_user("locality_officer", locality="01")
    campaign = make_campaign()
    campaign.list_deadline = utcnow() + timedelta(days=3, hours=1)
    db.session.commit()
    first = watch_progress()
    db.session.commit()
    assert first == 49 and watch_progress() == 0  # every locality without a sent list, once
    texts = db.session.scalars(select(Notification.text).where(Notification.kind == "deadline.list")).all()
    assert all(text.startswith("Còn 3 ngày đến hạn gửi danh sách") for text in texts)


def test_the_bell_shows_the_unread_count_and_the_page_marks_them_read(client, db, login_as, make_user):
    officer = make_user("locality_officer", locality="01")
    notify(officer.locality_id, None, "Bộ Nội vụ đã duyệt danh sách.")
    db.session.commit()
    login_as(officer)
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'class="badge">1<', home)
    assert "Bộ Nội vụ đã duyệt danh sách." in client.get("/notices").get_data(as_text=True)
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)


def test_areas_below_monitoring_never_import_it():
    for area in ("core", "reference", "accounts", "campaigns", "questionnaires", "respondents", "invitations",
                 "mailing", "responses"):
        for path in (PACKAGE / area).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom):
                    assert not (node.module or "").startswith("survey_app.monitoring"), path
