"""MOHA in a real browser: the queue, a flag's page (charts, labels, evidence) checked with axe, a dismissal,
and the confirmation page of a locality void with the scoring preview."""

from survey_app.core.db import db as _db
from survey_app.integrity.flags import list_flags
from survey_app.integrity.scan import scan_campaign
from tests.browser.test_list_pages import _sign_in
from tests.integrity.builders import device, dispatch_people, honest, submit, uniform


def _flagged(app, make_campaign):
    campaign = make_campaign()
    invitations = dispatch_people(campaign, {"01": 10, "79": 6})
    phone = device(app, "one-phone")
    for invitation in invitations["01"][:8]:
        submit(phone, "", invitation, uniform)
    for invitation in invitations["01"][8:] + invitations["79"]:
        submit(device(app, f"phone-{invitation.id}"), "", invitation, honest)
    scan_campaign(campaign, actor="test")
    _db.session.commit()
    return campaign, next(f for f in list_flags(campaign.id) if f.severity != "low")


def test_an_admin_reads_a_flag_dismisses_it_and_sees_what_a_void_would_change(app, live_server, make_user,
                                                                             make_campaign, page, screenshot, axe):
    campaign, flag = _flagged(app, make_campaign)
    base = f"{live_server}/campaigns/{campaign.id}/integrity"
    _sign_in(page, live_server, make_user("moha_admin"))
    page.goto(base)
    assert "Hà Nội" in page.content()
    axe(page)
    page.click(f"a:text('#{flag.id}')")
    assert page.locator("#timeline svg[role=img]").count() == 1
    assert page.locator("#similarity svg[role=img]").count() == 1
    assert "Thiết bị A" in page.content()
    axe(page)
    screenshot(page, "flag")
    page.fill("#reason", "Máy tính dùng chung của văn phòng HĐND, đã gọi điện xác minh")
    page.select_option("#decision", "dismissed")
    page.click("text=Ghi quyết định")
    assert "Đã ghi quyết định: Đã bỏ qua" in page.content()
    page.click("text=Đề nghị hủy toàn bộ kết quả của Hà Nội…")
    assert "Xác nhận hủy kết quả" in page.content()
    axe(page)
    screenshot(page, "void-confirm")
