"""Issue 14 item 2: set-password links mailed through the outbox (single use, expiring), "Quên mật khẩu?"."""

import email
import re
from email import policy

import pytest
from sqlalchemy import func, select, update

from survey_app.accounts.models import PasswordLink, PasswordPurpose
from survey_app.accounts.onboarding import invite_user
from survey_app.accounts.password_links import issue_password_link, link_token, open_link, request_reset
from survey_app.accounts.services import authenticate
from survey_app.core.audit import AuditEntry
from survey_app.core.db import utcnow
from survey_app.mailing.account_mail import queue_password_mail
from survey_app.mailing.models import OutboxMessage

NEW = "một câu dài dễ nhớ"


def _csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _deliver(app, smtp_server) -> list[email.message.EmailMessage]:
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    assert app.test_cli_runner().invoke(args=["mail", "worker", "--once"]).exit_code == 0
    return [email.message_from_bytes(m.content, policy=policy.default) for m in smtp_server.messages]


def _link_in(message) -> str:
    return re.search(r"http://localhost(/password/\S+)", message.get_body(("plain",)).get_content()).group(1)


def test_a_new_account_gets_a_mailed_link_that_sets_its_password_once(app, db, client, make_user, smtp_server):
    link = invite_user(email="nguyenvana@hanoi.gov.vn", full_name="Nguyễn Văn A", role="locality_officer",
                       locality_code="01", actor=make_user())
    queue_password_mail(link)
    db.session.commit()
    assert authenticate("nguyenvana@hanoi.gov.vn", "", max_failures=5, lock_minutes=15) is None
    [message] = _deliver(app, smtp_server)
    assert message["To"] == "nguyenvana@hanoi.gov.vn" and "đặt mật khẩu" in message["Subject"]
    assert "Cán bộ địa phương" in message.get_body(("plain",)).get_content()
    path = _link_in(message)
    response = client.post(path, data={"password": NEW, "confirm": NEW, "csrf_token": _csrf(client, path)})
    assert response.status_code == 302 and response.location == "/login"
    assert authenticate("nguyenvana@hanoi.gov.vn", NEW, max_failures=5, lock_minutes=15) is not None
    assert client.get(path).status_code == 404, "single use"


def test_a_common_password_is_refused_on_the_link_page_and_the_link_stays_usable(db, client, make_user):
    link = issue_password_link(make_user(), purpose=PasswordPurpose.SET, actor="test")
    db.session.commit()
    path = "/password/" + link_token(link)
    response = client.post(path, data={"password": "password1234", "confirm": "password1234",
                                       "csrf_token": _csrf(client, path)})
    assert response.status_code == 200 and "phổ biến" in response.get_data(as_text=True)
    assert client.get(path).status_code == 200


def test_an_expired_or_replaced_link_is_dead(db, make_user):
    user = make_user()
    first = issue_password_link(user, purpose=PasswordPurpose.SET, actor="test")
    first_token = link_token(first)
    second = issue_password_link(user, purpose=PasswordPurpose.RESET, actor="test")
    assert open_link(first_token) is None and open_link(link_token(second)) is second
    db.session.execute(update(PasswordLink).values(expires_at=utcnow()))
    db.session.expire_all()
    assert open_link(link_token(second)) is None
    assert open_link("forged.token") is None and open_link(link_token(second)[:-2] + "xx") is None


def test_forgot_password_answers_the_same_whether_or_not_the_address_exists(app, db, client, make_user,
                                                                            smtp_server):
    user = make_user()
    answers = []
    for address in (user.email, "khong-ton-tai@moha.gov.vn"):
        response = client.post("/password/forgot", data={"email": address,
                                                         "csrf_token": _csrf(client, "/password/forgot")})
        answers.append((response.status_code, response.location, client.get("/login").get_data(as_text=True)))
    assert answers[0] == answers[1] and "Nếu địa chỉ này có tài khoản" in answers[0][2]
    [message] = _deliver(app, smtp_server)
    assert message["To"] == user.email and "Đặt lại mật khẩu" in message["Subject"]


def test_a_second_reset_within_minutes_sends_nothing_more(db, make_user):
    user = make_user()
    assert request_reset(user.email) is not None
    assert request_reset(user.email.upper()) is None
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0  # the view queues; the rule only links
    assert request_reset("nobody@moha.gov.vn") is None


def test_a_reset_by_link_ends_every_session_lifts_the_lock_and_is_audited(db, client, make_user):
    user = make_user()
    for _ in range(5):
        authenticate(user.email, "sai", max_failures=5, lock_minutes=15)
    link = request_reset(user.email)
    db.session.commit()
    path = "/password/" + link_token(link)
    client.post(path, data={"password": NEW, "confirm": NEW, "csrf_token": _csrf(client, path)})
    assert authenticate(user.email, NEW, max_failures=5, lock_minutes=15) is user
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions[-2:] == ["user.password_link", "user.password_set"]


def test_a_dead_link_is_not_mailed(app, db, make_user, smtp_server):
    link = issue_password_link(make_user(), purpose=PasswordPurpose.SET, actor="test")
    queue_password_mail(link)
    issue_password_link(link.user, purpose=PasswordPurpose.SET, actor="test")  # replaces the first before sending
    db.session.commit()
    assert _deliver(app, smtp_server) == []
    assert db.session.scalar(select(OutboxMessage.status)) == "cancelled"


@pytest.mark.parametrize("token", ["x" * 500, "1.2.3"])
def test_a_bad_link_is_a_plain_404(client, db, token):
    assert client.get(f"/password/{token}").status_code == 404


def test_a_nul_in_a_link_is_refused_before_any_lookup(client, db):
    assert client.get("/password/%00").status_code == 400  # web/guards.py: a NUL byte anywhere is a 400
