"""A locality corrects an address that failed or bounced.

The new address must pass the campaign's domain policy. On the locality's official mail domains it is
applied at once; anywhere else (a personal mailbox could let an officer read and answer the respondent's
questionnaire) it waits for a MOHA admin. Applying reissues every open link (the old ones die), sends the
new links to the new address and tells the old address that the link moved. Each step is audited.
"""

from sqlalchemy import func, select

from survey_app.campaigns.models import Campaign
from survey_app.core import audit
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState, NotFound
from survey_app.core.fields import ensure_fits
from survey_app.core.mailbox import ascii_mailbox
from survey_app.invitations.reissue import reissue_link
from survey_app.invitations.services import list_open_invitations
from survey_app.mailing.correction_models import AddressCorrection, CorrectionStatus
from survey_app.mailing.envelopes import NOTICE_KIND
from survey_app.mailing.models import MailEvent, MailStatus, OutboxMessage
from survey_app.reference.models import Locality

CORRECTABLE = (MailStatus.FAILED, MailStatus.BOUNCED)


def normalise_address(value: str) -> str:
    """The address lower-cased and normalised, or InvalidInput naming the value."""
    value = (value or "").strip()
    address = ascii_mailbox(value)
    if address is None:
        raise InvalidInput(f"Email: '{value}' không phải là địa chỉ thư hợp lệ. Hãy sửa lại địa chỉ thư công vụ.",
                           errors=[{"field": "email", "message": f"'{value}' không hợp lệ."}])
    return address


def _on_domains(address: str, domains) -> bool:
    domain = address.rpartition("@")[2]
    return any(domain == d or domain.endswith("." + d) for d in domains)


def is_official(address: str, locality: Locality) -> bool:
    """On one of the locality's official mail domains (or under gov.vn when it has none on record)."""
    return _on_domains(address, [d.lower() for d in locality.official_domains or []] or ["gov.vn"])


def _ensure_domain_policy(campaign: Campaign, address: str) -> None:
    """The campaign's policy for lists applies to corrections too: under "error" only .gov.vn mailboxes."""
    if campaign.settings.get("domain_policy", "warning") == "error" and not _on_domains(address, ["gov.vn"]):
        message = f"Email: '{address}' không phải hộp thư công vụ (.gov.vn). Hãy dùng hộp thư công vụ của người này."
        raise InvalidInput(message, errors=[{"field": "email", "message": message}])


def _ensure_correctable(message: OutboxMessage) -> None:
    if message.status not in CORRECTABLE or message.respondent is None:
        raise InvalidState("Chỉ sửa địa chỉ và gửi lại được thư đã thất bại hoặc bị trả lại.")
    if db.session.scalar(select(AddressCorrection.id).where(AddressCorrection.message_id == message.id,
                                                            AddressCorrection.status == CorrectionStatus.PENDING)):
        raise InvalidState("Địa chỉ của thư này đã được đề nghị sửa và đang chờ Bộ Nội vụ duyệt.")


def request_correction(message: OutboxMessage, new_address: str, *, actor) -> AddressCorrection:
    """Correct a failed or bounced address: applied at once on official domains, else pending MOHA's approval."""
    _ensure_correctable(message)
    address = normalise_address(new_address)
    campaign, locality = db.session.get(Campaign, message.campaign_id), db.session.get(Locality, message.locality_id)
    _ensure_domain_policy(campaign, address)
    correction = AddressCorrection(
        campaign_id=campaign.id, locality_id=locality.id, respondent_id=message.respondent_id, message_id=message.id,
        old_address=message.to_addr, new_address=address, is_official=is_official(address, locality),
        status=CorrectionStatus.PENDING, requested_by_id=getattr(actor, "id", None),
        requested_by=getattr(actor, "email", str(actor)))
    db.session.add(correction)
    db.session.flush()
    audit.record("mail.correction_request", correction, actor=actor, details=_details(correction))
    if correction.is_official:
        _apply(correction, actor=actor)
    return correction


def approve_correction(correction: AddressCorrection, *, actor) -> AddressCorrection:
    """A MOHA admin other than the requester accepts a correction outside the official domains: the link is
    reissued and sent there (four eyes, as for a locality void: one admin alone cannot redirect a link)."""
    _ensure_pending(correction)
    if correction.requested_by_id is not None and correction.requested_by_id == getattr(actor, "id", None):
        raise InvalidState("Người đề nghị sửa địa chỉ không tự duyệt được: cần một quản trị viên Bộ Nội vụ khác duyệt.")
    _apply(correction, actor=actor)
    return correction


