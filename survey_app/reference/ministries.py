"""The 15 ministry-level units evaluated by the PAR INDEX since the 2025 restructuring.

Defence and Public Security are not evaluated. Aliases include the names of
ministries merged in 2025, so a list that still says "Bộ Kế hoạch và Đầu tư"
reaches the ministry that absorbed it; official_domains likewise keep the
old ministries' mail domains.
"""

from dataclasses import dataclass

from survey_app.core.text import fold


@dataclass(frozen=True)
class Ministry:
    code: str
    name: str
    aliases: tuple[str, ...]
    official_domains: tuple[str, ...]


MINISTRIES: tuple[Ministry, ...] = (
    Ministry("BTP", "Bộ Tư pháp", ("Bộ TP",), ("moj.gov.vn",)),
    Ministry(
        "BTC",
        "Bộ Tài chính",
        ("Bộ TC", "Bộ Kế hoạch và Đầu tư", "Bộ KH&ĐT", "Bộ KHĐT"),
        ("mof.gov.vn", "mpi.gov.vn"),
    ),
    Ministry(
        "BNV",
        "Bộ Nội vụ",
        ("Bộ NV", "Bộ Lao động - Thương binh và Xã hội", "Bộ LĐ-TB&XH", "Bộ LĐTBXH"),
        ("moha.gov.vn", "molisa.gov.vn"),
    ),
    Ministry("BCT", "Bộ Công Thương", (), ("moit.gov.vn",)),
    Ministry(
        "BNNMT",
        "Bộ Nông nghiệp và Môi trường",
        (
            "Bộ NN&MT",
            "Bộ Tài nguyên và Môi trường",
            "Bộ TN&MT",
            "Bộ Nông nghiệp và Phát triển nông thôn",
            "Bộ NN&PTNT",
        ),
        ("mae.gov.vn", "monre.gov.vn", "mard.gov.vn"),
    ),
    Ministry(
        "BXD",
        "Bộ Xây dựng",
        ("Bộ XD", "Bộ Giao thông vận tải", "Bộ GTVT"),
        ("moc.gov.vn", "mt.gov.vn"),
    ),
    Ministry(
        "BKHCN",
        "Bộ Khoa học và Công nghệ",
        ("Bộ KH&CN", "Bộ Thông tin và Truyền thông", "Bộ TT&TT", "Bộ TTTT"),
        ("most.gov.vn", "mic.gov.vn"),
    ),
    Ministry("BGDDT", "Bộ Giáo dục và Đào tạo", ("Bộ GD&ĐT",), ("moet.gov.vn",)),
    Ministry("BYT", "Bộ Y tế", (), ("moh.gov.vn",)),
    Ministry(
        "BVHTTDL",
        "Bộ Văn hóa, Thể thao và Du lịch",
        ("Bộ VHTTDL", "Bộ VH-TT-DL", "Văn hóa Thể thao và Du lịch"),
        ("bvhttdl.gov.vn",),
    ),
    Ministry(
        "BDTTG",
        "Bộ Dân tộc và Tôn giáo",
        ("Bộ DT&TG", "Ủy ban Dân tộc", "UBDT", "Ban Tôn giáo Chính phủ"),
        ("ubdt.gov.vn",),
    ),
    Ministry("BNG", "Bộ Ngoại giao", (), ("mofa.gov.vn",)),
    Ministry(
        "NHNN",
        "Ngân hàng Nhà nước Việt Nam",
        ("Ngân hàng Nhà nước", "NHNNVN", "NHNN Việt Nam"),
        ("sbv.gov.vn",),
    ),
    Ministry("TTCP", "Thanh tra Chính phủ", (), ("thanhtra.gov.vn",)),
    Ministry("VPCP", "Văn phòng Chính phủ", (), ("chinhphu.vn",)),
)

_BY_CODE: dict[str, Ministry] = {m.code: m for m in MINISTRIES}


def _key(text: str) -> str:
    """Folded, without a leading "Bộ", without spaces ("Bộ GD&ĐT" → "gddt")."""
    return fold(text).removeprefix("bo ").replace(" ", "")


def _build_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for ministry in MINISTRIES:
        for spelling in (ministry.code, ministry.name, *ministry.aliases):
            index.setdefault(_key(spelling), set()).add(ministry.code)
    return {key: frozenset(codes) for key, codes in index.items()}


_INDEX = _build_index()


def get_ministry(code: str) -> Ministry | None:
    """The evaluated ministry with this code, or None."""
    return _BY_CODE.get(code)


def find_ministry(text: str) -> Ministry | None:
    """The evaluated ministry a user means by a code, name or alias; None when unknown or ambiguous."""
    codes = _INDEX.get(_key(text or ""), frozenset())
    if len(codes) != 1:
        return None
    return _BY_CODE[next(iter(codes))]
