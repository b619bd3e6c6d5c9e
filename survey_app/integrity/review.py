"""What the review desk and the API show of flags and voids (never a hash, a name or a mailbox)."""

from sqlalchemy import select

from survey_app.accounts.models import User
from survey_app.core.clock import local
from survey_app.core.db import db
from survey_app.integrity.models import IntegrityFlag, VoidDecision
from survey_app.reference.models import Locality

RULE_LABELS = {
    "shared_device": "Một thiết bị gửi phiếu của nhiều người",
    "shared_network": "Nhiều phiếu từ một mạng trong thời gian ngắn",
    "network_burst": "Nhiều phiếu từ một mạng trong thời gian ngắn",
    "burst": "Dồn dập phiếu trong thời gian ngắn",
    "meeting": "Trả lời tập trung (\"họp\") trên một mạng",
    "near_duplicate": "Các phiếu gần như giống hệt nhau",
    "copied_sheets": "Các phiếu gần như giống hệt nhau",
    "straightlining": "Chọn cùng một phương án cho mọi câu",
    "straight_lining": "Chọn cùng một phương án cho mọi câu",
    "speeding": "Trả lời nhanh bất thường",
    "locality_outlier": "Địa phương có phân bố trả lời khác thường",
}
#: The evidence's figures in words (a figure without a label is shown by its name).
EVIDENCE_LABELS = {
    "people": "Số người có phiếu gửi từ thiết bị này",
    "p_value": "p: xác suất gặp bằng chứng này nếu các phiếu là trung thực",
    "q_value": "q: p sau hiệu chỉnh vì kiểm định nhiều nhóm cùng lúc",
    "match": "Tỷ lệ câu trả lời trùng nhau",
    "submissions": "Số phiếu gửi",
    "window_minutes": "Khoảng thời gian (phút)",
    "responses": "Số phiếu",
}
SEVERITY_LABELS = {"low": "Thấp", "medium": "Trung bình", "high": "Cao"}
STATUS_LABELS = {"open": "Chưa xem xét", "dismissed": "Đã bỏ qua", "confirmed": "Đã xác nhận"}
VOID_STATUS_LABELS = {"pending": "Chờ phê duyệt", "active": "Đang có hiệu lực", "revoked": "Đã thu hồi"}


def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule.replace("_", " "))


def evidence_label(name: str) -> str:
    return EVIDENCE_LABELS.get(name, name.replace("_", " "))


def figure(value: object) -> str:
    """A figure as a Vietnamese reader writes it: decimal comma; tiny probabilities as powers of ten."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value != 0 and abs(value) < 0.001:
        mantissa, exponent = f"{value:.1e}".split("e")
        return f"{mantissa.replace('.', ',')} × 10^{int(exponent)}"
    return f"{value:.3g}".replace(".", ",") if isinstance(value, float) else str(value)


def _iso(value) -> str | None:
    return local(value).isoformat() if value else None


def _codes() -> dict[int | None, str]:
    return dict(db.session.execute(select(Locality.id, Locality.code)).all())


def _emails(ids: set[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all())


def flag_dicts(flags: list[IntegrityFlag]) -> list[dict]:
    """Flags as shared/API.md gives them, with the decision beside."""
    codes, emails = _codes(), _emails({flag.decided_by_id for flag in flags})
    return [_flag_dict(flag, codes, emails) for flag in flags]


def _flag_dict(flag: IntegrityFlag, codes: dict[int | None, str], emails: dict[int | None, str]) -> dict:
    return {"id": flag.id, "rule": flag.rule, "locality": codes[flag.locality_id], "severity": flag.severity,
            "invitations": list(flag.invitation_ids), "evidence": dict(flag.evidence), "status": flag.status,
            "has_new_evidence": flag.has_new_evidence, "first_seen_at": _iso(flag.first_seen_at),
            "updated_at": _iso(flag.updated_at), "decided_by": emails.get(flag.decided_by_id),
            "decided_at": _iso(flag.decided_at), "decision_reason": flag.decision_reason}


def void_dicts(voids: list[VoidDecision]) -> list[dict]:
    """Voids as shared/API.md v1.1 gives them."""
    people = {v.requested_by_id for v in voids} | {v.approved_by_id for v in voids} | {v.revoked_by_id for v in voids}
    codes, emails = _codes(), _emails(people)
    return [_void_dict(void, codes, emails) for void in voids]


def _void_dict(void: VoidDecision, codes: dict[int | None, str], emails: dict[int | None, str]) -> dict:
    return {"id": void.id, "scope": void.scope, "locality": codes.get(void.locality_id),
            "invitations": list(void.invitation_ids or []), "reason": void.reason, "status": void.status,
            "flags": list(void.flag_ids or []), "requested_by": emails.get(void.requested_by_id),
            "requested_at": _iso(void.requested_at), "approved_by": emails.get(void.approved_by_id),
            "approved_at": _iso(void.approved_at), "revoked_by": emails.get(void.revoked_by_id),
            "revoked_at": _iso(void.revoked_at), "revoke_reason": void.revoke_reason}
