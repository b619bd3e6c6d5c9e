"""De-duplication of a list by normalised email (DOMAIN.md §4, issue 3 point 5): one pure function."""

import functools
from dataclasses import dataclass, field

from survey_app.core.text import fold
from survey_app.respondents.states import RespondentStatus
from survey_app.respondents.validation import Candidate, GroupRule, Problem

HDND = "HDND"


@dataclass(slots=True)
class Decision:
    row: int
    status: RespondentStatus
    excluded_reason: str | None = None
    duplicate_of_row: int | None = None


@dataclass
class Duplicate:
    email: str
    kept_group: str
    dropped_groups: list[str]
    reason: str


@dataclass
class DedupResult:
    decisions: list[Decision]  #: one per candidate, in the candidates' order
    duplicates: list[Duplicate]
    errors: list[Problem]
    warnings: list[Problem]
    #: kept row → managing-ministry codes of dropped department/division roles that keep their questionnaire
    ministry_only: dict[int, list[str]] = field(default_factory=dict)


def deduplicate(
    candidates: list[Candidate],
    *,
    groups: list[GroupRule],
    keep_ministry_questionnaire: bool = True,
) -> DedupResult:
    """One person per mailbox: HĐND wins, else the group of best priority; same rows merge; clashes reported."""
    rules = {rule.code: rule for rule in groups}
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].row, i))
    decisions: dict[int, Decision] = {i: Decision(candidates[i].row, RespondentStatus.ACTIVE) for i in order}
    result = DedupResult(decisions=[], duplicates=[], errors=[], warnings=[])
    for email, indexes in _by_mailbox(candidates, order).items():
        if len(indexes) > 1:
            _resolve_mailbox(email, indexes, candidates, rules, decisions, result, keep_ministry_questionnaire)
    _warn_two_mailboxes(candidates, order, decisions, result)
    result.decisions = [decisions[i] for i in range(len(candidates))]
    result.errors.sort(key=_problem_order)
    result.warnings.sort(key=_problem_order)
    return result


def _by_mailbox(candidates: list[Candidate], order: list[int]) -> dict[str, list[int]]:
    """Mailbox (case folded) → indexes of its rows, in row order."""
    by_email: dict[str, list[int]] = {}
    for i in order:
        by_email.setdefault(candidates[i].email.lower(), []).append(i)
    return by_email


def _problem_order(item: Problem) -> tuple[int, str]:
    return (item.row if item.row is not None else -1, item.message)


def _label(rules: dict[str, GroupRule], code: str) -> str:
    rule = rules.get(code)
    return rule.name if rule else code


def _resolve_mailbox(email, indexes, candidates, rules, decisions, result, keep_ministry) -> None:
    """Decide which of several rows sharing one mailbox stays active."""
    rows = [candidates[i] for i in indexes]
    if len({fold(c.full_name) for c in rows}) > 1:
        result.errors.append(_shared_mailbox(email, rows))
        return
    kept = _choose_kept(indexes, candidates, rules)
    keeper = candidates[kept]
    dropped_groups: list[str] = []
    for i in indexes:
        if i != kept:
            dropped = _drop(candidates[i], keeper, rules, decisions[i], result, keep_ministry)
            if dropped and dropped not in dropped_groups:
                dropped_groups.append(dropped)
    if dropped_groups:
        reason = decisions[next(i for i in indexes if i != kept and candidates[i].group != keeper.group)]
        result.duplicates.append(Duplicate(email=email, kept_group=keeper.group, dropped_groups=dropped_groups,
                                           reason=reason.excluded_reason or ""))


def _shared_mailbox(email: str, rows: list[Candidate]) -> Problem:
    """Different people written with one mailbox: an error, since each must get their own link."""
    numbers = " và ".join(f"dòng {c.row}" for c in rows)
    people = ", ".join(f"'{c.full_name}'" for c in rows)
    return Problem(rows[0].row, "Email", email, (
        f"Dòng {rows[0].row}, cột Email: hộp thư '{email}' được ghi cho những người khác nhau ({people}; "
        f"{numbers}). Mỗi người phải có hộp thư công vụ riêng; hãy sửa lại địa chỉ thư cho đúng người."))


