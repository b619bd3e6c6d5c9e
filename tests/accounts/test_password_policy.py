"""NIST SP 800-63B: length over composition rules, and no password from the shipped list of common ones."""

import pytest

from survey_app.accounts.password_policy import MIN_LENGTH, common_passwords, password_problems
from survey_app.accounts.services import create_user
from survey_app.core.errors import InvalidInput


@pytest.mark.parametrize("password", [
    "1234567890", "123456789012", "password1234", "Password1234!", "qwertyuiop123", "iloveyou2024!!",
    "matkhau12345678", "Bonoivu@2025!", "aaaaaaaaaaaaaaaa", "abababababababab", "baseball1234", "0987654321098",
])
def test_common_or_too_short_passwords_are_refused(password):
    assert password_problems(password)


@pytest.mark.parametrize("password", [
    "một câu dài dễ nhớ", "ngựa pin đúng ghim", "correct horse battery staple", "giờ ra chơi lúc 9h",
    "xanhlacaydongsong", "k7#pQ2!zR9&m",
])
def test_long_uncommon_passwords_need_no_digits_or_symbols(password):
    assert password_problems(password) == []


def test_the_address_itself_is_not_a_password():
    assert password_problems("nguyenvana@hanoi.gov.vn", email="nguyenvana@hanoi.gov.vn")
    assert password_problems("nguyenvanan2025", email="nguyenvanan@hanoi.gov.vn")


def test_the_shipped_list_is_loaded_and_the_message_says_what_to_do():
    assert len(common_passwords()) > 10_000 and "1234567890" in common_passwords()
    assert f"ít nhất {MIN_LENGTH} ký tự" in password_problems("ngắn quá")[0]
    assert "phổ biến" in password_problems("password1234")[0]


def test_an_admin_with_1234567890_is_refused(db):
    with pytest.raises(InvalidInput) as refused:
        create_user(email="admin@moha.gov.vn", password="1234567890", role="moha_admin", actor="test")
    assert refused.value.errors[0]["field"] == "password"
    with pytest.raises(InvalidInput):
        create_user(email="admin@moha.gov.vn", password="123456789012", role="moha_admin", actor="test")


def test_the_cli_applies_the_policy(app, db):
    result = app.test_cli_runner().invoke(args=["users", "create", "--email", "a@moha.gov.vn", "--password",
                                                "password1234", "--role", "moha_admin"])
    assert result.exit_code != 0 and "phổ biến" in result.output
