"""WCAG 2.2 §2.4.11 on a phone: moving through the answers with the keyboard, the focused answer is never
hidden under the sticky progress line or the sticky buttons; the section list jumps; the receipt has the copy."""

from tests.browser.conftest import PHONE
from tests.browser.test_respondent_page import respondent_url  # noqa: F401  (the fixture)


def _covered(page) -> bool:
    """Whether the focused element overlaps the sticky buttons at the bottom or the progress line on top."""
    return page.evaluate("""() => {
        const f = document.activeElement.closest('label, fieldset') || document.activeElement;
        const r = f.getBoundingClientRect(), b = document.querySelector('.buttons').getBoundingClientRect();
        const t = document.querySelector('.progress-line').getBoundingClientRect();
        return r.bottom > b.top + 1 || r.top < t.bottom - 1;
    }""")


def test_the_focused_answer_stays_clear_of_the_sticky_bars(make_context, respondent_url, axe):  # noqa: F811
    url, _ = respondent_url
    page = make_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(url)
    page.locator("fieldset.question input[type=radio]").first.focus()
    for step in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            assert not _covered(page), f"focus hidden after {step + 1} Tab presses"
    axe(page)


def test_the_section_list_jumps_and_the_receipt_offers_a_copy(make_context, respondent_url):  # noqa: F811
    url, _ = respondent_url
    page = make_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url)
    toc = page.locator("nav.toc a")
    assert toc.count() > 2
    toc.nth(2).click()
    assert page.evaluate("location.hash").startswith("#s-")
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("label.option").first.click()
    page.get_by_role("button", name="Gửi phiếu…").click()
    page.get_by_role("button", name="Xác nhận gửi phiếu").click()
    assert "Phiếu đã gửi lúc" in page.content() and page.locator("section.copy dd").count() > 5
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and page.locator("section.copy").is_visible()
