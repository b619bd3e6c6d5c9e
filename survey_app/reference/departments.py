"""Provincial department → managing ministry (bộ chủ quản), as of 2025, with older names."""

import re
from functools import lru_cache

from survey_app.core.text import fold

#: (department name, ministry code, is_former_name) — DOMAIN.md §4.
DEPARTMENT_MINISTRY: tuple[tuple[str, str, bool], ...] = (
    ("Sở Tư pháp", "BTP", False),
    ("Sở Tài chính", "BTC", False),
    ("Sở Nội vụ", "BNV", False),
    ("Sở Công Thương", "BCT", False),
    ("Sở Nông nghiệp và Môi trường", "BNNMT", False),
    ("Sở Xây dựng", "BXD", False),
    ("Sở Khoa học và Công nghệ", "BKHCN", False),
    ("Sở Giáo dục và Đào tạo", "BGDDT", False),
    ("Sở Y tế", "BYT", False),
    ("Sở Văn hóa, Thể thao và Du lịch", "BVHTTDL", False),
    ("Sở Văn hóa và Thể thao", "BVHTTDL", False),
    ("Sở Du lịch", "BVHTTDL", False),
    ("Sở Dân tộc và Tôn giáo", "BDTTG", False),
    ("Sở Ngoại vụ", "BNG", False),
    ("Thanh tra tỉnh", "TTCP", False),
    ("Thanh tra thành phố", "TTCP", False),
    ("Văn phòng UBND tỉnh", "VPCP", False),
    ("Văn phòng UBND thành phố", "VPCP", False),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VPCP", False),
    ("Văn phòng Ủy ban nhân dân thành phố", "VPCP", False),
    ("Sở Kế hoạch và Đầu tư", "BTC", True),
    ("Sở Thông tin và Truyền thông", "BKHCN", True),
    ("Sở Lao động – Thương binh và Xã hội", "BNV", True),
    ("Sở Tài nguyên và Môi trường", "BNNMT", True),
    ("Sở Nông nghiệp và PTNT", "BNNMT", True),
    ("Sở Nông nghiệp và Phát triển nông thôn", "BNNMT", True),
    ("Sở Giao thông vận tải", "BXD", True),
    ("Ban Dân tộc", "BDTTG", True),
)

#: Short forms typed in lists, same shape as DEPARTMENT_MINISTRY.
DEPARTMENT_ABBREVIATIONS: tuple[tuple[str, str, bool], ...] = (
    ("Sở GD&ĐT", "BGDDT", False),
    ("Sở Giáo dục - Đào tạo", "BGDDT", False),
    ("Sở KH&CN", "BKHCN", False),
    ("Sở NN&MT", "BNNMT", False),
    ("Sở VH-TT-DL", "BVHTTDL", False),
    ("Sở VHTT&DL", "BVHTTDL", False),
    ("Sở VH&TT", "BVHTTDL", False),
    ("Sở DT&TG", "BDTTG", False),
    ("VP UBND tỉnh", "VPCP", False),
    ("VP UBND thành phố", "VPCP", False),
    ("VP UBND TP", "VPCP", False),
    ("Văn phòng UBND TP", "VPCP", False),
    ("Thanh tra TP", "TTCP", False),
    ("Sở KH&ĐT", "BTC", True),
    ("Sở TT&TT", "BKHCN", True),
    ("Sở LĐ-TB&XH", "BNV", True),
    ("Sở LĐTB&XH", "BNV", True),
    ("Sở TN&MT", "BNNMT", True),
    ("Sở NN&PTNT", "BNNMT", True),
    ("Sở GTVT", "BXD", True),
)

# Names that contain a department's name without being that department:
# the People's Council's ethnic committee is not the province's Ban Dân tộc.
_NOT_DEPARTMENTS = ("Ban Dân tộc HĐND", "Ban Dân tộc Hội đồng nhân dân")

_JOINERS = re.compile(r"[&\-–—,.]")


def _spellings(name: str) -> set[str]:
    """The folded name, and for abbreviations also the joined form ("Sở GD&ĐT" → "so gd dt", "so gddt")."""
    return {fold(name), fold(_JOINERS.sub("", name))}


def _build_matcher() -> tuple[re.Pattern[str], dict[str, str | None]]:
    codes: dict[str, str | None] = {}
    for name, code, _ in DEPARTMENT_MINISTRY + DEPARTMENT_ABBREVIATIONS:
        for spelling in _spellings(name):
            codes[spelling] = code
    for name in _NOT_DEPARTMENTS:
        for spelling in _spellings(name):
            codes[spelling] = None
    alternatives = sorted(codes, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, alternatives)) + r")\b")
    return pattern, codes


_PATTERN, _CODES = _build_matcher()


@lru_cache(maxsize=8192)
def infer_ministry(organisation: str) -> str | None:
    """The managing ministry's code for a department named anywhere in `organisation`; the longest name wins."""
    matches = _PATTERN.findall(fold(organisation or ""))
    if not matches:
        return None
    return _CODES[max(matches, key=len)]
