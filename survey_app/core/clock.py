"""Showing times to people: stored in UTC, shown in Vietnam's time zone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: datetime) -> datetime:
    return value.astimezone(VIETNAM)


def show(value: datetime | None) -> str:
    """'20/12/2024 17:00' in Vietnam's time, or '' for no time."""
    return local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def parse_iso(text: str) -> datetime:
    """An ISO 8601 time; a time without offset is taken as Vietnam's time. Raises ValueError.

    A time that has no UTC equivalent (9999-12-31T23:00−14:00 is in year 10000) is a ValueError too:
    times are stored in UTC.
    """
    value = datetime.fromisoformat(text.strip())
    value = value if value.tzinfo else value.replace(tzinfo=VIETNAM)
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"Thời điểm '{text}' nằm ngoài khoảng thời gian lưu được.") from None
    return value
