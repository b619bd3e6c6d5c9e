"""Issue invitations for approved lists (mailing/dispatch.py queues the mail that carries their links)."""

from sqlalchemy import select

from survey_app.campaigns.models import Campaign, CampaignStatus
from survey_app.core import events
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.invitations.links import new_nonce
from survey_app.invitations.models import Invitation
from survey_app.reference.models import Locality
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.respondents.states import ListStatus, RespondentStatus


def _approved_lists(campaign: Campaign, codes: list[str] | None) -> list[RespondentList]:
    query = (select(RespondentList).join(Locality)
             .where(RespondentList.campaign_id == campaign.id, RespondentList.status == ListStatus.APPROVED))
    if codes is not None:
        known = set(db.session.scalars(select(Locality.code).where(Locality.code.in_(codes))))
        unknown = sorted(set(codes) - known)
        if unknown:
            raise InvalidInput(f"Mã địa phương không tồn tại: {', '.join(unknown)}.",
                               errors=[{"field": "localities", "message": f"Không có địa phương mã {c}."}
                                       for c in unknown])
        query = query.where(Locality.code.in_(codes))
    return list(db.session.scalars(query.order_by(Locality.code)))


def _wanted(campaign: Campaign, respondent: Respondent, home: Locality,
            ministries: dict[str, Locality]) -> list[tuple]:
    """(questionnaire, evaluated locality, group code) for each questionnaire the person answers."""
    wanted = []
    group = campaign.group(respondent.group_code)
    for assignment in group.assignments:
        if assignment.about == "managing_ministry":
            ministry = ministries.get(respondent.managing_ministry or "")
            if ministry:
                wanted.append((assignment.questionnaire, ministry, group.code))
        else:
            wanted.append((assignment.questionnaire, home, group.code))
    if campaign.settings.get("keep_ministry_questionnaire", True):
        for extra in respondent.extra_ministries or []:
            dropped = campaign.group(extra["group"])
            ministry = ministries.get(extra["ministry"])
            for assignment in dropped.assignments if dropped and ministry else []:
                if assignment.about == "managing_ministry":
                    wanted.append((assignment.questionnaire, ministry, dropped.code))
    return wanted


def _issue_for_list(campaign: Campaign, lst: RespondentList, ministries: dict[str, Locality]) -> int:
    existing = set(db.session.execute(
        select(Invitation.respondent_id, Invitation.questionnaire_id, Invitation.evaluated_locality_id)
        .join(Respondent).where(Respondent.list_id == lst.id)).all())
    created = 0
    # Pending invitations are flushed once for the list, not at each lazy load of a group or questionnaire
    # (`existing` already holds them, so no query needs them flushed).
    with db.session.no_autoflush:
        for respondent in lst.respondents:
            if respondent.status != RespondentStatus.ACTIVE:
                continue
            for questionnaire, evaluated, group_code in _wanted(campaign, respondent, lst.locality, ministries):
                if (respondent.id, questionnaire.id, evaluated.id) in existing:
                    continue
                db.session.add(Invitation(campaign=campaign, respondent=respondent, questionnaire=questionnaire,
                                          locality_id=lst.locality_id, evaluated_locality=evaluated,
                                          group_code=group_code, nonce=new_nonce()))
                existing.add((respondent.id, questionnaire.id, evaluated.id))
                questionnaire.is_frozen = True
                created += 1
    db.session.flush()
    return created


def issue_invitations(campaign: Campaign, *, locality_codes: list[str] | None = None) -> tuple[list, int]:
    """(approved lists, invitations created): the invitations half of `mailing.dispatch.dispatch`."""
    if campaign.status not in (CampaignStatus.COLLECTING, CampaignStatus.SURVEYING):
        raise InvalidState(f"Kỳ khảo sát đang ở trạng thái '{campaign.status_label}': chưa thể gửi phiếu.")
    lists = _approved_lists(campaign, locality_codes)
    ministries = {m.code: m for m in db.session.scalars(select(Locality).where(Locality.kind == "ministry"))}
    created = 0
    for lst in lists:
        c = _issue_for_list(campaign, lst, ministries)
        created += c
        if c:
            events.emit("dispatch.done", campaign_id=campaign.id, locality_id=lst.locality_id, created=c)
    if created and campaign.status == CampaignStatus.COLLECTING:
        campaign.status = CampaignStatus.SURVEYING
    return lists, created


def list_open_invitations(respondent: Respondent) -> list[Invitation]:
    """The respondent's invitations still to answer (not submitted, not void)."""
    return list(db.session.scalars(
        select(Invitation).where(Invitation.respondent_id == respondent.id, Invitation.is_void.is_(False),
                                 Invitation.submitted_at.is_(None)).order_by(Invitation.id)))
