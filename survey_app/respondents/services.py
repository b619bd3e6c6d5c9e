"""Respondent lists: load with scoping, and the workflow draft → submitted → approved | returned."""

from sqlalchemy import select

from survey_app.accounts.permissions import get_locality_or_404
from survey_app.campaigns.models import Campaign, CampaignStatus
from survey_app.campaigns.services import ensure_lists_writable, get_campaign
from survey_app.core import audit, events
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState
from survey_app.core.fields import ensure_fits
from survey_app.reference.models import Locality
from survey_app.respondents.models import ImportBatch, Respondent, RespondentList
from survey_app.respondents.states import EDITABLE, ListStatus, RespondentStatus

#: Room for a return or reopen reason: it is quoted in the locality's notice (2,000 characters in all).
REASON_MAX = 1000


def find_list(campaign: Campaign, locality: Locality) -> RespondentList:
    """The campaign's list for a locality; an empty draft, not saved, when none exists yet (a read writes nothing)."""
    lst = db.session.scalar(select(RespondentList).where(RespondentList.campaign_id == campaign.id,
                                                         RespondentList.locality_id == locality.id))
    if lst is None:
        lst = RespondentList(campaign=campaign, locality=locality, status=ListStatus.DRAFT, version=0, warnings=[],
                             respondents=[])
    return lst


def get_list(campaign: Campaign, locality: Locality) -> RespondentList:
    """The campaign's list for a locality, created empty (draft) on first use."""
    lst = db.session.scalar(select(RespondentList).where(RespondentList.campaign_id == campaign.id,
                                                         RespondentList.locality_id == locality.id))
    if lst is None:
        lst = RespondentList(campaign=campaign, locality=locality, status=ListStatus.DRAFT, version=0, warnings=[])
        db.session.add(lst)
        db.session.flush()
    return lst


def get_list_or_404(campaign_id: int, locality_code: str, user) -> RespondentList:
    """Load and authorise: NotFound for an unknown campaign or locality, or another locality's list."""
    campaign = get_campaign(campaign_id)
    return get_list(campaign, get_locality_or_404(user, locality_code))


def read_list_or_404(campaign_id: int, locality_code: str, user) -> RespondentList:
    """As get_list_or_404 for reading: a list that does not exist yet is shown empty and not created."""
    return find_list(get_campaign(campaign_id), get_locality_or_404(user, locality_code))


def checked_reason(reason: str, missing: str) -> str:
    """A return or reopen reason, stripped; refused when empty (`missing`) or too long for the notice."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(missing, errors=[{"field": "reason", "message": missing}])
    ensure_fits("reason", "Lý do", reason, REASON_MAX)
    return reason


def list_lists(campaign: Campaign) -> list[RespondentList]:
    return list(db.session.scalars(select(RespondentList).join(Locality)
                                   .where(RespondentList.campaign_id == campaign.id).order_by(Locality.code)))


def ensure_editable(lst: RespondentList) -> None:
    """A list changes only as a draft (or returned), before the deadline or within a reopening."""
    if not (lst.reopened_until and utcnow() < lst.reopened_until):
        ensure_lists_writable(lst.campaign)
    if lst.status not in EDITABLE:
        raise InvalidState(f"Danh sách đang ở trạng thái '{lst.status_label}': không thể sửa. "
                           "Nếu cần sửa, hãy đề nghị Bộ Nội vụ trả lại danh sách.")


def submit_list(lst: RespondentList, *, actor) -> RespondentList:
    """Send the list to MOHA ("Gửi danh sách"): locked for the locality from now on."""
    ensure_editable(lst)
    active = sum(1 for r in lst.respondents if r.status == RespondentStatus.ACTIVE)
    if not active:
        raise InvalidState("Danh sách chưa có đối tượng nào: hãy nhập danh sách trước khi gửi.")
    lst.status, lst.submitted_at = ListStatus.SUBMITTED, utcnow()
    events.emit("list.submitted", campaign_id=lst.campaign_id, locality_id=lst.locality_id,
                locality_name=lst.locality.name, active=active)
    audit.record("list.submit", lst, actor=actor, details={"active": active, "version": lst.version})
    return lst


def approve_list(lst: RespondentList, *, actor) -> RespondentList:
    """MOHA accepts a submitted list; the locality is told in the app."""
    if lst.status != ListStatus.SUBMITTED:
        raise InvalidState(f"Chỉ duyệt được danh sách đã gửi (hiện: '{lst.status_label}').")
    lst.status, lst.decided_at = ListStatus.APPROVED, utcnow()
    events.emit("list.approved", campaign_id=lst.campaign_id, locality_id=lst.locality_id)
    audit.record("list.approve", lst, actor=actor, details={"version": lst.version})
    return lst


def lock_overdue_lists(*, actor) -> list[RespondentList]:
    """At the list deadline, lock every list not yet sent to MOHA, and tell its locality."""
    now = utcnow()
    overdue = list(db.session.scalars(
        select(RespondentList).join(Campaign)
        .where(Campaign.list_deadline <= now,
               Campaign.status.in_((CampaignStatus.COLLECTING, CampaignStatus.SURVEYING)),
               RespondentList.status.in_(EDITABLE), RespondentList.locked_at.is_(None))))
    for lst in overdue:
        if lst.reopened_until and now < lst.reopened_until:
            continue
        lst.locked_at = now
        events.emit("list.locked", campaign_id=lst.campaign_id, locality_id=lst.locality_id)
        audit.record("list.lock", lst, actor=actor, details={"deadline": lst.campaign.list_deadline.isoformat()})
    return overdue


def list_imports(lst: RespondentList) -> list[ImportBatch]:
    """Every accepted upload of the list, newest first."""
    return list(db.session.scalars(select(ImportBatch).where(ImportBatch.list_id == lst.id)
                                   .order_by(ImportBatch.id.desc())))


def list_shared_mailboxes(lst: RespondentList) -> list[dict]:
    """Mailboxes of this list that another locality's list also holds, as of now: for MOHA's eyes only."""
    other = select(Respondent.email, Locality.code).join(RespondentList, Respondent.list_id == RespondentList.id) \
        .join(Locality, Locality.id == RespondentList.locality_id) \
        .where(RespondentList.campaign_id == lst.campaign_id, RespondentList.id != lst.id,
               Respondent.status == RespondentStatus.ACTIVE).subquery()
    rows = db.session.execute(select(Respondent.email, other.c.code).join(other, other.c.email == Respondent.email)
                              .where(Respondent.list_id == lst.id, Respondent.status == RespondentStatus.ACTIVE)
                              .order_by(Respondent.email, other.c.code))
    shared: dict[str, list[str]] = {}
    for email, code in rows:
        shared.setdefault(email, []).append(code)
    return [{"email": email, "localities": codes} for email, codes in shared.items()]
