"""Voids (DOMAIN.md §8): of chosen responses (in force at once) or of a whole locality (in force once a second
MOHA admin approves). Nothing is deleted; a void is revoked with a reason; every step is audited.

The void state is materialised on `Invitation.is_void`, which the respondent page, reminders, progress and
scores read: an active void sets it, and a revoke recomputes it from the voids still active.
"""

from sqlalchemy import select, update

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState, NotFound
from survey_app.integrity.flags import check_reason
from survey_app.integrity.models import IntegrityFlag, VoidDecision, VoidScope, VoidStatus
from survey_app.invitations.models import Invitation
from survey_app.reference.models import Locality

MAX_INVITATIONS = 100_000


def list_voided_locality_ids(campaign_id: int) -> set[int]:
    """The localities whose whole survey result is void in this campaign (an approved, unrevoked void)."""
    return set(db.session.scalars(select(VoidDecision.locality_id).where(
        VoidDecision.campaign_id == campaign_id, VoidDecision.scope == VoidScope.LOCALITY,
        VoidDecision.status == VoidStatus.ACTIVE)))


def list_voids(campaign_id: int) -> list[VoidDecision]:
    """Every void of the campaign, newest first (revoked ones too: nothing is deleted)."""
    return list(db.session.scalars(select(VoidDecision).where(VoidDecision.campaign_id == campaign_id)
                                   .order_by(VoidDecision.id.desc())))


def get_void(campaign_id: int, void_id: int) -> VoidDecision:
    void = db.session.get(VoidDecision, void_id)
    if void is None or void.campaign_id != campaign_id:
        raise NotFound("Không tìm thấy quyết định hủy này.")
    return void


def void_responses(campaign: Campaign, invitation_ids: object, *, reason: object, flag_ids: object = None,
                   actor) -> VoidDecision:
    """Void chosen responses: in force at once."""
    ids = check_invitations(campaign, invitation_ids)
    void = _new(campaign, VoidScope.RESPONSES, reason=reason, flag_ids=flag_ids, actor=actor,
                invitation_ids=ids, status=VoidStatus.ACTIVE, approved_by_id=actor.id, approved_at=utcnow())
    _mark(Invitation.id.in_(ids))
    audit.record("integrity.void_responses", void, actor=actor, details=_details(void))
    return void


def request_locality_void(campaign: Campaign, locality: Locality | None, *, reason: object,
                          flag_ids: object = None, actor) -> VoidDecision:
    """Ask to void a whole locality: pending until a second MOHA admin approves it."""
    if locality is None:
        raise InvalidInput("Không có địa phương này.", errors=[
            {"field": "locality", "message": "Mã địa phương không có trong danh mục (ví dụ 01, 79, BTP)."}])
    void = _new(campaign, VoidScope.LOCALITY, reason=reason, flag_ids=flag_ids, actor=actor,
                locality_id=locality.id, status=VoidStatus.PENDING)
    audit.record("integrity.void_request", void, actor=actor, details={**_details(void), "locality": locality.code})
    return void


def approve_void(void: VoidDecision, *, actor) -> VoidDecision:
    """A second MOHA admin puts a locality void in force; the requester cannot (four eyes)."""
    if void.status != VoidStatus.PENDING:
        raise InvalidState("Quyết định hủy này không còn chờ phê duyệt.")
    if void.requested_by_id == actor.id:
        raise InvalidState("Người đề nghị hủy không được tự phê duyệt; cần một quản trị viên Bộ Nội vụ khác.")
    actor_id = actor.id
    void.status, void.approved_by_id, void.approved_at = VoidStatus.ACTIVE, actor_id, utcnow()
    _mark(Invitation.locality_id == void.locality_id, campaign_id=void.campaign_id)
    audit.record("integrity.void_approve", void, actor=actor, details=_details(void))
    return void


