"""Importing a list file: parse, validate, de-duplicate, then persist in one go (or store nothing)."""

import hashlib
from dataclasses import asdict

from sqlalchemy import delete, select

from survey_app.core import audit
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput
from survey_app.reference.models import Locality
from survey_app.respondents.dedup import deduplicate
from survey_app.respondents.excel import ReadError, read_list_file
from survey_app.respondents.models import ImportBatch, Respondent, RespondentList
from survey_app.respondents.services import ensure_editable
from survey_app.respondents.validation import Candidate, GroupRule, ListPolicy, validate_rows

MODES = ("replace", "append")


class ImportRejected(InvalidInput):
    """The file has errors: nothing was stored; `report` is the complete report."""

    def __init__(self, report: dict) -> None:
        first = report["rejected"][0]["message"] if report["rejected"] else "Tệp không hợp lệ."
        super().__init__(first, errors=report["rejected"])
        self.report = report


def policy_for(lst: RespondentList) -> ListPolicy:
    campaign = lst.campaign
    groups = [GroupRule(code=g.code, name=g.name, level=g.level, priority=g.priority,
                        needs_ministry=g.needs_ministry) for g in campaign.groups]
    return ListPolicy(groups=groups, locality_kind=lst.locality.kind, locality_code=lst.locality.code,
                      domain_policy=campaign.settings.get("domain_policy", "warning"))


def _existing_candidates(lst: RespondentList) -> list[Candidate]:
    return [Candidate(row=r.source_row or 0, full_name=r.full_name, position=r.position,
                      organisation=r.organisation, group=r.group_code, email=r.email, phone=r.phone,
                      managing_ministry=r.managing_ministry, note=r.note, warnings=[])
            for r in lst.respondents]


def _in_other_lists(lst: RespondentList, emails: set[str]) -> dict[str, list[str]]:
    rows = db.session.execute(
        select(Respondent.email, Locality.code).join(RespondentList, Respondent.list_id == RespondentList.id)
        .join(Locality, Locality.id == RespondentList.locality_id)
        .where(RespondentList.campaign_id == lst.campaign_id, RespondentList.id != lst.id,
               Respondent.email.in_(emails)))
    found: dict[str, list[str]] = {}
    for email, code in rows:
        found.setdefault(email, []).append(code)
    return found


def _problem(p) -> dict:
    return {"row": p.row, "column": p.column, "message": p.message}


def _report(total: int, accepted: int, excluded: int, rejected: list, duplicates: list, warnings: list) -> dict:
    return {"rows_total": total, "accepted": accepted, "excluded": excluded, "rejected": rejected,
            "duplicates": [asdict(d) for d in duplicates], "warnings": warnings}


def _extra_ministries(candidates, decisions, ministry_only: dict) -> dict[int, list[dict]]:
    """Kept row → the dropped department/division roles whose ministry questionnaire stays."""
    extras: dict[int, list[dict]] = {}
    for candidate, decision in zip(candidates, decisions):
        kept = decision.duplicate_of_row
        if decision.status == "excluded" and kept in ministry_only and candidate.managing_ministry in ministry_only[kept]:
            item = {"group": candidate.group, "ministry": candidate.managing_ministry}
            if item not in extras.setdefault(kept, []):
                extras[kept].append(item)
    return extras


def _persist(lst: RespondentList, candidates, result) -> list[Respondent]:
    db.session.execute(delete(Respondent).where(Respondent.list_id == lst.id))
    lst.respondents = []
    extras = _extra_ministries(candidates, result.decisions, result.ministry_only)
    by_row: dict[int, Respondent] = {}
    rows = []
    for c, d in zip(candidates, result.decisions):
        r = Respondent(full_name=c.full_name, position=c.position, organisation=c.organisation,
                       group_code=c.group, email=c.email, phone=c.phone or "",
                       managing_ministry=c.managing_ministry, note=c.note or "", source_row=c.row,
                       status=d.status, excluded_reason=d.excluded_reason,
                       extra_ministries=extras.get(c.row, []) if d.status == "active" else [])
        lst.respondents.append(r)
        rows.append((r, d))
        if d.status == "active":
            by_row.setdefault(c.row, r)
    db.session.flush()
    for r, d in rows:
        if d.duplicate_of_row is not None and d.duplicate_of_row in by_row:
            r.duplicate_of_id = by_row[d.duplicate_of_row].id
    return [r for r, _ in rows]


def import_list(lst: RespondentList, data: bytes, filename: str, *, mode: str, max_bytes: int, actor) -> dict:
    """Take the whole file or nothing; returns the report of API.md (raises ImportRejected with it)."""
    ensure_editable(lst)
    if mode not in MODES:
        raise InvalidInput("Chế độ nhập phải là 'replace' (thay thế) hoặc 'append' (bổ sung).",
                           errors=[{"field": "mode", "message": f"Chế độ '{mode}' không hợp lệ."}])
    try:
        parsed = read_list_file(data, filename, max_bytes=max_bytes)
    except ReadError as exc:
        raise ImportRejected(_report(0, 0, 0, [{"row": None, "column": None, "message": exc.message}], [], []))
    candidates, errors, warnings = validate_rows(parsed.rows, policy_for(lst))
    previous = {r.email for r in lst.respondents if r.status == "active"}
    if mode == "append":
        candidates = _existing_candidates(lst) + candidates
    groups = policy_for(lst).groups
    result = deduplicate(candidates, groups=groups,
                         keep_ministry_questionnaire=lst.campaign.settings.get("keep_ministry_questionnaire", True),
                         other_localities=_in_other_lists(lst, {c.email for c in candidates}))
    rejected = [_problem(p) for p in errors + result.errors]
    all_warnings = [{"row": None, "column": None, "message": w} for w in parsed.warnings] + \
        [_problem(p) for p in warnings + result.warnings]
    if rejected:
        raise ImportRejected(_report(len(parsed.rows), 0, 0, rejected, result.duplicates, all_warnings))
    respondents = _persist(lst, candidates, result)
    active = {r.email for r in respondents if r.status == "active"}
    excluded = sum(1 for r in respondents if r.status == "excluded")
    report = _report(len(parsed.rows), len(respondents) - excluded, excluded, [], result.duplicates, all_warnings)
    lst.version += 1
    lst.warnings = all_warnings
    db.session.add(ImportBatch(list_id=lst.id, file_name=filename[:255], sha256=hashlib.sha256(data).hexdigest(),
                               mode=mode, uploaded_by_id=getattr(actor, "id", None),
                               counts={k: report[k] for k in ("rows_total", "accepted", "excluded")},
                               diff={"added": sorted(active - previous), "removed": sorted(previous - active)},
                               report=report))
    audit.record("list.import", lst, actor=actor, details={"file": filename, "mode": mode, "version": lst.version,
                                                          "accepted": report["accepted"], "excluded": excluded})
    return report
