"""Login and token endpoints are rate-limited per client (an app with limits switched on)."""

from config.settings import Testing
from survey_app import create_app


class LimitedTesting(Testing):
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "3 per minute"


def test_login_attempts_beyond_the_limit_get_429_in_vietnamese(app):
    config = LimitedTesting()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    limited = create_app(config)
    client = limited.test_client()
    codes = [client.post("/api/v1/auth/token", json={"email": "a@b.vn", "password": "x"}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert "thử quá nhiều lần" in client.post("/api/v1/auth/token", json={}).get_json()["message"]


def test_forgotten_password_requests_are_rate_limited_too(app):
    """Asking for reset links is a way to probe addresses and to flood mailboxes: limited like the login."""
    config = LimitedTesting()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    config.WTF_CSRF_ENABLED = False
    client = create_app(config).test_client()
    codes = [client.post("/password/forgot", data={"email": "khong-co@moha.gov.vn"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
