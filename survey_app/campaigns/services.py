"""Campaign rules: create from a shipped model, open, and the deadline checks every write makes."""

import re
import secrets
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import select

from survey_app.campaigns.models import (
    Campaign,
    CampaignStatus,
    GroupQuestionnaire,
    Questionnaire,
    RespondentGroup,
)
from survey_app.core import audit
from survey_app.core.clock import show
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput, InvalidState, NotFound
from survey_app.questionnaires.definition import checksum, to_dict
from survey_app.questionnaires.loader import load_model_questionnaires

MODELS_DIR = Path(__file__).resolve().parents[2] / "config" / "campaigns"
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{2,40}$")
#: The title column's room (campaigns.title is VARCHAR(300)).
TITLE_MAX = 300


def list_models() -> list[str]:
    """The shipped campaign models (par-2024, par-2025, …)."""
    return sorted(p.stem for p in MODELS_DIR.glob("*.yaml"))


def load_model(name: str) -> dict:
    """A campaign model file: groups, their questionnaires and the default settings."""
    if name not in list_models():
        raise InvalidInput(f"Mô hình kỳ khảo sát '{name}' không tồn tại; chọn một trong: {', '.join(list_models())}.",
                           errors=[{"field": "model", "message": f"Mô hình '{name}' không tồn tại."}])
    return yaml.safe_load((MODELS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def _title_problem(title: str) -> str | None:
    if not title:
        return "Cần nhập tên kỳ khảo sát."
    if len(title) > TITLE_MAX:
        return f"Tên kỳ khảo sát dài {len(title)} ký tự, vượt quá {TITLE_MAX} ký tự cho phép. Hãy rút gọn."
    return None


def _check_new(code: str, title: str, year: int, list_deadline: datetime, response_deadline: datetime) -> None:
    errors = []
    if not CODE_RE.match(code or ""):
        errors.append({"field": "code", "message": "Mã kỳ khảo sát gồm 2–40 chữ cái, chữ số, '-' hoặc '_'."})
    elif db.session.scalar(select(Campaign.id).where(Campaign.code == code)):
        errors.append({"field": "code", "message": f"Đã có kỳ khảo sát mã '{code}'."})
    if problem := _title_problem((title or "").strip()):
        errors.append({"field": "title", "message": problem})
    if not 2000 <= (year or 0) <= 2100:
        errors.append({"field": "year", "message": f"Năm đánh giá '{year}' không hợp lệ."})
    if list_deadline >= response_deadline:
        errors.append({"field": "response_deadline",
                       "message": "Hạn trả lời phiếu phải sau hạn gửi danh sách."})
    if errors:
        raise InvalidInput(errors[0]["message"], errors=errors)


def create_campaign(*, code: str, title: str, year: int, model: str, list_deadline: datetime,
                    response_deadline: datetime, actor) -> Campaign:
    """A draft campaign with the model's groups and a snapshot of its questionnaires."""
    spec = load_model(model)
    _check_new(code, title, year, list_deadline, response_deadline)
    campaign = Campaign(code=code, title=title.strip(), year=year, model=model, list_deadline=list_deadline,
                        response_deadline=response_deadline, settings=dict(spec.get("settings") or {}),
                        hash_key=secrets.token_hex(32))
    db.session.add(campaign)
    _add_groups(campaign, spec["groups"], load_model_questionnaires(model))
    db.session.flush()
    audit.record("campaign.create", campaign, actor=actor, details={"code": code, "model": model})
    return campaign


def _add_groups(campaign: Campaign, groups: list[dict], definitions: dict) -> None:
    """The model's groups, each assigned its questionnaires; one snapshot per questionnaire however many use it."""
    snapshots: dict[str, Questionnaire] = {}
    for g in groups:
        group = RespondentGroup(code=g["code"], name=g["name"], level=g["level"],
                                priority=g["priority"], needs_ministry=g["needs_ministry"])
        campaign.groups.append(group)
        for item in g["questionnaires"]:
            if item["code"] not in snapshots:
                snapshots[item["code"]] = _snapshot(item["code"], definitions[item["code"]])
                campaign.questionnaires.append(snapshots[item["code"]])
            group.assignments.append(GroupQuestionnaire(questionnaire=snapshots[item["code"]], about=item["about"]))


def _snapshot(code: str, definition) -> Questionnaire:
    snapshot = to_dict(definition)
    return Questionnaire(code=code, title=snapshot["title"], definition=snapshot,
                         checksum=checksum(snapshot))


def open_campaign(campaign: Campaign, *, actor) -> Campaign:
    """Start collecting lists: draft → collecting."""
    if campaign.status != CampaignStatus.DRAFT:
        raise InvalidState(f"Kỳ khảo sát đang ở trạng thái '{campaign.status_label}', không thể mở lại.")
    campaign.status = CampaignStatus.COLLECTING
    audit.record("campaign.open", campaign, actor=actor)
    return campaign


def ensure_lists_writable(campaign: Campaign) -> None:
    """Lists change only while the campaign collects them and before the list deadline."""
    if campaign.status not in (CampaignStatus.COLLECTING, CampaignStatus.SURVEYING):
        raise InvalidState(f"Kỳ khảo sát đang ở trạng thái '{campaign.status_label}': không nhận danh sách.")
    if utcnow() >= campaign.list_deadline:
        raise InvalidState(f"Đã quá hạn gửi danh sách ({show(campaign.list_deadline)}). Phần mềm đã khóa; "
                           "nếu cần sửa, hãy liên hệ Vụ Cải cách hành chính, Bộ Nội vụ.")


def ensure_responses_open(campaign: Campaign) -> None:
    """Answers are taken only while the campaign is surveying and before the response deadline."""
    if campaign.status != CampaignStatus.SURVEYING:
        raise InvalidState("Kỳ khảo sát không còn nhận phiếu trả lời.")
    if utcnow() >= campaign.response_deadline:
        raise InvalidState(f"Đã hết hạn trả lời phiếu ({show(campaign.response_deadline)}).")


def get_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("Không tìm thấy kỳ khảo sát.")
    return campaign


def list_campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id.desc())))


def campaign_to_dict(campaign: Campaign, *, detail: bool = False) -> dict:
    data = {"id": campaign.id, "code": campaign.code, "title": campaign.title, "year": campaign.year,
            "model": campaign.model, "status": campaign.status,
            "list_deadline": campaign.list_deadline.isoformat(),
            "response_deadline": campaign.response_deadline.isoformat()}
    if detail:
        data["groups"] = [{"code": g.code, "name": g.name, "level": g.level, "priority": g.priority,
                           "questionnaires": [{"code": a.questionnaire.code, "about": a.about}
                                              for a in g.assignments]} for g in campaign.groups]
        data["questionnaires"] = [{"code": q.code, "title": q.title, "checksum": q.checksum,
                                   "is_frozen": q.is_frozen} for q in campaign.questionnaires]
    return data


def close_expired_campaigns(*, actor) -> list[Campaign]:
    """Close every surveying campaign whose response deadline has passed (the software locks)."""
    expired = list(db.session.scalars(select(Campaign).where(Campaign.status == CampaignStatus.SURVEYING,
                                                             Campaign.response_deadline <= utcnow())))
    for campaign in expired:
        campaign.status = CampaignStatus.CLOSED
        audit.record("campaign.close", campaign, actor=actor, details={"reason": "response_deadline"})
    return expired
