"""Validating every row of a list file before anything is decided (DOMAIN.md §4, issue 3 point 4)."""

import functools
import re
from dataclasses import dataclass, field

from survey_app.core.mailbox import ascii_mailbox
from survey_app.core.text import fold
from survey_app.reference.departments import infer_ministry
from survey_app.reference.ministries import find_ministry
from survey_app.respondents.excel import FIELDS, REQUIRED, RawRow
from survey_app.respondents.normalize import legacy_hint, normalize_row

MAX_LENGTHS = {"full_name": 150, "position": 250, "organisation": 300, "phone": 50, "note": 1000}
_SHORTEST_LIMIT = min(MAX_LENGTHS.values())
#: Other ways people write a group's name (matched like the name: case, spacing and diacritics ignored).
GROUP_ALIASES = {
    "HDND": ("HĐND", "Đại biểu HĐND", "Đại biểu HĐND tỉnh", "Đại biểu Hội đồng nhân dân tỉnh",
             "Đại biểu Hội đồng nhân dân cấp tỉnh"),
    "LD_SO": ("Lãnh đạo sở", "Lãnh đạo các sở"),
    "LD_PHONG": ("Lãnh đạo phòng", "Lãnh đạo cấp phòng", "Lãnh đạo phòng thuộc sở, ban, ngành"),
    "LD_HUYEN": ("Lãnh đạo huyện", "Lãnh đạo UBND huyện", "Lãnh đạo UBND cấp huyện"),
    "LD_XA": ("Lãnh đạo xã", "Lãnh đạo UBND xã", "Lãnh đạo UBND cấp xã"),
    "LD_VU": ("Lãnh đạo vụ", "Lãnh đạo cấp vụ và tương đương"),
    "CC_CCHC": ("Công chức CCHC", "Công chức phụ trách CCHC", "Công chức phụ trách cải cách hành chính"),
    "LD_HOI": ("Lãnh đạo hội", "Lãnh đạo hiệp hội", "Lãnh đạo Hội, Hiệp hội"),
}
_REQUIRED_HINTS = {
    "full_name": "họ và tên của người được khảo sát",
    "position": "chức vụ (ví dụ: Giám đốc, Phó Trưởng phòng)",
    "organisation": "cơ quan, đơn vị công tác (ví dụ: Sở Tư pháp)",
    "group": "nhóm đối tượng (mã hoặc tên nhóm)",
    "email": "hộp thư công vụ của người này",
}
# A conservative shape that email-validator always accepts; anything else goes through the validator.
_PLAIN_EMAIL = re.compile(
    r"^[a-z0-9_+\-]+(?:\.[a-z0-9_+\-]+)*@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+(?:vn|com|net|org|edu|int)$"
)
_NOT_A_NAME = re.compile(r"[\d@]")
_SEPARATORS = re.compile(r"[;,\s/]+")
_ONE_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _several_addresses(email: str) -> bool:
    """Two or more whole addresses in one cell; a mistyped single address ('a@@b.gov.vn') is not several."""
    return sum(1 for part in _SEPARATORS.split(email) if _ONE_ADDRESS.fullmatch(part)) >= 2


@dataclass(frozen=True)
class GroupRule:
    code: str
    name: str
    level: str  #: "province" | "ministry": the kind of locality whose list takes this group
    priority: int  #: lower number = kept first when one person is in two groups
    needs_ministry: bool


@dataclass
class ListPolicy:
    groups: list[GroupRule]
    locality_kind: str  #: "province" | "ministry"
    locality_code: str
    domain_policy: str = "warning"  #: an address outside .gov.vn: "warning" | "error"
    max_cchc_per_unit: int = 2
    max_associations: int = 5


@dataclass
class Problem:
    row: int | None
    column: str | None  #: the Vietnamese header label, e.g. "Email"
    value: str
    message: str


@dataclass(slots=True)
class Candidate:
    row: int
    full_name: str
    position: str
    organisation: str
    group: str
    email: str
    phone: str
    managing_ministry: str | None
    note: str
    warnings: list[str] = field(default_factory=list)


def problem(row: int, name: str, value: str, text: str) -> Problem:
    """A row problem whose message starts "Dòng N, cột X: "."""
    label = FIELDS.get(name, name)
    return Problem(row=row, column=label, value=value, message=f"Dòng {row}, cột {label}: {text}")


