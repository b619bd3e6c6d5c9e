"""Dispatch: invitations and outbox rows for approved lists, in one transaction, idempotently."""

from io import BytesIO

import pytest
from sqlalchemy import func, select

from survey_app.core.audit import AuditEntry
from survey_app.invitations.models import Invitation
from survey_app.mailing.dispatch import dispatch
from survey_app.mailing.models import OutboxMessage
from survey_app.respondents.services import approve_list, get_list_or_404, submit_list
from tests.conftest import person, person_name, xlsx_bytes


@pytest.fixture
def approved(client, db, make_user, api_headers, make_campaign):
    """approved(rows, code="01") → the campaign with that locality's list imported, submitted and approved."""
    admin = make_user("moha_admin")
    campaign = make_campaign()

    def make(rows, code="01"):
        headers = api_headers(admin)
        r = client.post(f"/api/v1/campaigns/{campaign.id}/lists/{code}/import", headers=headers,
                        data={"file": (BytesIO(xlsx_bytes(rows)), "ds.xlsx")})
        assert r.status_code == 200, r.get_json()
        lst = get_list_or_404(campaign.id, code, admin)
        submit_list(lst, actor=admin)
        approve_list(lst, actor=admin)
        db.session.commit()
        return campaign, admin
    return make


def _invitations(db, campaign):
    rows = db.session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id))
    return sorted((i.respondent.email, i.questionnaire.code, i.evaluated_locality.code, i.group_code) for i in rows)


def test_a_deputy_who_leads_a_department_keeps_hdnd_and_the_ministry_questionnaire(db, approved):
    campaign, admin = approved([person(1, group="HDND", org="HĐND tỉnh", position="Đại biểu"),
                                person(2, group="LD_SO", org="Sở Y tế", email="nvthu1@hanoi.gov.vn",
                                       name=person_name(1))])
    dispatch(campaign, actor=admin)
    db.session.commit()
    assert _invitations(db, campaign) == [("nvthu1@hanoi.gov.vn", "BO_LD_SO", "BYT", "LD_SO"),
                                          ("nvthu1@hanoi.gov.vn", "TINH_HDND", "01", "HDND")]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.kind == "invite")) == 1  # one message carries both links


def test_the_ministry_questionnaire_is_dropped_when_the_campaign_setting_is_off(db, approved):
    campaign, admin = approved([person(1, group="HDND", org="HĐND tỉnh", position="Đại biểu"),
                                person(2, group="LD_SO", org="Sở Y tế", email="nvthu1@hanoi.gov.vn",
                                       name=person_name(1))])
    campaign.settings = {**campaign.settings, "keep_ministry_questionnaire": False}
    dispatch(campaign, actor=admin)
    db.session.commit()
    assert [i[1] for i in _invitations(db, campaign)] == ["TINH_HDND"]


def test_only_approved_lists_are_dispatched_and_a_repeat_adds_nothing(client, db, approved, make_user, api_headers):
    campaign, admin = approved([person(1, group="LD_XA", org="UBND xã Tiên Du")])
    officer = api_headers(make_user("locality_officer", locality="79"))
    client.post(f"/api/v1/campaigns/{campaign.id}/lists/79/import", headers=officer,
                data={"file": (BytesIO(xlsx_bytes([person(5, email="a@tphcm.gov.vn")])), "ds.xlsx")})
    headers = api_headers(admin)
    first = client.post(f"/api/v1/campaigns/{campaign.id}/dispatch", headers=headers, json={}).get_json()
    again = client.post(f"/api/v1/campaigns/{campaign.id}/dispatch", headers=headers, json={}).get_json()
    assert first == {"invitations_created": 1, "messages_queued": 1}
    assert again == {"invitations_created": 0, "messages_queued": 0}
    actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action == "campaign.dispatch")))
    assert len(actions) == 2


def test_dispatch_to_unknown_localities_is_422_and_creates_nothing(client, db, approved, api_headers):
    campaign, admin = approved([person(1)])
    r = client.post(f"/api/v1/campaigns/{campaign.id}/dispatch", headers=api_headers(admin),
                    json={"localities": ["01", "ZZ"]})
    assert r.status_code == 422 and "ZZ" in r.get_json()["message"]
    assert _invitations(db, campaign) == []


def test_dispatch_freezes_the_questionnaires_it_used(db, approved):
    campaign, admin = approved([person(1, group="LD_PHONG", org="Phòng Tổ chức, Sở Nội vụ")])
    dispatch(campaign, actor=admin)
    db.session.commit()
    frozen = {q.code for q in campaign.questionnaires if q.is_frozen}
    assert frozen == {"TINH_LD_PHONG", "BO_LD_PHONG"}
    assert campaign.status == "surveying"
