"""A respondent on a phone: answer, save, come back, submit through the confirmation, see the receipt."""

import pytest
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.invitations.links import link_token
from survey_app.responses.models import Response
from tests.browser.conftest import PHONE
from tests.conftest import person
from tests.responses.conftest import dispatch_rows


@pytest.fixture
def respondent_url(live_server, make_campaign):
    """The link of an HĐND member's questionnaire, served by the live server; and its invitation."""
    invitation = dispatch_rows(make_campaign(), [person(1, group="HDND", org="HĐND thành phố Hà Nội")])[0]
    return f"{live_server}/s/{link_token(invitation)}", invitation


def _stored(invitation) -> Response | None:
    db.session.expire_all()
    return db.session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def _choose(page, question_index: int, option_index: int = 0):
    page.locator("fieldset.question").nth(question_index).locator("label.option").nth(option_index).click()


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_answer_save_return_and_submit_on_a_phone(make_context, screenshot, respondent_url, javascript):
    url, invitation = respondent_url
    page = make_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript).new_page()
    page.goto(url)
    screenshot(page, "1-open")
    assert _fits_the_phone(page), "nothing wider than the phone"
    _choose(page, 0, 1)
    page.get_by_role("button", name="Lưu nháp").click()
    assert page.get_by_text("Đã lưu nháp").is_visible()
    page.goto(url)
    first = page.locator("fieldset.question").first.locator("input[type=radio]").nth(1)
    assert first.is_checked()
    questions = page.locator("fieldset.question").count()
    for i in range(1, questions):
        _choose(page, i, i % 3)
    screenshot(page, "2-answered")
    page.get_by_role("button", name="Gửi phiếu…").click()
    assert page.get_by_role("heading", name="Xác nhận gửi phiếu").is_visible()
    screenshot(page, "3-confirm")
    page.get_by_role("button", name="Xác nhận gửi phiếu").click()
    receipt = page.locator("#receipt").inner_text()
    screenshot(page, "4-receipt")
    stored = _stored(invitation)
    assert stored.status == "submitted" and receipt == stored.receipt and len(stored.answers) == questions


def test_missing_answers_are_marked_and_the_summary_links_to_them(make_context, screenshot, respondent_url):
    url, _ = respondent_url
    page = make_context(viewport=PHONE, is_mobile=True, java_script_enabled=False).new_page()
    page.goto(url)
    _choose(page, 0)
    page.get_by_role("button", name="Gửi phiếu…").click()
    summary = page.get_by_role("alert")
    assert "bắt buộc" in summary.inner_text()
    screenshot(page, "missing")
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(target).get_attribute("aria-describedby").startswith("err-")


def test_autosave_keeps_a_changed_answer_without_pressing_save(phone_page, screenshot, respondent_url):
    url, invitation = respondent_url
    phone_page.goto(url)
    _choose(phone_page, 2, 2)
    phone_page.get_by_text("Đã tự động lưu nháp").wait_for()
    assert phone_page.locator("#answered").inner_text() == "1"
    phone_page.reload()
    assert phone_page.locator("fieldset.question").nth(2).locator("input[type=radio]").nth(2).is_checked()
    screenshot(phone_page, "after-reload")
    assert len(_stored(invitation).answers) == 1


def test_a_question_can_be_answered_with_the_keyboard(page, respondent_url):
    url, invitation = respondent_url
    page.goto(url)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    radios = page.locator("fieldset.question").first.locator("input[type=radio]")
    assert radios.nth(1).is_checked() and page.evaluate("document.activeElement.value") == radios.nth(1).input_value()