def revoke_void(void: VoidDecision, *, reason: object, actor) -> VoidDecision:
    """Revoke a void (or withdraw a pending request), with a reason; the invitations count again."""
    if void.status == VoidStatus.REVOKED:
        raise InvalidState("Quyết định hủy này đã được thu hồi trước đó.")
    before, actor_id, text = void.status, actor.id, check_reason(reason)
    void.status, void.revoke_reason = VoidStatus.REVOKED, text
    void.revoked_by_id, void.revoked_at = actor_id, utcnow()
    db.session.flush()
    recompute_void_marks(void.campaign_id)
    audit.record("integrity.void_revoke", void, actor=actor, details={
        **_details(void), "before": before, "reason": void.revoke_reason})
    return void


def recompute_void_marks(campaign_id: int) -> None:
    """Invitation.is_void = covered by an active void of responses or of its locality."""
    active = list(db.session.scalars(select(VoidDecision).where(
        VoidDecision.campaign_id == campaign_id, VoidDecision.status == VoidStatus.ACTIVE)))
    ids = {int(i) for v in active if v.scope == VoidScope.RESPONSES for i in v.invitation_ids}
    localities = {v.locality_id for v in active if v.scope == VoidScope.LOCALITY}
    covered = Invitation.id.in_(ids) | Invitation.locality_id.in_(localities)
    db.session.execute(update(Invitation).where(Invitation.campaign_id == campaign_id)
                       .values(is_void=covered), execution_options={"synchronize_session": False})
    db.session.expire_all()


def _mark(condition, campaign_id: int | None = None) -> None:
    query = update(Invitation).where(condition)
    if campaign_id is not None:
        query = query.where(Invitation.campaign_id == campaign_id)
    db.session.execute(query.values(is_void=True), execution_options={"synchronize_session": False})
    db.session.expire_all()


def _new(campaign: Campaign, scope: str, *, reason: object, flag_ids: object, actor, **fields) -> VoidDecision:
    void = VoidDecision(campaign_id=campaign.id, scope=scope, reason=check_reason(reason),
                        flag_ids=check_flags(campaign, flag_ids), requested_by_id=actor.id,
                        requested_at=utcnow(), **fields)
    db.session.add(void)
    db.session.flush()
    return void


def _details(void: VoidDecision) -> dict:
    return {"scope": void.scope, "status": void.status, "invitations": len(void.invitation_ids or []),
            "flags": void.flag_ids, "reason": void.reason}


def check_invitations(campaign: Campaign, ids: object) -> list[int]:
    """The invitation ids, each of this campaign; InvalidInput names the unknown ones."""
    if (not isinstance(ids, list) or not ids or len(ids) > MAX_INVITATIONS
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)):
        raise InvalidInput("Cần danh sách mã phiếu cần hủy.", errors=[
            {"field": "invitations", "message": "Gửi một danh sách số, ví dụ [101, 102]."}])
    known = set(db.session.scalars(select(Invitation.id).where(Invitation.campaign_id == campaign.id,
                                                               Invitation.id.in_(set(ids)))))
    if unknown := sorted(set(ids) - known):
        raise InvalidInput("Có mã phiếu không thuộc kỳ khảo sát này.", errors=[
            {"field": "invitations", "message": f"Không có phiếu số {', '.join(map(str, unknown[:20]))} "
                                                "trong kỳ khảo sát này."}])
    return sorted(known)


def check_flags(campaign: Campaign, ids: object) -> list[int]:
    """The flags a void rests on (may be none), each of this campaign."""
    if ids is None:
        return []
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise InvalidInput("Danh sách cảnh báo không hợp lệ.", errors=[
            {"field": "flags", "message": "Gửi một danh sách mã số cảnh báo, ví dụ [3, 7]."}])
    known = set(db.session.scalars(select(IntegrityFlag.id).where(IntegrityFlag.campaign_id == campaign.id,
                                                                  IntegrityFlag.id.in_(set(ids)))))
    if unknown := sorted(set(ids) - known):
        raise InvalidInput("Có cảnh báo không thuộc kỳ khảo sát này.", errors=[
            {"field": "flags", "message": f"Không có cảnh báo số {', '.join(map(str, unknown[:20]))}."}])
    return sorted(known)
