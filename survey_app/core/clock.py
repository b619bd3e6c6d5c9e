"""Showing times to people: stored in UTC, shown in Vietnam's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: datetime) -> datetime:
    return value.astimezone(VIETNAM)


def show(value: datetime | None) -> str:
    """'20/12/2024 17:00' in Vietnam's time, or '' for no time."""
    return local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def parse_iso(text: str) -> datetime:
    """An ISO 8601 time; a time without offset is taken as Vietnam's time. Raises ValueError."""
    value = datetime.fromisoformat(text.strip())
    return value if value.tzinfo else value.replace(tzinfo=VIETNAM)
