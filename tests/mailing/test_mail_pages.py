"""The mail pages: outcomes by locality, address corrections, reminders, and the campaign's own templates."""

import email
import re
from email import policy

from sqlalchemy import select

from survey_app.core.audit import AuditEntry
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.worker import run_once
from survey_app.respondents.models import Respondent

from .seeding import seed_campaign
from .test_worker import FakePool, settings


def csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def bounce(db, message: OutboxMessage, words: str) -> None:
    message.status, message.last_error = "bounced", words
    db.session.commit()


def setup_two_localities(db, make_campaign):
    campaign = make_campaign()
    seed_campaign(campaign, 2, code="01")
    seed_campaign(campaign, 2, code="79", domains=("hcm.gov.vn",))
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    bounce(db, messages[0], "550 5.1.1 <nguoi0@hanoi.gov.vn>: Recipient address rejected: User unknown")
    bounce(db, messages[2], "552 5.2.2 Over quota")
    return campaign, messages


def test_an_officer_sees_its_own_localitys_messages_with_the_servers_words(client, db, make_campaign, make_user,
                                                                         login_as):
    campaign, _ = setup_two_localities(db, make_campaign)
    login_as(make_user("locality_officer", locality="01"))
    page = client.get(f"/campaigns/{campaign.id}/mail?status=bounced").get_data(as_text=True)
    # plain words for the officer (issue 14 item 6); the server's own reply is for MOHA, one click away
    assert "Địa chỉ thư không tồn tại" in page and "User unknown" not in page and "Over quota" not in page
    assert client.get(f"/campaigns/{campaign.id}/mail?locality=79").status_code == 404


def test_moha_sees_every_locality_and_filters_by_one(client, db, make_campaign, make_user, login_as):
    campaign, _ = setup_two_localities(db, make_campaign)
    login_as(make_user("moha_viewer"))
    page = client.get(f"/campaigns/{campaign.id}/mail").get_data(as_text=True)
    assert "User unknown" in page and "Over quota" in page and "<progress" in page
    one = client.get(f"/campaigns/{campaign.id}/mail?locality=79").get_data(as_text=True)
    assert "Over quota" in one and "User unknown" not in one


def test_an_officer_corrects_a_bounced_address_and_the_message_goes_again(client, db, make_campaign, make_user,
                                                                         login_as):
    campaign, messages = setup_two_localities(db, make_campaign)
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{campaign.id}/mail"
    data = {"csrf_token": csrf(client, url), "message_id": messages[0].id, "email": " Nguoi0.Dung@HaNoi.gov.vn "}
    assert client.post(f"{url}/01/resend", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMessage, messages[0].id).status == "cancelled"
    respondent = db.session.get(Respondent, messages[0].respondent_id)
    assert respondent.email == "nguoi0.dung@hanoi.gov.vn"
    replacement = db.session.scalar(select(OutboxMessage).where(OutboxMessage.status == "queued",
                                                                OutboxMessage.kind == "invite"))
    assert replacement.dedupe_key == f"invite:{campaign.id}:{respondent.id}:r2"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "mail.correct_address"))
    pool = FakePool()
    assert run_once(pool, settings()) == 2  # the links to the new address, the notice to the old one
    assert sorted(env.recipient for env in pool.sent) == ["nguoi0.dung@hanoi.gov.vn", "nguoi0@hanoi.gov.vn"]


def test_a_wrong_address_is_refused_with_its_value_and_nothing_changes(client, db, make_campaign, make_user,
                                                                      login_as):
    campaign, messages = setup_two_localities(db, make_campaign)
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{campaign.id}/mail"
    data = {"csrf_token": csrf(client, url), "message_id": messages[0].id, "email": "nguoi0@"}
    page = client.post(f"{url}/01/resend", data=data, follow_redirects=True).get_data(as_text=True)
    assert "&#39;nguoi0@&#39; không phải là địa chỉ thư hợp lệ" in page
    db.session.expire_all()
    assert db.session.get(OutboxMessage, messages[0].id).status == "bounced"


def test_another_localitys_message_is_404(client, db, make_campaign, make_user, login_as):
    campaign, messages = setup_two_localities(db, make_campaign)
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{campaign.id}/mail"
    data = {"csrf_token": csrf(client, url), "message_id": messages[2].id, "email": "a@hcm.gov.vn"}
    assert client.post(f"{url}/01/resend", data=data).status_code == 404
    assert client.post(f"{url}/79/resend", data=data).status_code == 404


