"""Domain events: how a lower area lets a higher one react without importing it (DESIGN.md §13).

A rule calls `emit("list.returned", campaign_id=…, locality_id=…, reason=…)` inside its transaction; whoever
subscribed at start-up (monitoring's notices, for one) runs there and then, in the same transaction, and only
adds rows (it never commits). An event nobody subscribed to is a no-op.
"""

from collections import defaultdict
from collections.abc import Callable

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def subscribe(name: str, handler: Callable[..., None]) -> None:
    """Run `handler(**payload)` whenever `name` is emitted; subscribing twice keeps one."""
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def emit(name: str, **payload) -> None:
    """Tell every subscriber of `name`, in subscription order."""
    for handler in list(_handlers.get(name, ())):
        handler(**payload)