def validate_rows(rows: list[RawRow], policy: ListPolicy) -> tuple[list[Candidate], list[Problem], list[Problem]]:
    """Check every row (required fields, group, ministry, email, domain, sample rules); candidates, errors, warnings."""
    groups = _group_index(policy)
    candidates: list[Candidate] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    hint = legacy_hint(rows)
    for raw in rows:
        values, notes = normalize_row(raw, legacy_hint=hint)
        error_count, warning_count = len(errors), len(warnings)
        if notes:
            warnings += [Problem(raw.number, None, "", note) for note in notes]
        group = _check_row(raw.number, values, groups, policy, errors, warnings)
        if len(errors) == error_count and group is not None:  # a row without errors has a known group
            own = warnings[warning_count:] if len(warnings) > warning_count else ()
            candidates.append(_candidate(raw.number, values, group, own))
    errors += _sample_problems(candidates, policy)
    bad_rows = {p.row for p in errors}
    return [c for c in candidates if c.row not in bad_rows], errors, warnings


def _candidate(number: int, values: dict[str, str], group: GroupRule, warnings) -> Candidate:
    return Candidate(
        number, values["full_name"], values["position"], values["organisation"], group.code, values["email"],
        values.get("phone", ""), values.get("_ministry"), values.get("note", ""),
        [w.message for w in warnings] if warnings else [],
    )


def _check_row(number, values, groups, policy, errors, warnings) -> GroupRule | None:
    for name in REQUIRED:
        if not values.get(name):
            errors.append(problem(number, name, "", f"ô đang trống. Hãy điền {_REQUIRED_HINTS[name]}."))
    if max(map(len, values.values())) > _SHORTEST_LIMIT:
        for name, limit in MAX_LENGTHS.items():
            if len(values.get(name, "")) > limit:
                errors.append(problem(number, name, values[name][:80], f"nội dung dài quá {limit} ký tự. Hãy rút gọn."))
    name = values.get("full_name", "")
    if name and _NOT_A_NAME.search(name):
        errors.append(problem(number, "full_name", name, f"'{name}' không giống họ tên người. Hãy kiểm tra các cột."))
    group = _check_group(number, values.get("group", ""), groups, policy, errors)
    if group and group.needs_ministry:
        values["_ministry"] = _check_ministry(number, values, errors, warnings)
    if values.get("email"):
        _check_email(number, values, policy, errors, warnings)
    return group


def _group_index(policy: ListPolicy) -> dict[str, GroupRule]:
    index = {}
    for rule in policy.groups:
        for spelling in (rule.code, rule.code.replace("_", " "), rule.name, *GROUP_ALIASES.get(rule.code, ())):
            index[fold(spelling)] = rule
    return index


def _check_group(number, value, groups, policy, errors) -> GroupRule | None:
    if not value:
        return None
    rule = groups.get(_fold(value))
    if rule is None:
        allowed = "; ".join(f"{r.code} ({r.name})" for r in policy.groups if r.level == policy.locality_kind)
        errors.append(problem(number, "group", value,
                              f"không có nhóm đối tượng '{value}'. Hãy ghi một trong: {allowed}."))
        return None
    if rule.level != policy.locality_kind:
        whose = "của tỉnh" if policy.locality_kind == "province" else "của bộ"
        errors.append(problem(number, "group", value, f"nhóm '{rule.name}' không thuộc danh sách {whose}. "
                              "Hãy bỏ dòng này hoặc sửa lại nhóm đối tượng."))
        return None
    return rule


def _check_ministry(number: int, values: dict[str, str], errors: list[Problem], warnings: list[Problem]) -> str | None:
    """The typed ministry wins; an empty cell is inferred from the department's name."""
    typed = values.get("managing_ministry", "")
    inferred = _infer_ministry(values.get("organisation", ""))
    if typed:
        ministry = _find_ministry(typed)
        if ministry is None:
            errors.append(problem(number, "managing_ministry", typed, f"không nhận ra bộ '{typed}'. "
                                  "Hãy ghi tên bộ (ví dụ: Bộ Y tế) hoặc mã bộ (ví dụ: BYT)."))
        elif inferred and inferred != ministry:
            warnings.append(problem(number, "managing_ministry", typed, f"'{typed}' khác với bộ quản lý ngành của "
                                    f"'{values['organisation']}' ({inferred}). Hãy kiểm tra lại bộ chủ quản."))
        return ministry
    if inferred is None and values.get("organisation"):
        errors.append(problem(number, "managing_ministry", "", "không suy ra được bộ chủ quản từ tên cơ quan "
                              f"'{values['organisation']}'. Hãy điền cột Bộ chủ quản (ví dụ: Bộ Y tế)."))
    return inferred


