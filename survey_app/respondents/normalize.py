"""Normalising one row of a list file: Unicode, spaces, legacy encodings, names, emails, phones."""

import functools
import re
import unicodedata

from survey_app.core.text import nfc, squash
from survey_app.respondents.excel import RawRow
from survey_app.respondents.legacy import (
    detect_legacy,
    dominant_encoding,
    has_unicode_letters,
    might_be_legacy,
    reads_as,
    to_unicode,
)

_LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TEXT_FIELDS = frozenset(("full_name", "position", "organisation", "group", "managing_ministry", "note"))
_TYPED_FIELDS = ("full_name", "position", "organisation")  #: typed by hand, unlike a group picked from a list
_ANGLE = re.compile(r"<([^<>]+)>")
_PLAIN_EMAIL = re.compile(r"[a-z0-9._+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)+\Z")
_NON_DIGITS = re.compile(r"\D")
_PHONE_CHARS = re.compile(r"^[\d\s.\-()+/]+$")


def normalize_row(raw: RawRow, *, legacy_hint: str | None = None) -> tuple[dict[str, str], list[str]]:
    """Clean every field of a row; returns the values and the row's warnings (Vietnamese).

    `legacy_hint` is the legacy encoding most of the file was typed in (legacy.dominant_encoding).
    """
    values, converted = _clean_fields(raw.values, legacy_hint)
    hint = min(converted.values()) if converted else legacy_hint
    if hint and not any(has_unicode_letters(raw.values.get(name, "")) for name in _TYPED_FIELDS):
        _follow_row_encoding(values, converted, hint)
    if values.get("full_name"):
        values["full_name"] = values["full_name"].title()
    if "email" in values:
        values["email"] = clean_email(values["email"])
    if values.get("phone"):
        values["phone"] = clean_phone(values["phone"])
    return values, _legacy_warnings(raw.number, converted)


def _clean_fields(raw: dict[str, str], legacy_hint: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """(values, field → the legacy encoding it was converted from)."""
    values, converted = {}, {}
    for name, value in raw.items():
        if value and name in _TEXT_FIELDS:
            value, encoding = _clean_text(value, legacy_hint)
            if encoding:
                converted[name] = encoding
        elif value and name != "email":  # clean_email tidies what needs it
            value = _tidy(value)
        values[name] = value
    return values, converted


def _follow_row_encoding(values: dict[str, str], converted: dict[str, str], hint: str) -> None:
    """A row is typed in one font: words that read as Vietnamese either way follow the row's (or file's) encoding."""
    for name in _TEXT_FIELDS - converted.keys():
        text = values.get(name)
        if text and reads_as(text, hint):
            values[name] = squash(nfc(to_unicode(text, hint)))
            converted[name] = hint


def _legacy_warnings(number: int, converted: dict[str, str]) -> list[str]:
    if not converted:
        return []
    label = " và ".join(_LEGACY_NAMES[encoding] for encoding in sorted(set(converted.values())))
    return [f"Dòng {number}: văn bản gõ bằng bảng mã {label} đã được chuyển sang Unicode; hãy kiểm tra lại."]


# Positions, units, groups and ministries repeat across thousands of rows: clean each distinct text once.
@functools.lru_cache(maxsize=65536)
def _clean_text(value: str, hint: str | None = None) -> tuple[str, str | None]:
    """Tidy text, converted from a legacy encoding when it was typed in one; returns (text, encoding or None)."""
    value = _tidy(value)
    encoding = detect_legacy(value, hint) if might_be_legacy(value) else None
    if encoding:
        value = squash(nfc(to_unicode(value, encoding)))
    return value, encoding


def legacy_hint(rows: list[RawRow]) -> str | None:
    """The legacy encoding a file was mostly typed in, judged on the names, positions and units of ≤ 3,000 rows."""
    sample = rows[:: max(1, len(rows) // 3000)]
    return dominant_encoding(row.values.get(name, "") for row in sample for name in _TYPED_FIELDS)


def _tidy(value: str) -> str:
    """NFC and squashed spaces, skipping the work for text that is already clean (most of it)."""
    if not value:
        return value
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = nfc(value)
    if value.isprintable() and value[0] != " " and value[-1] != " " and "  " not in value:
        return value
    return squash(value)


def capitalise_name(name: str) -> str:
    """Vietnamese name case: every word starts with a capital ("NGUYỄN văn  an" → "Nguyễn Văn An")."""
    return _tidy(name).title()


def clean_email(value: str) -> str:
    """Trim, drop mailto: and <>, trailing dots or semicolons, invisible characters; lower case."""
    if _PLAIN_EMAIL.match(value):
        return value
    text = _INVISIBLE.sub("", _tidy(value)).strip()
    angle = _ANGLE.search(text)
    if angle and "@" in angle.group(1):
        text = angle.group(1)
    text = text.strip().strip("<>").strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().rstrip(".;,").strip().lower()


def clean_phone(value: str) -> str:
    """A Vietnamese number as digits with its leading 0 ("+84 912 345 678" → "0912345678"); others as typed."""
    if value.isdigit() and value[0] == "0" and len(value) in (10, 11):
        return value  # already as stored
    if not _PHONE_CHARS.match(value):
        return value
    digits = _NON_DIGITS.sub("", value)
    if value.lstrip().startswith("+") and not digits.startswith("84"):
        return value
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and digits[0] != "0":
        # Excel drops the leading zero of a number typed into a numeric cell.
        digits = "0" + digits
    if digits.startswith("0") and len(digits) in (10, 11):
        return digits
    return value
