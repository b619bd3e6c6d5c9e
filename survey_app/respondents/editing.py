"""Changing a list by hand: add, edit or remove one row, under the same validation as an upload."""

from survey_app.core import audit
from survey_app.core.errors import NotFound
from survey_app.respondents.excel import RawRow
from survey_app.respondents.models import Respondent, RespondentList
from survey_app.respondents.rebuild import rebuild, respondent_rows
from survey_app.respondents.services import ensure_editable

EDITABLE = ("full_name", "position", "organisation", "group", "managing_ministry", "email", "phone", "note")


def _values(form: dict) -> dict:
    return {"stt": "", **{name: str(form.get(name) or "") for name in EDITABLE}}


def _position(lst: RespondentList, respondent_id: int) -> int:
    for i, r in enumerate(lst.respondents):
        if r.id == respondent_id:
            return i
    raise NotFound("Không tìm thấy dòng này trong danh sách.")


def _apply(lst: RespondentList, rows: list[RawRow], *, action: str, details: dict, actor) -> dict:
    report, _ = rebuild(lst, rows, file_rows=len(rows))
    audit.record(action, lst, actor=actor, details={**details, "version": lst.version})
    return report


def add_row(lst: RespondentList, form: dict, *, actor) -> dict:
    """Add one person to the list (validated and de-duplicated with the whole list)."""
    ensure_editable(lst)
    rows = respondent_rows(lst)
    rows.append(RawRow(number=len(rows) + 1, values=_values(form)))
    return _apply(lst, rows, action="list.row_add", details={"email": form.get("email")}, actor=actor)


def update_row(lst: RespondentList, respondent_id: int, form: dict, *, actor) -> dict:
    """Change one row in place."""
    ensure_editable(lst)
    rows = respondent_rows(lst)
    index = _position(lst, respondent_id)
    before = lst.respondents[index].to_dict()
    rows[index] = RawRow(number=index + 1, values=_values(form))
    return _apply(lst, rows, action="list.row_edit", details={"before": before, "after": _values(form)}, actor=actor)


def remove_row(lst: RespondentList, respondent_id: int, *, actor) -> dict:
    """Take one row out of the list (the rest is checked again: a merged duplicate may come back)."""
    ensure_editable(lst)
    index = _position(lst, respondent_id)
    removed: Respondent = lst.respondents[index]
    rows = [row for i, row in enumerate(respondent_rows(lst)) if i != index]
    for number, row in enumerate(rows, start=1):
        row.number = number
    return _apply(lst, rows, action="list.row_remove", details={"removed": removed.to_dict()}, actor=actor)
