"""Login and token endpoints are rate-limited per client (an app with limits switched on)."""

LIMIT = "3 per minute"


def test_login_attempts_beyond_the_limit_get_429_in_vietnamese(limited_app):
    client = limited_app(LOGIN_RATE_LIMIT=LIMIT).test_client()
    codes = [client.post("/api/v1/auth/token", json={"email": "a@b.vn", "password": "x"}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert "thử quá nhiều lần" in client.post("/api/v1/auth/token", json={}).get_json()["message"]


def test_forgotten_password_requests_are_rate_limited_too(limited_app):
    """Asking for reset links is a way to probe addresses and to flood mailboxes: limited like the login."""
    client = limited_app(LOGIN_RATE_LIMIT=LIMIT, WTF_CSRF_ENABLED=False).test_client()
    codes = [client.post("/password/forgot", data={"email": "khong-co@moha.gov.vn"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
