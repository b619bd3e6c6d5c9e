"""The list file's columns: canonical fields, their labels and the spellings people use."""

import re

from survey_app.core.text import fold

#: field → the header label of API.md "The list file", in template order.
FIELDS: dict[str, str] = {
    "stt": "STT",
    "full_name": "Họ và tên",
    "position": "Chức vụ",
    "organisation": "Cơ quan, đơn vị",
    "group": "Nhóm đối tượng",
    "managing_ministry": "Bộ chủ quản",
    "email": "Email",
    "phone": "Điện thoại",
    "note": "Ghi chú",
}
REQUIRED = ("full_name", "position", "organisation", "group", "email")

_VARIANTS = {
    "stt": ["TT", "Số TT", "Số thứ tự"],
    "full_name": ["Họ tên", "Ho ten", "Họ và tên đệm và tên", "Họ, tên", "Full name"],
    "position": ["Chức danh", "Chức vụ, chức danh", "Chức vụ hiện tại", "Position"],
    "organisation": [
        "Cơ quan", "Đơn vị", "Đơn vị công tác", "Cơ quan công tác", "Cơ quan, đơn vị công tác",
        "Nơi công tác", "Cơ quan đơn vị", "Organisation", "Organization",
    ],
    "group": ["Nhóm", "Đối tượng", "Nhóm đối tượng khảo sát", "Đối tượng khảo sát", "Group"],
    "managing_ministry": ["Bộ quản lý", "Bộ, ngành chủ quản", "Bộ ngành chủ quản", "Bộ chủ quản (nếu có)"],
    "email": [
        "E-mail", "Địa chỉ email", "Địa chỉ e-mail", "Thư điện tử", "Địa chỉ thư điện tử",
        "Hộp thư công vụ", "Địa chỉ hộp thư công vụ", "Email công vụ", "Thư công vụ", "Mail",
    ],
    "phone": ["Số điện thoại", "SĐT", "SDT", "ĐT", "Điện thoại di động", "Số ĐT", "Di động", "Phone"],
    "note": ["Ghi chú khác", "Note"],
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\*")


def _key(label: str) -> str:
    return fold(_BRACKETS.sub(" ", label))


def _build_aliases() -> dict[str, str]:
    aliases = {}
    for field, label in FIELDS.items():
        for spelling in [label, *_VARIANTS[field]]:
            aliases[_key(spelling)] = field
            aliases[fold(spelling)] = field
    return aliases


_ALIASES = _build_aliases()


def field_for(label: str) -> str | None:
    """The canonical field a header label stands for, whatever its case, spacing or diacritics."""
    if not label or len(label) > 120:
        return None
    return _ALIASES.get(_key(label)) or _ALIASES.get(fold(label))


def match_header(cells: list[str]) -> dict[str, int]:
    """field → column index for one row of labels; the first column wins a repeated field."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = field_for(cell)
        if field and field not in columns:
            columns[field] = index
    return columns


def missing_labels(columns: dict[str, int]) -> list[str]:
    """The labels of required fields absent from a header."""
    return [FIELDS[field] for field in REQUIRED if field not in columns]
