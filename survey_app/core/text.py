"""Text helpers shared by every area: Unicode normalisation and diacritic-free keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _strip_table() -> dict[int, str]:
    """Every Latin letter with marks (Vietnamese and others) → its bare letter; đ → d; marks removed."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x2000):
        ch = chr(code)
        if unicodedata.category(ch) == "Mn":
            table[code] = ""
            continue
        bare = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
        if bare != ch and bare.isascii():
            table[code] = bare
    return table


_STRIP = _strip_table()


def nfc(value: str) -> str:
    """Compose Unicode (text from Word or macOS often arrives decomposed)."""
    return unicodedata.normalize("NFC", value)


def squash(value: str) -> str:
    """Trim and collapse every run of whitespace (tabs, non-breaking spaces) to one space."""
    return _SPACES.sub(" ", value.replace("\u00a0", " ")).strip()


def fold(value: str) -> str:
    """A comparison key: lower case, no diacritics, đ → d, punctuation as spaces.

    "Sở Văn hóa, Thể thao  và Du lịch" and "so van hoa the thao va du lich" share a key.
    """
    return _NON_WORD.sub(" ", value.translate(_STRIP).lower()).strip()


def number(value: int) -> str:
    """A count as Vietnamese readers write it: 3412 → '3.412'."""
    return f"{value:,}".replace(",", ".")