def refuse_correction(correction: AddressCorrection, *, reason: str, actor) -> AddressCorrection:
    """A MOHA admin refuses a correction: nothing is sent, the respondent's address stays as it was."""
    _ensure_pending(correction)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Cần ghi lý do từ chối.", errors=[{"field": "reason", "message": "Cần ghi lý do."}])
    ensure_fits("reason", "Lý do", reason, 1000)
    _decide(correction, CorrectionStatus.REFUSED, actor)
    correction.refusal_reason = reason
    audit.record("mail.correction_refuse", correction, actor=actor, details={**_details(correction), "reason": reason})
    return correction


def _ensure_pending(correction: AddressCorrection) -> None:
    if correction.status != CorrectionStatus.PENDING:
        raise InvalidState(f"Đề nghị sửa địa chỉ này đã được xử lý ({correction.status_label.lower()}).")


def _decide(correction: AddressCorrection, status: CorrectionStatus, actor) -> None:
    correction.status, correction.decided_at = status, utcnow()
    correction.decided_by_id = getattr(actor, "id", None)


def _apply(correction: AddressCorrection, *, actor) -> None:
    """Reissue the open links, send them to the new address and a notice to the old one."""
    message = db.session.get(OutboxMessage, correction.message_id)
    if message.status not in CORRECTABLE:
        raise InvalidState("Thư này không còn ở trạng thái thất bại hoặc bị trả lại: không sửa địa chỉ được nữa.")
    respondent = correction.respondent
    respondent.email, message.status = correction.new_address, MailStatus.CANCELLED
    db.session.add(MailEvent(message_id=message.id, kind="corrected",
                             detail=f"{correction.old_address} → {correction.new_address}"))
    reissued = [reissue_link(invitation, actor=actor).id for invitation in list_open_invitations(respondent)]
    replacement = _queue(message, message.kind, correction.new_address, _next_key(message))
    notice = _queue(message, NOTICE_KIND, correction.old_address, f"notice:{message.campaign_id}:c{correction.id}")
    correction.replacement_id, correction.notice_id = replacement.id, notice.id
    _decide(correction, CorrectionStatus.APPLIED, actor)
    audit.record("mail.correct_address", respondent, actor=actor,
                 details={**_details(correction), "replacement": replacement.id, "notice": notice.id,
                          "reissued": reissued})


def _queue(message: OutboxMessage, kind: str, address: str, key: str) -> OutboxMessage:
    queued = OutboxMessage(campaign_id=message.campaign_id, respondent_id=message.respondent_id,
                           locality_id=message.locality_id, kind=kind, dedupe_key=key, to_addr=address,
                           domain=address.rpartition("@")[2])
    db.session.add(queued)
    db.session.flush()
    return queued


def _details(correction: AddressCorrection) -> dict:
    return {"correction": correction.id, "message": correction.message_id, "old": correction.old_address,
            "new": correction.new_address, "official": correction.is_official}


def _next_key(message: OutboxMessage) -> str:
    base = f"{message.kind}:{message.campaign_id}:{message.respondent_id}"
    count = db.session.scalar(select(func.count()).where(OutboxMessage.campaign_id == message.campaign_id,
                                                         OutboxMessage.respondent_id == message.respondent_id,
                                                         OutboxMessage.kind == message.kind))
    return f"{base}:r{count + 1}"


def list_corrections(campaign_id: int) -> list[AddressCorrection]:
    """Every correction of the campaign, pending first, newest first: MOHA's one list."""
    pending_first = (AddressCorrection.status != CorrectionStatus.PENDING)
    return list(db.session.scalars(select(AddressCorrection).where(AddressCorrection.campaign_id == campaign_id)
                                   .order_by(pending_first, AddressCorrection.id.desc())))


def get_correction(campaign_id: int, correction_id: int) -> AddressCorrection:
    correction = db.session.get(AddressCorrection, correction_id)
    if correction is None or correction.campaign_id != campaign_id:
        raise NotFound("Không tìm thấy đề nghị sửa địa chỉ này.")
    return correction
