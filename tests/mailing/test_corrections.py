"""Issue 10 item 2: an officer cannot redirect a respondent's link by "correcting" a bounced address."""

import email
import re
from email import policy

import pytest
from sqlalchemy import select

from survey_app.core.audit import AuditEntry
from survey_app.invitations.links import token_for
from survey_app.invitations.models import Invitation
from survey_app.mailing.correction_models import AddressCorrection, CorrectionStatus
from survey_app.mailing.corrections import approve_correction, refuse_correction, request_correction
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.worker import run_once

from .seeding import seed_campaign
from .test_worker import FakePool, settings


def csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


@pytest.fixture
def bounced(db, make_campaign):
    """A surveying campaign with two of Hà Nội's respondents; the first one's invitation bounced."""
    campaign = make_campaign()
    seed_campaign(campaign, 2, code="01")
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    message.status, message.last_error = "bounced", "550 5.1.1 User unknown"
    db.session.commit()
    return campaign, message


def _invitation(db, message) -> Invitation:
    return db.session.scalar(select(Invitation).where(Invitation.respondent_id == message.respondent_id))


def _queued(db, kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind,
                                                               OutboxMessage.status == "queued")))


def test_an_official_address_is_applied_at_once_with_a_new_link_and_a_notice_to_the_old(db, bounced, make_user):
    _, message = bounced
    old_token = token_for(_invitation(db, message).id, _invitation(db, message).nonce)
    correction = request_correction(message, "Nguoi0.Moi@sotp.hanoi.gov.vn", actor=make_user("locality_officer", "01"))
    db.session.commit()
    assert correction.status == CorrectionStatus.APPLIED and correction.is_official
    assert token_for(_invitation(db, message).id, _invitation(db, message).nonce) != old_token, "old link dies"
    [invite], [notice] = _queued(db, "invite"), _queued(db, "notice")
    assert (invite.to_addr, notice.to_addr) == ("nguoi0.moi@sotp.hanoi.gov.vn", "nguoi0@hanoi.gov.vn")
    pool = FakePool()
    assert run_once(pool, settings()) == 2
    sent = {env.recipient: env.data for env in pool.sent}
    new_link = token_for(_invitation(db, message).id, _invitation(db, message).nonce)
    assert "/s/" not in _text(sent["nguoi0@hanoi.gov.vn"]), "the notice never carries a link"
    assert "đã được cấp lại" in _text(sent["nguoi0@hanoi.gov.vn"])
    assert new_link in _text(sent["nguoi0.moi@sotp.hanoi.gov.vn"])
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"mail.correction_request", "mail.correct_address", "invitation.reissue_link"} <= actions


def _text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=policy.default)
    return "".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")


def test_a_personal_mailbox_waits_for_a_moha_admin_and_nothing_is_sent_meanwhile(db, bounced, make_user):
    _, message = bounced
    nonce = _invitation(db, message).nonce
    correction = request_correction(message, "nguoi0@gmail.com", actor=make_user("locality_officer", "01"))
    db.session.commit()
    assert correction.status == CorrectionStatus.PENDING and not correction.is_official
    assert _invitation(db, message).nonce == nonce and _queued(db, "invite") == [] and _queued(db, "notice") == []
    assert run_once(FakePool(), settings()) == 0
    approve_correction(correction, actor=make_user("moha_admin"))
    db.session.commit()
    assert correction.status == CorrectionStatus.APPLIED and _invitation(db, message).nonce != nonce
    assert [m.to_addr for m in _queued(db, "invite")] == ["nguoi0@gmail.com"]


def test_a_refused_correction_changes_nothing_and_needs_a_reason(db, bounced, make_user):
    _, message = bounced
    correction = request_correction(message, "nguoi0@gmail.com", actor=make_user("locality_officer", "01"))
    admin = make_user("moha_admin")
    with pytest.raises(Exception, match="lý do"):
        refuse_correction(correction, reason=" ", actor=admin)
    refuse_correction(correction, reason="Không phải hộp thư công vụ", actor=admin)
    db.session.commit()
    assert correction.status == CorrectionStatus.REFUSED and _queued(db, "invite") == []
    assert message.status == "bounced" and message.respondent.email == "nguoi0@hanoi.gov.vn"


