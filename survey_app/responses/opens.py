"""Recording that a questionnaire link was opened, off the request's path where the app serves many.

Every view of the page is an "open": the most frequent write of a campaign and the least precious one
(an open lost in a crash is harmless, the next view records another). With OPEN_EVENTS = "batched"
(production) a request only appends the event to this process's list; a daemon thread writes what has
gathered every FLUSH_SECONDS in one transaction that does not wait for the disk, and stamps first opens
on the invitations. With "inline" (SQLite, tests) the event is written in the request's transaction.
The event keeps the time of the request either way.
"""

import atexit
import logging
import os
import threading
import time
from datetime import datetime

from flask import current_app
from sqlalchemy import bindparam, text, update
from sqlalchemy.exc import SQLAlchemyError

from survey_app.core.db import db, is_postgres
from survey_app.invitations.models import Invitation
from survey_app.responses.tracking import ClientHashes, event_row, insert_events

FLUSH_SECONDS = 0.2
log = logging.getLogger(__name__)

_STAMP_FIRST_OPEN = (update(Invitation.__table__)
                     .where(Invitation.__table__.c.id == bindparam("invitation"),
                            Invitation.__table__.c.opened_at.is_(None))
                     .values(opened_at=bindparam("first_at")))


class _Pending:
    """One app's events not yet written, and the thread of this process that writes them."""

    def __init__(self) -> None:
        self.events: list[tuple[dict, bool]] = []
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None  # not alive in a forked worker: it starts its own
        self.exit_hook_pid: int | None = None

    def take(self) -> list[tuple[dict, bool]]:
        with self.lock:
            events, self.events = self.events, []
        return events


def _pending(app) -> _Pending:
    pending = app.extensions.get("open_events")
    # setdefault on first use: two threads racing to create it get the same one.
    return pending if pending is not None else app.extensions.setdefault("open_events", _Pending())


def record_open(invitation_id: int, hashes: ClientHashes, *, first: bool = True, at: datetime | None = None) -> bool:
    """Note an open of the invitation's link now (or at `at`), written as OPEN_EVENTS says; True when it was
    written in the session's transaction (inline), which the caller then commits.

    `first` is False when the invitation is known to be opened already: its stamp is then left alone without
    a statement.
    """
    event = (event_row(invitation_id, "open", hashes, at), first)
    if current_app.config.get("OPEN_EVENTS", "inline") != "batched":
        write([event])
        return True
    app = current_app._get_current_object()
    pending = _pending(app)
    with pending.lock:
        pending.events.append(event)
        if pending.thread is None or not pending.thread.is_alive():
            pending.thread = threading.Thread(target=_run, args=(app,), name="open-events", daemon=True)
            pending.thread.start()
        if pending.exit_hook_pid != os.getpid():
            pending.exit_hook_pid = os.getpid()
            atexit.register(flush, app)
    return False


def write(events: list[tuple[dict, bool]]) -> None:
    """Insert open events (each with whether it may be the first open) and stamp first opens, in the session's
    current transaction (commit is the caller's)."""
    if is_postgres():
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    insert_events([row for row, _ in events])
    first: dict[int, datetime] = {}
    for row, maybe_first in events:
        if maybe_first:
            first[row["invitation_id"]] = min(row["at"], first.get(row["invitation_id"], row["at"]))
    if first:
        db.session.execute(_STAMP_FIRST_OPEN, [{"invitation": iid, "first_at": at} for iid, at in first.items()])


def flush(app) -> int:
    """Write the app's events gathered so far in one transaction; how many were written (0 when it failed)."""
    events = _pending(app).take()
    if not events:
        return 0
    with app.app_context():
        try:
            write(events)
            db.session.commit()
        except SQLAlchemyError:  # the database is away: these opens are lost, the thread goes on
            db.session.rollback()
            log.exception("could not record %d open events", len(events))
            return 0
    return len(events)


def _run(app) -> None:
    while True:
        time.sleep(FLUSH_SECONDS)
        flush(app)
