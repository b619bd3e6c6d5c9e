"""Importing a list file: parse, validate, de-duplicate, then persist in one go (or store nothing)."""

import hashlib

from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.core.perf import paused_gc
from survey_app.respondents.excel import ListFile, RawRow, ReadError, read_list_file
from survey_app.respondents.models import ImportBatch, RespondentList
from survey_app.respondents.rebuild import (
    EXISTING_OFFSET,
    ImportRejected,
    active_emails,
    empty_report,
    rebuild,
    respondent_rows,
)
from survey_app.respondents.services import ensure_editable

MODES = ("replace", "append")


def import_list(lst: RespondentList, data: bytes, filename: str, *, mode: str, max_bytes: int, actor) -> dict:
    """Take the whole file or nothing; returns the report of API.md (raises ImportRejected with it)."""
    ensure_editable(lst)
    _check_mode(mode)
    parsed = _read(data, filename, max_bytes)
    rows: list[RawRow] = parsed.rows
    if mode == "append":
        rows = respondent_rows(lst, offset=EXISTING_OFFSET) + rows
    previous = active_emails(lst)
    with paused_gc():
        report, active = rebuild(lst, rows, file_rows=len(parsed.rows), file_warnings=parsed.warnings)
    db.session.add(_batch(lst, data, filename, mode, actor, report, added=active - previous,
                          removed=previous - active))
    audit.record("list.import", lst, actor=actor, details={"file": filename, "mode": mode, "version": lst.version,
                                                          "accepted": report["accepted"],
                                                          "excluded": report["excluded"]})
    return report


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise InvalidInput("Chế độ nhập phải là 'replace' (thay thế) hoặc 'append' (bổ sung).",
                           errors=[{"field": "mode", "message": f"Chế độ '{mode}' không hợp lệ."}])


def _read(data: bytes, filename: str, max_bytes: int) -> ListFile:
    try:
        with paused_gc():
            return read_list_file(data, filename, max_bytes=max_bytes)
    except ReadError as exc:
        raise ImportRejected({**empty_report(), "rejected": [{"row": None, "column": None, "message": exc.message}]}) \
            from None


def _batch(lst: RespondentList, data: bytes, filename: str, mode: str, actor, report: dict, *,
           added: set[str], removed: set[str]) -> ImportBatch:
    """The kept record of an accepted upload: who, which file, what it changed."""
    return ImportBatch(list_id=lst.id, file_name=filename[:255], sha256=hashlib.sha256(data).hexdigest(),
                       mode=mode, uploaded_by_id=getattr(actor, "id", None),
                       counts={k: report[k] for k in ("rows_total", "accepted", "excluded")},
                       diff={"added": sorted(added), "removed": sorted(removed)}, report=report)
