"""Rebuilding a list from rows: validate and de-duplicate the whole list, then replace its respondents.

Every change (an upload, an append, a row edited by hand) goes through here, so the same rules apply
the same way every time, and a change with any error stores nothing.
"""

import re
from dataclasses import asdict

from sqlalchemy import delete, select

from survey_app.core.db import bulk_insert, db, reserve_ids
from survey_app.core.errors import InvalidInput
from survey_app.respondents.dedup import deduplicate
from survey_app.respondents.excel import RawRow
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.respondents.states import RespondentStatus
from survey_app.respondents.validation import GroupRule, ListPolicy, validate_rows

#: Rows already in the list are numbered from here in append mode, so they never share a number with the file's;
#: messages then name them "dòng N của danh sách hiện có".
EXISTING_OFFSET = 100_000
_ROW_MENTION = re.compile(r"([Dd])òng (\d+)")
_TABLE = Respondent.__table__


class ImportRejected(InvalidInput):
    """The rows have errors: nothing was stored; `report` is the complete report."""

    def __init__(self, report: dict) -> None:
        first = report["rejected"][0]["message"] if report["rejected"] else "Danh sách không hợp lệ."
        super().__init__(first, errors=report["rejected"])
        self.report = report


def empty_report() -> dict:
    return {"rows_total": 0, "accepted": 0, "excluded": 0, "rejected": [], "duplicates": [], "warnings": []}


def policy_for(lst: RespondentList) -> ListPolicy:
    campaign = lst.campaign
    groups = [GroupRule(code=g.code, name=g.name, level=g.level, priority=g.priority,
                        needs_ministry=g.needs_ministry) for g in campaign.groups]
    return ListPolicy(groups=groups, locality_kind=lst.locality.kind, locality_code=lst.locality.code,
                      domain_policy=campaign.settings.get("domain_policy", "warning"))


def respondent_rows(lst: RespondentList, *, offset: int = 0) -> list[RawRow]:
    """The list's current respondents as rows, numbered by position (+ offset)."""
    return [RawRow(number=offset + i, values={
        "stt": "", "full_name": r.full_name, "position": r.position, "organisation": r.organisation,
        "group": r.group_code, "managing_ministry": r.managing_ministry or "", "email": r.email,
        "phone": r.phone or "", "note": r.note or ""}) for i, r in enumerate(lst.respondents, start=1)]


def _as_dict(problem) -> dict:
    return {"row": problem.row, "column": problem.column, "message": problem.message}


def _extra_ministries(candidates, decisions, ministry_only: dict) -> dict[int, list[dict]]:
    """Kept row → the dropped department/division roles whose ministry questionnaire stays."""
    extras: dict[int, list[dict]] = {}
    for candidate, decision in zip(candidates, decisions, strict=True):
        kept = decision.duplicate_of_row
        if decision.status == RespondentStatus.EXCLUDED and candidate.managing_ministry in ministry_only.get(kept, []):
            item = {"group": candidate.group, "ministry": candidate.managing_ministry}
            if item not in extras.setdefault(kept, []):
                extras[kept].append(item)
    return extras


_COLUMNS = ["id", "list_id", "full_name", "position", "organisation", "group_code", "email", "phone",
            "managing_ministry", "note", "source_row", "status", "excluded_reason", "duplicate_of_id",
            "extra_ministries"]


