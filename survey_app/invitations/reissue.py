"""Reissuing a link: a new nonce, so the old link stops working at once."""

from sqlalchemy import select

from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidState, NotFound
from survey_app.invitations.links import new_nonce
from survey_app.invitations.models import Invitation


def get_invitation(invitation_id: int) -> Invitation:
    invitation = db.session.scalar(select(Invitation).where(Invitation.id == invitation_id))
    if invitation is None:
        raise NotFound("Không tìm thấy phiếu mời này.")
    return invitation


def reissue_link(invitation: Invitation, *, actor) -> Invitation:
    """Give the invitation a new nonce (the old link then opens the 'unknown link' page); not for a void one."""
    if invitation.is_void:
        raise InvalidState("Phiếu này đã bị hủy: không cấp lại đường dẫn. Nếu cần, hãy khôi phục phiếu trước.")
    invitation.nonce = new_nonce()
    audit.record("invitation.reissue_link", invitation, actor=actor,
                 details={"respondent_id": invitation.respondent_id, "submitted": invitation.submitted_at is not None})
    db.session.flush()
    return invitation

