"""Every response carries the security headers once: staff pages, the respondent's page, JSON and errors."""

import pytest

from survey_app.invitations.links import link_token
from survey_app.web import SECURITY_HEADERS
from tests.conftest import person
from tests.responses.conftest import dispatch_rows


@pytest.fixture
def responses(client, make_user, login_as):
    login_as(make_user("moha_admin"))
    return {"staff page": client.get("/"), "login page": client.get("/login"),
            "unknown link": client.get("/s/khong-hop-le", headers={"Accept-Encoding": "gzip"}),
            "JSON": client.get("/api/v1/campaigns"), "missing page": client.get("/khong-co-trang-nay")}


def test_every_kind_of_response_carries_each_security_header_once(responses):
    for kind, response in responses.items():
        for name, value in SECURITY_HEADERS:
            assert response.headers.getlist(name) == [value], (kind, name, response.status_code)


def test_the_respondents_page_forbids_framing_and_caching(client, make_campaign):
    (invitation,) = dispatch_rows(make_campaign(), [person(1, group="HDND", org="HĐND thành phố Hà Nội")])
    page = client.get(f"/s/{link_token(invitation)}", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert page.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page.headers[
        "Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"


def test_hsts_is_sent_only_when_configured(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["HSTS_SECONDS"] = 31536000
    try:
        assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    finally:
        app.config["HSTS_SECONDS"] = 0
