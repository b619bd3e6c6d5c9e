"""Campaign settings MOHA changes after creation: title, deadlines, domain policy, reminder days, contact.

Moving a deadline later than now, after it had passed, undoes what the deadline locked: lists become
editable again (the deadline check at every write passes; respondents/unlocking.py clears the lock marks),
and a campaign closed by its response deadline takes answers again. Each change is one audit entry naming
the old and the new values and the reason.
"""

from dataclasses import dataclass, field
from datetime import datetime

from survey_app.campaigns.models import Campaign, CampaignStatus
from survey_app.core import audit
from survey_app.core.db import utcnow
from survey_app.core.errors import InvalidInput

DOMAIN_POLICIES = {"warning": "Chỉ cảnh báo", "error": "Từ chối dòng đó"}
DEFAULT_REMINDER_DAYS = (7, 3, 1)


@dataclass
class CampaignSettings:
    """What the settings page edits; `reason` is required when a deadline moves."""

    title: str
    list_deadline: datetime
    response_deadline: datetime
    domain_policy: str = "warning"
    reminder_days: list[int] = field(default_factory=lambda: list(DEFAULT_REMINDER_DAYS))
    contact: str = ""
    reason: str = ""


def current_settings(campaign: Campaign) -> CampaignSettings:
    """The campaign's settings as the page shows them."""
    extra = campaign.settings or {}
    return CampaignSettings(
        title=campaign.title, list_deadline=campaign.list_deadline, response_deadline=campaign.response_deadline,
        domain_policy=extra.get("domain_policy", "warning"),
        reminder_days=list(extra.get("reminder_days", DEFAULT_REMINDER_DAYS)), contact=extra.get("contact", ""))


def moha_contact(campaign: Campaign | None) -> str:
    """Whom to ask at MOHA, as set on the campaign (empty when not set)."""
    return ((campaign.settings or {}).get("contact", "") if campaign else "").strip()


def parse_reminder_days(text: str) -> list[int]:
    """'7, 3, 1' → [7, 3, 1]: days before the response deadline; InvalidInput naming the value."""
    days = []
    for part in (text or "").replace(";", ",").split(","):
        if part.strip():
            days.append(_one_day(part.strip()))
    return sorted(set(days), reverse=True)


def _one_day(part: str) -> int:
    if not part.isdigit() or not 0 <= int(part) <= 90:
        message = f"Ngày nhắc '{part}' không hợp lệ: ghi số ngày trước hạn trả lời (0–90), cách nhau dấu phẩy."
        raise InvalidInput(message, errors=[{"field": "reminder_days", "message": message}])
    return int(part)


def _check(new: CampaignSettings, deadlines_moved: bool) -> None:
    errors = []
    if not new.title.strip():
        errors.append({"field": "title", "message": "Cần nhập tên kỳ khảo sát."})
    if new.list_deadline >= new.response_deadline:
        errors.append({"field": "response_deadline", "message": "Hạn trả lời phiếu phải sau hạn gửi danh sách."})
    if new.domain_policy not in DOMAIN_POLICIES:
        errors.append({"field": "domain_policy", "message": f"Cách xử lý '{new.domain_policy}' không hợp lệ."})
    if deadlines_moved and not new.reason.strip():
        errors.append({"field": "reason", "message": "Cần ghi lý do khi đổi hạn."})
    if errors:
        raise InvalidInput(errors[0]["message"], errors=errors)


def _changes(old: CampaignSettings, new: CampaignSettings) -> dict[str, list]:
    names = ("title", "list_deadline", "response_deadline", "domain_policy", "reminder_days", "contact")
    return {n: [getattr(old, n), getattr(new, n)] for n in names if getattr(old, n) != getattr(new, n)}


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def _keep_unmoved_deadlines(old: CampaignSettings, new: CampaignSettings) -> CampaignSettings:
    """A form holds minutes only: a deadline shown and sent back unchanged keeps its stored seconds."""
    for name in ("list_deadline", "response_deadline"):
        if _minute(getattr(old, name)) == _minute(getattr(new, name)):
            setattr(new, name, getattr(old, name))
    return new


def update_campaign_settings(campaign: Campaign, new: CampaignSettings, *, actor) -> dict:
    """Apply the settings and reopen what a passed deadline closed when it moves to the future; audited.

    The result says what changed and whether lists reopened (the caller then unlocks them in respondents,
    an area above this one)."""
    old = current_settings(campaign)
    new = _keep_unmoved_deadlines(old, new)
    changes = _changes(old, new)
    _check(new, "list_deadline" in changes or "response_deadline" in changes)
    if not changes:
        return {"changes": changes}
    _apply(campaign, new)
    reopened = _reopen_after_extension(campaign, old)
    audit.record("campaign.settings", campaign, actor=actor,
                 details={"changes": changes, "reason": new.reason.strip(), **reopened})
    return {"changes": changes, **reopened}


def _apply(campaign: Campaign, new: CampaignSettings) -> None:
    campaign.title, campaign.list_deadline, campaign.response_deadline = (
        new.title.strip(), new.list_deadline, new.response_deadline)
    campaign.settings = {**(campaign.settings or {}), "domain_policy": new.domain_policy,
                         "reminder_days": new.reminder_days, "contact": new.contact.strip()}


def _reopen_after_extension(campaign: Campaign, old: CampaignSettings) -> dict:
    now, done = utcnow(), {}
    if old.list_deadline <= now < campaign.list_deadline:
        done["lists_reopened"] = True
    if old.response_deadline <= now < campaign.response_deadline and campaign.status == CampaignStatus.CLOSED:
        campaign.status = CampaignStatus.SURVEYING
        done["surveying_reopened"] = True
    return done