def _check_email(number, values, policy, errors, warnings) -> None:
    email = values["email"]
    if _several_addresses(email):
        errors.append(problem(number, "email", email, f"'{email}' có nhiều địa chỉ thư trong một ô. "
                              "Mỗi người chỉ ghi một hộp thư công vụ; hãy tách hoặc bỏ bớt."))
        return
    normalized = _valid_email(email)
    if normalized is None:
        hint = "" if email.isascii() else " (máy chủ thư chỉ nhận tên hộp thư không dấu)"
        errors.append(problem(number, "email", email, f"'{email}' không phải là địa chỉ thư hợp lệ{hint}. "
                              "Hãy sửa lại địa chỉ thư công vụ."))
        return
    values["email"] = normalized
    if not email.isascii():
        warnings.append(_idna_warning(number, email, normalized))
    domain = normalized.rsplit("@", 1)[1]
    if domain != "gov.vn" and not domain.endswith(".gov.vn"):
        text = f"'{normalized}' không phải hộp thư công vụ (.gov.vn)."
        if policy.domain_policy == "error":
            errors.append(problem(number, "email", normalized, text + " Hãy dùng hộp thư công vụ của người này."))
        else:
            warnings.append(problem(number, "email", normalized, text + " Nên dùng hộp thư công vụ nếu có."))


def _idna_warning(number: int, email: str, normalized: str) -> Problem:
    return problem(number, "email", email, f"tên miền của '{email}' được ghi theo dạng máy chủ thư nhận được "
                   f"(IDNA): '{normalized}'. Nên dùng hộp thư công vụ có tên miền không dấu.")


def _valid_email(email: str) -> str | None:
    if len(email) <= 254 and len(email.split("@", 1)[0]) <= 64 and "xn--" not in email and _PLAIN_EMAIL.match(email):
        return email
    return ascii_mailbox(email)


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return fold(text)


@functools.lru_cache(maxsize=4096)
def _infer_ministry(organisation: str) -> str | None:
    return infer_ministry(organisation)


@functools.lru_cache(maxsize=512)
def _find_ministry(text: str) -> str | None:
    ministry = find_ministry(text)
    return ministry.code if ministry else None


def _sample_problems(candidates: list[Candidate], policy: ListPolicy) -> list[Problem]:
    """At most 2 CC_CCHC officials per unit and at most 5 associations (LD_HOI) per ministry list."""
    problems = []
    units: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.group == "CC_CCHC":
            units.setdefault(_fold(c.organisation), []).append(c)
    for rows in units.values():
        if len(rows) > policy.max_cchc_per_unit:
            numbers = ", ".join(str(c.row) for c in rows)
            problems.append(problem(rows[policy.max_cchc_per_unit].row, "organisation", rows[0].organisation,
                                    f"đơn vị '{rows[0].organisation}' có {len(rows)} công chức phụ trách CCHC "
                                    f"(các dòng {numbers}); mỗi đơn vị chỉ khảo sát tối đa "
                                    f"{policy.max_cchc_per_unit} người. Hãy giữ lại {policy.max_cchc_per_unit} người."))
    associations: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.group == "LD_HOI":
            associations.setdefault(_fold(c.organisation), []).append(c)
    if len(associations) > policy.max_associations:
        names = [rows[0].organisation for rows in associations.values()]
        for rows in list(associations.values())[policy.max_associations:]:
            numbers = ", ".join(str(c.row) for c in rows)
            problems.append(problem(rows[0].row, "organisation", rows[0].organisation,
                                    f"danh sách có {len(names)} hội, hiệp hội ({'; '.join(names)}); mỗi bộ chỉ "
                                    f"khảo sát tối đa {policy.max_associations} hội. Hội '{rows[0].organisation}' "
                                    f"(các dòng {numbers}) vượt quá số này; hãy bỏ bớt."))
    return problems
