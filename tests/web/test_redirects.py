"""Issue 10 item 4: `next=` after sign-in is only ever a path on this site, as the browser reads it."""

import re

import pytest

from survey_app.web.redirects import local_path
from tests.conftest import PASSWORD

REFUSED = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "/\n/evil.example", "/\r\n/evil.example", " //evil.example", "\t//evil.example", "\x00//evil.example",
    "https:evil.example", "https://evil.example", "http:/evil.example", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "//evil.example/%2F..", "/\\/evil.example", "evil.example", "", None,
    "\x0b//evil.example", "/\x7f/evil", "/\x01x",
]
KEPT = [("/", "/"), ("/campaigns/3/lists/01?x=1#top", "/campaigns/3/lists/01?x=1#top"),
        ("/accounts?q=a%2Fb", "/accounts?q=a%2Fb"), ("/%09/evil.example", "/%09/evil.example")]


@pytest.mark.parametrize("target", REFUSED)
def test_off_site_targets_are_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target,sent", KEPT)
def test_local_paths_are_kept(target, sent):
    assert local_path(target) == sent


@pytest.mark.parametrize("query,location", [
    ("next=/%09/evil.example", "/"), ("next=/%5Cevil.example", "/"), ("next=https:evil.example", "/"),
    ("next=%2F%2Fevil.example", "/"), ("next=/campaigns", "/campaigns"),
])
def test_the_login_form_redirects_only_to_a_local_path(client, make_user, query, location):
    user = make_user()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(f"/login?{query}", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.location == location
