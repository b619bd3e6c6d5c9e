"""Before a void is decided: what it would do to every unit's points, index and rank."""

from dataclasses import asdict

from sqlalchemy import select

from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.core.perf import paused_gc
from survey_app.invitations.models import Invitation
from survey_app.reference.models import get_locality
from survey_app.scoring.inputs import Voids
from survey_app.scoring.preview_rule import preview_void
from survey_app.scoring.reading import read_inputs


def preview_body(campaign: Campaign, body: dict) -> dict:
    """Every unit the void would move, with its survey points, index and rank before and after."""
    hypothetical = hypothetical_void(campaign, body)
    with paused_gc():
        _, changes = preview_void(read_inputs(campaign), hypothetical)
    return {"units": [{**asdict(c), "kind": c.level, "voided_after": c.is_voided_after} for c in changes],
            "void": {"scope": body.get("scope"), "locality": body.get("locality"),
                     "invitations": sorted(hypothetical.invitations)}}


def hypothetical_void(campaign: Campaign, body: dict) -> Voids:
    """A void's body as for POST …/voids, as voids; InvalidInput names the wrong field."""
    scope = body.get("scope")
    if scope == "locality":
        return Voids(localities=frozenset({_locality_code(body.get("locality"))}))
    if scope == "responses":
        return Voids(invitations=frozenset(_invitation_ids(campaign, body.get("invitations"))))
    raise InvalidInput("Phạm vi hủy phải là 'locality' hoặc 'responses'.", errors=[
        {"field": "scope", "message": f"'{scope}' không hợp lệ; dùng locality hoặc responses."}])


def _locality_code(code: object) -> str:
    if not isinstance(code, str) or get_locality(code) is None:
        raise InvalidInput("Không có địa phương này.", errors=[{"field": "locality", "message":
                           f"Mã địa phương '{code}' không có trong danh mục (ví dụ 01, 79, BTP)."}])
    return code


def _invitation_ids(campaign: Campaign, ids: object) -> set[int]:
    if not isinstance(ids, list) or not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise InvalidInput("Cần danh sách mã phiếu cần hủy.", errors=[
            {"field": "invitations", "message": "Gửi một danh sách số, ví dụ [101, 102]."}])
    known = set(db.session.scalars(select(Invitation.id).where(Invitation.campaign_id == campaign.id,
                                                               Invitation.id.in_(ids))))
    if unknown := sorted(set(ids) - known):
        raise InvalidInput("Có mã phiếu không thuộc kỳ khảo sát này.", errors=[
            {"field": "invitations", "message": f"Không có phiếu số {', '.join(map(str, unknown[:20]))} "
                                                "trong kỳ khảo sát này."}])
    return known