def test_a_strict_campaign_refuses_an_address_outside_gov_vn(db, bounced, make_user):
    campaign, message = bounced
    campaign.settings = {**campaign.settings, "domain_policy": "error"}
    db.session.commit()
    with pytest.raises(Exception, match=r"\.gov\.vn"):
        request_correction(message, "nguoi0@gmail.com", actor=make_user("locality_officer", "01"))


def test_a_second_correction_of_a_pending_one_is_refused(db, bounced, make_user):
    _, message = bounced
    officer = make_user("locality_officer", "01")
    request_correction(message, "nguoi0@gmail.com", actor=officer)
    with pytest.raises(Exception, match="đang chờ"):
        request_correction(message, "nguoi0@yahoo.com", actor=officer)


def test_moha_sees_every_correction_on_one_page_and_an_admin_approves_it_there(client, db, bounced, make_user,
                                                                               login_as):
    campaign, message = bounced
    officer = login_as(make_user("locality_officer", "01"))
    url = f"/campaigns/{campaign.id}/mail"
    data = {"csrf_token": csrf(officer, url), "message_id": message.id, "email": "nguoi0@gmail.com"}
    page = officer.post(f"{url}/01/resend", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Bộ Nội vụ duyệt" in page
    assert officer.get(f"{url}/corrections").status_code == 403
    correction = db.session.scalar(select(AddressCorrection))
    assert correction.status == CorrectionStatus.PENDING


def test_an_admin_approves_on_the_confirmation_page(client, db, bounced, make_user, login_as):
    campaign, message = bounced
    correction = request_correction(message, "nguoi0@gmail.com", actor=make_user("locality_officer", "01"))
    db.session.commit()
    admin = login_as(make_user("moha_admin"))
    listing = admin.get(f"/campaigns/{campaign.id}/mail/corrections").get_data(as_text=True)
    assert "nguoi0@gmail.com" in listing and "Chờ Bộ Nội vụ duyệt" in listing
    page_url = f"/campaigns/{campaign.id}/mail/corrections/{correction.id}"
    assert "Không thể hoàn tác" in admin.get(page_url).get_data(as_text=True)
    r = admin.post(f"{page_url}/approve", data={"csrf_token": csrf(admin, page_url)}, follow_redirects=True)
    assert r.status_code == 200 and "Đã duyệt" in r.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AddressCorrection, correction.id).status == CorrectionStatus.APPLIED
    assert admin.get(f"/campaigns/{campaign.id + 1000}/mail/corrections/{correction.id}").status_code == 404


def test_an_admin_cannot_approve_their_own_redirect_but_another_can(client, db, bounced, make_user, login_as):
    campaign, message = bounced
    requester, other = make_user("moha_admin"), make_user("moha_admin")
    correction = request_correction(message, "nguoi0@gmail.com", actor=requester)
    db.session.commit()
    with pytest.raises(Exception, match="không tự duyệt"):
        approve_correction(correction, actor=requester)
    db.session.rollback()

    browser = login_as(requester)
    page_url = f"/campaigns/{campaign.id}/mail/corrections/{correction.id}"
    page = browser.get(page_url).get_data(as_text=True)
    assert "không tự duyệt được" in page and "Duyệt và gửi đường dẫn mới" not in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # the refuse form's
    forced = browser.post(f"{page_url}/approve", data={"csrf_token": token}, follow_redirects=True)
    assert "không tự duyệt" in forced.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AddressCorrection, correction.id).status == CorrectionStatus.PENDING
    assert _queued(db, "invite") == [], "nothing went to the new address"

    approve_correction(db.session.get(AddressCorrection, correction.id), actor=other)
    db.session.commit()
    assert [m.to_addr for m in _queued(db, "invite")] == ["nguoi0@gmail.com"]
