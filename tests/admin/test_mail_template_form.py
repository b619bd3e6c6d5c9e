"""The email template as a form: wording with named placeholders, a preview, refusal before saving."""

import pytest

from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.mailing.render import check_template
from survey_app.mailing.simple_templates import DEFAULT_BODIES, check_simple, to_sources
from tests.admin.conftest import post


def test_typed_braces_stay_text_and_every_part_compiles():
    body = DEFAULT_BODIES["invite"] + " {% endraw %}{# {{ campaign.hash_key }}"
    sources = to_sources("Mời [người nhận] {{ x }}", body)
    for part, source in sources.items():
        check_template(part, source)
    assert "{{ respondent.full_name }}" in sources["subject"] and "{{ x }}" not in sources["subject"]


@pytest.mark.parametrize("subject,body,says", [
    ("Mời", "Kính gửi [tên]: [đường dẫn]", "Chỗ điền '[tên]' không có"),
    ("Mời", "Kính gửi [người nhận]", "Nội dung cần có [đường dẫn]"),
    ("", "[đường dẫn]", "Tiêu đề đang để trống"),
])
def test_wrong_wording_is_refused_with_what_to_fix(subject, body, says):
    with pytest.raises(InvalidInput) as caught:
        check_simple(subject, body)
    assert says in caught.value.message


def test_the_form_previews_with_a_sample_respondent_and_saves(as_admin, make_campaign):
    campaign = make_campaign()
    url = f"/campaigns/{campaign.id}/mail/templates/invite"
    page = as_admin.get(url).get_data(as_text=True)
    assert "[người nhận]" in page and "Mẫu gốc (cú pháp Jinja" in page
    form = {"subject": "Mời [người nhận] trả lời phiếu",
            "body": "Kính gửi [người nhận],\n[đường dẫn]\nHạn: [hạn trả lời]"}
    preview = post(as_admin, url, action="preview", **form).get_data(as_text=True)
    assert "Mời Nguyễn Văn An trả lời phiếu" in preview
    assert post(as_admin, url, action="save", **form).status_code == 302
    db.session.refresh(campaign)
    assert campaign.settings["mail_simple"]["invite"]["subject"] == form["subject"]
    assert "respondent.full_name" in campaign.settings["mail_templates"]["invite"]["subject"]


def test_an_unknown_placeholder_is_not_saved(as_admin, make_campaign):
    campaign = make_campaign()
    url = f"/campaigns/{campaign.id}/mail/templates/reminder"
    r = post(as_admin, url, action="save", subject="Nhắc", body="[ho ten] [đường dẫn]")
    assert r.status_code == 422 and "[ho ten]" in r.get_data(as_text=True)
    db.session.refresh(campaign)
    assert "mail_templates" not in campaign.settings
