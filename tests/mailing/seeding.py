"""Fast seeding for worker tests: a surveying campaign with thousands of respondents, invitations and
outbox rows written with bulk inserts (dispatch is tested elsewhere; here only the sending matters)."""

from sqlalchemy import insert, select

from survey_app.core.db import db, utcnow
from survey_app.invitations.links import new_nonce
from survey_app.invitations.models import Invitation
from survey_app.mailing.models import OutboxMessage
from survey_app.reference.models import get_locality
from survey_app.respondents.models import Respondent, RespondentList


def seed_campaign(campaign, n: int, *, code: str = "01", domains=("hanoi.gov.vn",), status: str = "sent") -> list:
    """n respondents of locality `code`, one invitation each and an invite outbox row in `status`.

    Returns the respondent ids. status "queued" leaves every invitation waiting for a worker.
    """
    locality = get_locality(code)
    now = utcnow()
    campaign.status = "surveying"
    lst = RespondentList(campaign_id=campaign.id, locality_id=locality.id, status="approved", submitted_at=now,
                         decided_at=now)
    db.session.add(lst)
    db.session.flush()
    questionnaire = campaign.questionnaires[0]
    db.session.execute(insert(Respondent), [
        {"list_id": lst.id, "full_name": f"Nguyễn Văn Thử {i}", "position": "Chuyên viên", "organisation": "Sở Nội vụ",
         "group_code": campaign.groups[0].code, "email": f"nguoi{i}@{domains[i % len(domains)]}", "status": "active"}
        for i in range(n)])
    rows = list(db.session.execute(select(Respondent.id, Respondent.email).where(Respondent.list_id == lst.id)
                                   .order_by(Respondent.id)))
    db.session.execute(insert(Invitation), [
        {"campaign_id": campaign.id, "respondent_id": rid, "questionnaire_id": questionnaire.id,
         "locality_id": locality.id, "evaluated_locality_id": locality.id, "group_code": campaign.groups[0].code,
         "nonce": new_nonce()} for rid, _ in rows])
    db.session.execute(insert(OutboxMessage), [
        {"campaign_id": campaign.id, "respondent_id": rid, "locality_id": locality.id, "kind": "invite",
         "dedupe_key": f"invite:{campaign.id}:{rid}", "to_addr": email, "domain": email.rpartition("@")[2],
         "status": status, "attempts": 0, "next_attempt_at": now, "message_id": "", "invitation_ids": [],
         "sent_at": now if status == "sent" else None} for rid, email in rows])
    db.session.commit()
    return [rid for rid, _ in rows]
