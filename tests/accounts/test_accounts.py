"""Accounts: hashed passwords, lock-out, API tokens, the `flask users create` command."""

import re

import pytest
from sqlalchemy import select

from survey_app.accounts.models import ApiToken, User
from survey_app.accounts.services import authenticate
from tests.conftest import PASSWORD


def test_passwords_are_stored_as_argon2id_hashes(make_user):
    user = make_user()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_repeated_failures_lock_the_account_even_for_the_right_password(db, make_user):
    user = make_user()
    for _ in range(5):
        assert authenticate(user.email, "wrong", max_failures=5, lock_minutes=15) is None
    db.session.commit()
    assert user.locked_until is not None
    assert authenticate(user.email, PASSWORD, max_failures=5, lock_minutes=15) is None


def test_a_success_resets_the_failure_count(db, make_user):
    user = make_user()
    authenticate(user.email, "wrong", max_failures=5, lock_minutes=15)
    assert authenticate(user.email, PASSWORD, max_failures=5, lock_minutes=15) == user
    assert user.failed_logins == 0


def test_api_token_is_issued_for_right_credentials_and_stored_hashed(client, make_user, db):
    user = make_user()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    token = response.get_json()["token"]
    assert response.get_json()["expires_in"] > 0
    assert token not in {row.token_hash for row in db.session.scalars(select(ApiToken))}
    assert client.get("/api/v1/localities", headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize("body", [{"email": "nobody@moha.gov.vn", "password": PASSWORD}, {"email": "x"}, {}])
def test_wrong_credentials_get_401(client, make_user, body):
    make_user(email="someone@moha.gov.vn")
    assert client.post("/api/v1/auth/token", json=body).status_code == 401


def test_a_bad_bearer_token_gets_401(client, db):
    response = client.get("/api/v1/campaigns", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401 and "mã truy cập" in response.get_json()["message"]


def test_users_create_command_binds_an_officer_to_its_locality(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Can.Bo@HaNoi.gov.vn", "--password", "mat-khau-dai-du",
                                 "--role", "locality_officer", "--locality", "01"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "can.bo@hanoi.gov.vn"))
    assert user.locality.code == "01" and user.role == "locality_officer"


@pytest.mark.parametrize("args,message", [
    (["--role", "locality_officer"], "mã địa phương"),
    (["--role", "locality_officer", "--locality", "99"], "mã địa phương"),
    (["--role", "moha_admin", "--locality", "01"], "Chỉ cán bộ đầu mối"),
])
def test_users_create_refuses_a_wrong_locality_binding(app, db, args, message):
    result = app.test_cli_runner().invoke(args=["users", "create", "--email", "a@moha.gov.vn",
                                                "--password", "mat-khau-dai-du", *args])
    assert result.exit_code != 0 and message in result.output


def test_several_officers_may_share_a_locality(make_user):
    a, b = make_user("locality_officer", locality="01"), make_user("locality_officer", locality="01")
    assert a.locality_id == b.locality_id


def test_login_page_signs_in_and_out(client, make_user):
    user = make_user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert "Các kỳ khảo sát" in client.get("/").get_data(as_text=True)