def _choose_kept(indexes: list[int], candidates: list[Candidate], rules: dict[str, GroupRule]) -> int:
    """The HĐND row if any, else the group of best priority; ties go to the earlier row."""
    def rank(i: int) -> tuple[int, int, int, int]:
        c = candidates[i]
        priority = rules[c.group].priority if c.group in rules else 10**6
        return (0 if c.group == HDND else 1, priority, c.row, i)

    return min(indexes, key=rank)


def _drop(c, keeper, rules, decision, result, keep_ministry) -> str | None:
    """Exclude one row in favour of the kept row; returns its group when the roles differ."""
    decision.status = RespondentStatus.EXCLUDED
    decision.duplicate_of_row = keeper.row
    if c.group == keeper.group:
        decision.excluded_reason = _same_role_reason(c, keeper, rules)
        note = f"Dòng {c.row}, cột Email: {decision.excluded_reason}"
        result.warnings.append(Problem(c.row, "Email", c.email, note))
        return None
    decision.excluded_reason = _other_role_reason(keeper, rules)
    ministry = _ministry_kept(c, keeper, rules) if keep_ministry else None
    if ministry:
        kept_ministries = result.ministry_only.setdefault(keeper.row, [])
        if ministry not in kept_ministries:
            kept_ministries.append(ministry)
        decision.excluded_reason += f" Người này vẫn nhận phiếu khảo sát về bộ chủ quản ({ministry})."
    return c.group


def _same_role_reason(c: Candidate, keeper: Candidate, rules: dict[str, GroupRule]) -> str:
    if fold(c.organisation) == fold(keeper.organisation):
        return f"Trùng với dòng {keeper.row} (cùng người, cùng nhóm, cùng đơn vị); đã gộp làm một."
    return (f"Trùng với dòng {keeper.row} (cùng người, cùng nhóm '{_label(rules, c.group)}' nhưng ghi đơn vị "
            f"'{c.organisation}' khác '{keeper.organisation}'); chỉ giữ dòng {keeper.row}.")


def _other_role_reason(keeper: Candidate, rules: dict[str, GroupRule]) -> str:
    why = ("vai trò Đại biểu HĐND được giữ" if keeper.group == HDND
           else f"nhóm '{_label(rules, keeper.group)}' được ưu tiên hơn")
    return (f"Người này đã có trong danh sách ở dòng {keeper.row} với nhóm '{_label(rules, keeper.group)}'; "
            f"theo quy tắc loại trùng, {why}.")


def _ministry_kept(c: Candidate, keeper: Candidate, rules: dict[str, GroupRule]) -> str | None:
    """The dropped role's managing ministry, unless the kept role already answers about it."""
    rule = rules.get(c.group)
    if rule is None or not rule.needs_ministry or not c.managing_ministry:
        return None
    keeper_rule = rules.get(keeper.group)
    if keeper_rule and keeper_rule.needs_ministry and keeper.managing_ministry == c.managing_ministry:
        return None
    return c.managing_ministry


@functools.lru_cache(maxsize=8192)
def _fold_unit(organisation: str) -> str:
    return fold(organisation)


def _warn_two_mailboxes(candidates, order, decisions, result) -> None:
    """The same name and organisation under two mailboxes is probably one person."""
    people: dict[tuple[str, str], list[Candidate]] = {}
    for i in order:
        if decisions[i].status == RespondentStatus.ACTIVE:
            c = candidates[i]
            people.setdefault((fold(c.full_name), _fold_unit(c.organisation)), []).append(c)
    for rows in people.values():
        emails = {c.email.lower() for c in rows}
        if len(emails) > 1:
            numbers = ", ".join(str(c.row) for c in rows)
            listed = ", ".join(f"'{c.email}'" for c in rows)
            result.warnings.append(Problem(rows[0].row, "Email", rows[0].email, (
                f"Dòng {rows[0].row}, cột Email: '{rows[0].full_name}' ở '{rows[0].organisation}' có "
                f"{len(emails)} hộp thư khác nhau ({listed}; các dòng {numbers}). "
                "Nếu là cùng một người, hãy chỉ giữ một dòng.")))
