"""A subject rendered once per campaign is the same as the one rendered per message, and only when it may be."""

from datetime import datetime
from types import SimpleNamespace

import pytest

from survey_app.mailing.render import campaign_subject, render_mail

CAMPAIGN = SimpleNamespace(year=2026, title="PAR INDEX 2026", code="PAR2026",
                           response_deadline=datetime(2026, 12, 15, 10, 0))


def context(name: str) -> dict:
    return {"campaign": CAMPAIGN, "respondent": SimpleNamespace(full_name=name),
            "links": [{"id": 1, "title": "Phiếu", "url": "https://x/s/1", "about": "Hà Nội"}],
            "locality": SimpleNamespace(name="Thành phố Hà Nội")}


@pytest.mark.parametrize("kind", ["invite", "reminder"])
def test_shipped_subjects_render_once_and_match_the_per_message_subject(kind):
    once = campaign_subject(kind, None, CAMPAIGN)
    assert once is not None
    assert once == render_mail(kind, **context("Nguyễn Văn An"))[0]
    assert render_mail(kind, subject=once, **context("Trần Thị Bình")) == render_mail(kind, **context("Trần Thị Bình"))


def test_a_subject_naming_the_respondent_is_rendered_per_message():
    overrides = {"subject": "Kính gửi {{ respondent.full_name }} ({{ campaign.year }})"}
    assert campaign_subject("invite", overrides, CAMPAIGN) is None
    assert render_mail("invite", overrides, **context("Lê Văn C"))[0] == "Kính gửi Lê Văn C (2026)"


def test_a_campaign_only_override_is_rendered_once():
    overrides = {"subject": "Khảo sát   {{ campaign.code }}\n"}
    assert campaign_subject("invite", overrides, CAMPAIGN) == "Khảo sát PAR2026"


def test_jinja_globals_still_reach_campaign_templates():
    overrides = {"text": "{% for n in range(2) %}{{ n }}{% endfor %} {{ respondent.full_name }}"}
    assert render_mail("invite", overrides, **context("An"))[1] == "01 An"