def test_the_reminder_button_reminds_the_officers_own_non_respondents(client, db, make_campaign, make_user,
                                                                     login_as):
    campaign, _ = setup_two_localities(db, make_campaign)
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{campaign.id}/mail"
    page = client.get(url).get_data(as_text=True)
    assert "Đôn đốc người chưa trả lời" in page
    answer = client.post(f"{url}/01/reminders", data={"csrf_token": csrf(client, url)}, follow_redirects=True)
    assert "Đã xếp 1 thư đôn đốc" in answer.get_data(as_text=True), "the bounced address is not reminded"
    reminded = db.session.scalars(select(OutboxMessage.locality_id).where(OutboxMessage.kind == "reminder")).all()
    assert len(reminded) == 1


def test_moha_edits_a_template_previews_it_and_the_worker_uses_it(client, db, make_campaign, make_user, login_as):
    campaign = make_campaign()
    seed_campaign(campaign, 1, status="queued")
    login_as(make_user("moha_admin"))
    url = f"/campaigns/{campaign.id}/mail/templates/invite"
    form = {"csrf_token": csrf(client, url), "subject": "Mời {{ respondent.full_name }} trả lời phiếu",
            "text": "Kính gửi {{ respondent.full_name }}:{% for l in links %} {{ l.url }}{% endfor %}"
                    " {{ campaign.hash_key }}|",
            "html": "<p>Kính gửi {{ respondent.full_name }}</p>"}
    preview = client.post(url, data={**form, "action": "preview"}).get_data(as_text=True)
    assert "Mời Nguyễn Văn An trả lời phiếu" in preview
    assert client.post(url, data={**form, "action": "save"}).status_code == 302
    pool = FakePool()
    run_once(pool, settings())
    message = email.message_from_bytes(pool.sent[0].data, policy=policy.default)
    assert message["Subject"] == "Mời Nguyễn Văn Thử 0 trả lời phiếu"
    text = message.get_body(("plain",)).get_content()
    assert "/s/" in text and text.rstrip().endswith(" |"), "templates cannot read the campaign's keys"


def test_a_template_that_does_not_compile_is_not_saved(client, db, make_campaign, make_user, login_as):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    url = f"/campaigns/{campaign.id}/mail/templates/reminder"
    form = {"csrf_token": csrf(client, url), "subject": "Nhắc {{ respondent.full_name ", "text": "x", "html": "y",
            "action": "save"}
    page = client.post(url, data=form).get_data(as_text=True)
    assert "Phần &#39;subject&#39;, dòng 1" in page
    db.session.refresh(campaign)
    assert "mail_templates" not in campaign.settings


def test_a_test_send_goes_to_the_given_address_with_the_sample_respondent(client, db, make_campaign, make_user,
                                                                          login_as):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    url = f"/campaigns/{campaign.id}/mail/templates/reminder"
    client.post(f"{url}/test", data={"csrf_token": csrf(client, url), "address": "kiemtra@moha.gov.vn"})
    pool = FakePool()
    assert run_once(pool, settings()) == 1
    message = email.message_from_bytes(pool.sent[0].data, policy=policy.default)
    assert pool.sent[0].recipient == "kiemtra@moha.gov.vn"
    assert message["Subject"].startswith("[Thư thử] [Bộ Nội vụ] Nhắc trả lời phiếu")
    assert "Nguyễn Văn An" in message.get_body(("plain",)).get_content()


def test_a_province_pages_through_its_mail_and_finds_one_person(client, db, make_campaign, make_user, login_as):
    campaign = make_campaign()
    seed_campaign(campaign, 230, code="01")
    seed_campaign(campaign, 3, code="79", domains=("hcm.gov.vn",))
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{campaign.id}/mail"
    first = client.get(url).get_data(as_text=True)
    assert "230 thư" in first and "Trang 1/3" in first and first.count("@hanoi.gov.vn</td>") == 100
    last = client.get(url + "?page=3").get_data(as_text=True)
    assert "Trang 3/3" in last and last.count("@hanoi.gov.vn</td>") == 30 and "Trang sau" not in last
    found = client.get(url + "?q=nguoi17@").get_data(as_text=True)
    assert "1 thư có “nguoi17@”" in found and "nguoi17@hanoi.gov.vn" in found and "nguoi170@" not in found
    by_name = client.get(url, query_string={"q": "Thử 229"}).get_data(as_text=True)
    assert "nguoi229@hanoi.gov.vn" in by_name and "1 thư" in by_name
    # Another locality's people are never found, and the search text is escaped, not interpreted.
    assert "Không có thư nào" in client.get(url + "?q=hcm.gov.vn").get_data(as_text=True)
    odd = client.get(url, query_string={"q": "<b>100%_</b>"}).get_data(as_text=True)
    assert "&lt;b&gt;100%_&lt;/b&gt;" in odd and "Không có thư nào" in odd
    assert client.get(url + "?page=-4").status_code == 200
