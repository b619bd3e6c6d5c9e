"""Per recipient domain: how many sessions at once and how many messages a minute (MAIL_DOMAIN_LIMITS)."""

from collections import deque
from dataclasses import dataclass

WINDOW = 60.0


@dataclass
class DomainLimit:
    """Per recipient domain: concurrent sessions and messages per minute (None: unlimited)."""

    connections: int
    per_minute: int | None = None


class RateWindow:
    """Send times in the last minute for one domain (a sliding-window log)."""

    def __init__(self, per_minute: int):
        self.per_minute = per_minute
        self.times: deque[float] = deque()

    def reserve(self, now: float) -> float:
        """Record a send at `now` and return 0, or return the seconds to wait for a free slot."""
        while self.times and self.times[0] <= now - WINDOW:
            self.times.popleft()
        if len(self.times) < self.per_minute:
            self.times.append(now)
            return 0.0
        return self.times[0] + WINDOW - now


def parse_domain_limits(text: str, connections: int) -> tuple[dict[str, DomainLimit], DomainLimit]:
    """Per-domain limits and the default from "domain=connections[/per_minute],…" (MAIL_DOMAIN_LIMITS)."""
    limits, default = {}, DomainLimit(connections)
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        domain, _, value = item.partition("=")
        sessions, _, rate = value.partition("/")
        try:
            limit = DomainLimit(int(sessions), int(rate) if rate else None)
        except ValueError:
            raise ValueError(f"MAIL_DOMAIN_LIMITS: '{item}' phải có dạng miền=số_kết_nối/số_thư_mỗi_phút.") from None
        if domain.strip().lower() == "default":
            default = limit
        else:
            limits[domain.strip().lower()] = limit
    return limits, default
