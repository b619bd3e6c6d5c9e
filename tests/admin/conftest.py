"""Fixtures for the administration pages: a signed-in client with a CSRF token at hand."""

import re

import pytest

from survey_app.core.db import db as _db
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import get_list_or_404
from tests.conftest import person, xlsx_bytes


def csrf_token(client) -> str:
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.fixture
def admin(make_user):
    return make_user("moha_admin")


@pytest.fixture
def as_admin(client, login_as, admin):
    login_as(admin)
    return client


@pytest.fixture
def filled_list(make_campaign, admin):
    """filled_list(n=3, code='01', **campaign) → (campaign, list) with n people imported."""
    def make(n=3, code="01", **over):
        campaign = make_campaign(**over)
        lst = get_list_or_404(campaign.id, code, admin)
        import_list(lst, xlsx_bytes([person(i) for i in range(1, n + 1)]), "a.xlsx", mode="replace",
                    max_bytes=10**6, actor=admin)
        _db.session.commit()
        return campaign, lst
    return make


def post(client, url, **data):
    """A form POST with the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **data})
