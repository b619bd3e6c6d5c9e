"""Issue 10 item 4: sessions end on the server (sign-out, deactivation, password change); lock-out timing.

Browsers are real HTTP clients of the live server: each request there gets its own application context, as in
production (the test client shares the test's context, where Flask-Login keeps the loaded user in `g`).
"""

import re

import pytest
import requests
from sqlalchemy import update

from survey_app.accounts import manage, services
from survey_app.accounts.models import UserSession
from survey_app.accounts.password_links import change_password
from survey_app.accounts.services import authenticate
from survey_app.core.db import utcnow
from tests.conftest import PASSWORD


class Browser:
    """A requests session on the live server that does not follow redirects."""

    def __init__(self, base: str, cookie: str | None = None):
        self.base, self.http = base, requests.Session()
        if cookie:
            self.http.cookies.set("session", cookie)

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.base + path, allow_redirects=False, timeout=10)

    def post(self, path: str, data: dict, form: str = "/login") -> requests.Response:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(form).text).group(1)
        return self.http.post(self.base + path, data={**data, "csrf_token": token}, allow_redirects=False, timeout=10)


def _sign_in(base: str, user) -> tuple[Browser, str]:
    """A fresh browser signed in through the login form; returns it and its session cookie."""
    browser = Browser(base)
    assert browser.post("/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    return browser, browser.http.cookies["session"]


def _replay(base: str, cookie: str) -> int:
    """Another browser presenting a copy of the cookie: 200 if it is signed in, 302 to the login page if not."""
    return Browser(base, cookie).get("/").status_code


def test_the_cookie_holds_a_session_id_not_the_user_id(app, live_server, make_user):
    user = make_user()
    _, cookie = _sign_in(live_server, user)
    session = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert session["_user_id"] != str(user.id) and len(session["_user_id"]) > 30


def test_a_cookie_copied_before_sign_out_no_longer_works(live_server, make_user):
    browser, cookie = _sign_in(live_server, make_user())
    assert _replay(live_server, cookie) == 200
    assert browser.post("/logout", {}, form="/").status_code == 302
    assert _replay(live_server, cookie) == 302


def test_deactivation_ends_sessions_and_api_tokens_at_once(app, live_server, db, make_user, api_headers):
    user = make_user("locality_officer", locality="01")
    _, cookie = _sign_in(live_server, user)
    headers = api_headers(user)
    assert app.test_client().get("/api/v1/localities", headers=headers).status_code == 200
    manage.deactivate(user, actor=make_user())
    db.session.commit()
    assert _replay(live_server, cookie) == 302
    assert app.test_client().get("/api/v1/localities", headers=headers).status_code == 401
    manage.reactivate(user, actor="test")
    db.session.commit()
    assert _replay(live_server, cookie) == 302, "a reactivated account signs in again; old cookies stay dead"
    assert app.test_client().get("/api/v1/localities", headers=headers).status_code == 401


def test_a_password_change_ends_the_other_sessions_and_tokens_but_not_this_one(app, live_server, db, make_user,
                                                                              api_headers):
    user = make_user()
    browser, _ = _sign_in(live_server, user)
    _, other_cookie = _sign_in(live_server, user)
    headers = api_headers(user)
    new = "một câu dài dễ nhớ"
    response = browser.post("/account/password", {"current": PASSWORD, "password": new, "confirm": new},
                            form="/account/password")
    assert response.status_code == 302
    assert browser.get("/").status_code == 200
    assert _replay(live_server, other_cookie) == 302
    assert app.test_client().get("/api/v1/localities", headers=headers).status_code == 401
    assert authenticate(user.email, "một câu dài dễ nhớ", max_failures=5, lock_minutes=15) is not None


def test_a_wrong_current_password_changes_nothing(db, make_user):
    user = make_user()
    with pytest.raises(services.InvalidInput, match="hiện tại"):
        change_password(user, current="sai mật khẩu rồi", new="một câu dài dễ nhớ", keep_session=None)
    assert authenticate(user.email, PASSWORD, max_failures=5, lock_minutes=15) is not None


def test_a_server_session_expires_after_session_hours(live_server, db, make_user):
    _, cookie = _sign_in(live_server, make_user())
    db.session.execute(update(UserSession).values(expires_at=utcnow()))
    db.session.commit()
    assert _replay(live_server, cookie) == 302


@pytest.mark.parametrize("state", ["unknown", "wrong", "locked", "disabled"])
def test_every_refusal_verifies_a_password_hash_so_they_take_the_same_time(db, make_user, monkeypatch, state):
    user = make_user()
    if state == "locked":
        for _ in range(5):
            authenticate(user.email, "sai", max_failures=5, lock_minutes=15)
        assert user.locked_until is not None
    if state == "disabled":
        user.is_enabled = False
    calls = []
    real = services.check_password
    monkeypatch.setattr(services, "check_password", lambda stored, pw: calls.append(stored) or real(stored, pw))
    email = "khong-co@moha.gov.vn" if state == "unknown" else user.email
    password = "sai" if state == "wrong" else PASSWORD
    assert authenticate(email, password, max_failures=5, lock_minutes=15) is None
    assert len(calls) == 1, "one Argon2 verification, whatever the reason for refusing"


def test_a_locked_account_refuses_even_the_right_password_until_an_admin_lifts_the_lock(db, make_user):
    user = make_user("locality_officer", locality="01")
    for _ in range(5):
        authenticate(user.email, "sai", max_failures=5, lock_minutes=15)
    assert authenticate(user.email, PASSWORD, max_failures=5, lock_minutes=15) is None
    manage.unlock(user, actor=make_user())
    assert authenticate(user.email, PASSWORD, max_failures=5, lock_minutes=15) is user