def _persist(lst: RespondentList, candidates, result) -> set[str]:
    """Replace the list's rows in one bulk insert (60,000 rows must not take one ORM object or statement each);
    returns the active rows' mailboxes.

    The ids are drawn first, so that each merged duplicate points to the row kept in the same insert.
    """
    db.session.execute(delete(_TABLE).where(_TABLE.c.list_id == lst.id))
    extras = _extra_ministries(candidates, result.decisions, result.ministry_only)
    ids = reserve_ids(_TABLE, len(candidates))
    kept = {d.row: ids[i] for i, d in enumerate(result.decisions) if d.status == RespondentStatus.ACTIVE}
    rows = [(ids[i], lst.id, c.full_name, c.position, c.organisation, c.group, c.email, c.phone or "",
             c.managing_ministry, c.note or "", c.row if c.row < EXISTING_OFFSET else None, d.status,
             d.excluded_reason, kept.get(d.duplicate_of_row),
             extras.get(c.row, []) if d.status == RespondentStatus.ACTIVE else [])
            for i, (c, d) in enumerate(zip(candidates, result.decisions, strict=True))]
    bulk_insert(_TABLE, _COLUMNS, rows)
    db.session.expire(lst, ["respondents"])
    return {c.email for c, d in zip(candidates, result.decisions, strict=True) if d.status == RespondentStatus.ACTIVE}


def rebuild(lst: RespondentList, rows: list[RawRow], *, file_rows: int,
            file_warnings: list[str] = ()) -> tuple[dict, set[str]]:
    """Validate and de-duplicate all rows; replace the list's respondents, or raise ImportRejected.

    Returns the report and the mailboxes of the active respondents now in the list.
    """
    policy = policy_for(lst)
    candidates, errors, warnings = validate_rows(rows, policy)
    result = deduplicate(candidates, groups=policy.groups,
                         # Whether another locality's list holds a mailbox is for MOHA only, worked out when it
                         # looks (services.list_shared_mailboxes): telling the importer would reveal that list.
                         keep_ministry_questionnaire=lst.campaign.settings.get("keep_ministry_questionnaire", True))
    report = _report(file_rows, errors + result.errors, warnings + result.warnings, file_warnings, result)
    if rows and rows[0].number > EXISTING_OFFSET:  # appending: the list's own rows come first
        _name_existing_rows(report, result.decisions)
    if report["rejected"]:
        raise ImportRejected(report)
    active = _persist(lst, candidates, result)
    report["excluded"] = sum(1 for d in result.decisions if d.status == RespondentStatus.EXCLUDED)
    report["accepted"] = len(candidates) - report["excluded"]
    lst.version, lst.warnings = lst.version + 1, report["warnings"]
    return report, active


def _report(file_rows: int, errors: list, warnings: list, file_warnings, result) -> dict:
    """The import report of API.md before its counts: every refusal, merged duplicate and warning."""
    return {**empty_report(), "rows_total": file_rows, "rejected": [_as_dict(p) for p in errors],
            "duplicates": [asdict(d) for d in result.duplicates],
            "warnings": [{"row": None, "column": None, "message": w} for w in file_warnings]
            + [_as_dict(p) for p in warnings]}


def _existing(text: str) -> str:
    """"Dòng 100003" → "Dòng 3 của danh sách hiện có" (rows already in the list are numbered past EXISTING_OFFSET)."""
    def name(match: re.Match) -> str:
        number = int(match.group(2))
        if number <= EXISTING_OFFSET:
            return match.group(0)
        return f"{match.group(1)}òng {number - EXISTING_OFFSET} của danh sách hiện có"
    return _ROW_MENTION.sub(name, text)


def _name_existing_rows(report: dict, decisions) -> None:
    """Name the list's own rows as users see them, in the report and in the reasons stored with excluded rows."""
    for item in report["rejected"] + report["warnings"]:
        item["message"] = _existing(item["message"])
        if item["row"] and item["row"] > EXISTING_OFFSET:
            item["row"] = None
    for item in report["duplicates"]:
        item["reason"] = _existing(item["reason"])
    for decision in decisions:
        if decision.excluded_reason:
            decision.excluded_reason = _existing(decision.excluded_reason)


def active_emails(lst: RespondentList) -> set[str]:
    """The mailboxes of the list's active respondents (a Core query: ORM rows cost more than the read)."""
    return set(db.session.scalars(select(_TABLE.c.email).where(_TABLE.c.list_id == lst.id,
                                                               _TABLE.c.status == RespondentStatus.ACTIVE)))
