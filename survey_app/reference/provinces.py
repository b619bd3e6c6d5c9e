"""The 34 provinces since 1 July 2025, the 63 before, and their official mail domains.

Codes are the statistics office's two-digit codes. The two tables reuse codes
with different meanings (15, 24, 44, 52, 80, 82, 91), so a code is only ever
looked up in the table it came from.
"""

from dataclasses import dataclass

from survey_app.core.text import fold


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    is_city: bool
    official_domains: tuple[str, ...]


@dataclass(frozen=True)
class FormerProvince:
    code: str
    name: str
    #: the current province that absorbed it (Nghị quyết 202/2025/QH15)
    current_code: str
    mail_domains: tuple[str, ...]


FORMER_PROVINCES: tuple[FormerProvince, ...] = tuple(
    FormerProvince(code, name, current, domains)
    for code, name, current, domains in (
        ("01", "Hà Nội", "01", ("hanoi.gov.vn",)),
        ("02", "Hà Giang", "08", ("hagiang.gov.vn",)),
        ("04", "Cao Bằng", "04", ("caobang.gov.vn",)),
        ("06", "Bắc Kạn", "19", ("backan.gov.vn",)),
        ("08", "Tuyên Quang", "08", ("tuyenquang.gov.vn",)),
        ("10", "Lào Cai", "15", ("laocai.gov.vn",)),
        ("11", "Điện Biên", "11", ("dienbien.gov.vn",)),
        ("12", "Lai Châu", "12", ("laichau.gov.vn",)),
        ("14", "Sơn La", "14", ("sonla.gov.vn",)),
        ("15", "Yên Bái", "15", ("yenbai.gov.vn",)),
        ("17", "Hòa Bình", "25", ("hoabinh.gov.vn",)),
        ("19", "Thái Nguyên", "19", ("thainguyen.gov.vn",)),
        ("20", "Lạng Sơn", "20", ("langson.gov.vn",)),
        ("22", "Quảng Ninh", "22", ("quangninh.gov.vn",)),
        ("24", "Bắc Giang", "24", ("bacgiang.gov.vn",)),
        ("25", "Phú Thọ", "25", ("phutho.gov.vn",)),
        ("26", "Vĩnh Phúc", "25", ("vinhphuc.gov.vn",)),
        ("27", "Bắc Ninh", "24", ("bacninh.gov.vn",)),
        ("30", "Hải Dương", "31", ("haiduong.gov.vn",)),
        ("31", "Hải Phòng", "31", ("haiphong.gov.vn",)),
        ("33", "Hưng Yên", "33", ("hungyen.gov.vn",)),
        ("34", "Thái Bình", "33", ("thaibinh.gov.vn",)),
        ("35", "Hà Nam", "37", ("hanam.gov.vn",)),
        ("36", "Nam Định", "37", ("namdinh.gov.vn",)),
        ("37", "Ninh Bình", "37", ("ninhbinh.gov.vn",)),
        ("38", "Thanh Hóa", "38", ("thanhhoa.gov.vn",)),
        ("40", "Nghệ An", "40", ("nghean.gov.vn",)),
        ("42", "Hà Tĩnh", "42", ("hatinh.gov.vn",)),
        ("44", "Quảng Bình", "44", ("quangbinh.gov.vn",)),
        ("45", "Quảng Trị", "44", ("quangtri.gov.vn",)),
        ("46", "Thừa Thiên Huế", "46", ("thuathienhue.gov.vn",)),
        ("48", "Đà Nẵng", "48", ("danang.gov.vn",)),
        ("49", "Quảng Nam", "48", ("quangnam.gov.vn",)),
        ("51", "Quảng Ngãi", "51", ("quangngai.gov.vn",)),
        ("52", "Bình Định", "52", ("binhdinh.gov.vn",)),
        ("54", "Phú Yên", "66", ("phuyen.gov.vn",)),
        ("56", "Khánh Hòa", "56", ("khanhhoa.gov.vn",)),
        ("58", "Ninh Thuận", "56", ("ninhthuan.gov.vn",)),
        ("60", "Bình Thuận", "68", ("binhthuan.gov.vn",)),
        ("62", "Kon Tum", "51", ("kontum.gov.vn",)),
        ("64", "Gia Lai", "52", ("gialai.gov.vn",)),
        ("66", "Đắk Lắk", "66", ("daklak.gov.vn",)),
        ("67", "Đắk Nông", "68", ("daknong.gov.vn",)),
        ("68", "Lâm Đồng", "68", ("lamdong.gov.vn",)),
        ("70", "Bình Phước", "75", ("binhphuoc.gov.vn",)),
        ("72", "Tây Ninh", "80", ("tayninh.gov.vn",)),
        ("74", "Bình Dương", "79", ("binhduong.gov.vn",)),
        ("75", "Đồng Nai", "75", ("dongnai.gov.vn",)),
        ("77", "Bà Rịa – Vũng Tàu", "79", ("baria-vungtau.gov.vn",)),
        ("79", "TP Hồ Chí Minh", "79", ("tphcm.gov.vn", "hochiminhcity.gov.vn")),
        ("80", "Long An", "80", ("longan.gov.vn",)),
        ("82", "Tiền Giang", "82", ("tiengiang.gov.vn",)),
        ("83", "Bến Tre", "86", ("bentre.gov.vn",)),
        ("84", "Trà Vinh", "86", ("travinh.gov.vn",)),
        ("86", "Vĩnh Long", "86", ("vinhlong.gov.vn",)),
        ("87", "Đồng Tháp", "82", ("dongthap.gov.vn",)),
        ("89", "An Giang", "91", ("angiang.gov.vn",)),
        ("91", "Kiên Giang", "91", ("kiengiang.gov.vn",)),
        ("92", "Cần Thơ", "92", ("cantho.gov.vn",)),
        ("93", "Hậu Giang", "92", ("haugiang.gov.vn",)),
        ("94", "Sóc Trăng", "92", ("soctrang.gov.vn",)),
        ("95", "Bạc Liêu", "96", ("baclieu.gov.vn",)),
        ("96", "Cà Mau", "96", ("camau.gov.vn",)),
    )
)

# (code, name, is_city, domains of its own besides those inherited from FORMER_PROVINCES)
_CURRENT: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("01", "Hà Nội", True, ("thudo.gov.vn",)),
    ("04", "Cao Bằng", False, ()),
    ("08", "Tuyên Quang", False, ()),
    ("11", "Điện Biên", False, ()),
    ("12", "Lai Châu", False, ()),
    ("14", "Sơn La", False, ()),
    ("15", "Lào Cai", False, ()),
    ("19", "Thái Nguyên", False, ()),
    ("20", "Lạng Sơn", False, ()),
    ("22", "Quảng Ninh", False, ()),
    ("24", "Bắc Ninh", False, ()),
    ("25", "Phú Thọ", False, ()),
    ("31", "Hải Phòng", True, ()),
    ("33", "Hưng Yên", False, ()),
    ("37", "Ninh Bình", False, ()),
    ("38", "Thanh Hóa", False, ()),
    ("40", "Nghệ An", False, ()),
    ("42", "Hà Tĩnh", False, ()),
    ("44", "Quảng Trị", False, ()),
    ("46", "Huế", True, ("hue.gov.vn",)),
    ("48", "Đà Nẵng", True, ()),
    ("51", "Quảng Ngãi", False, ()),
    ("52", "Gia Lai", False, ()),
    ("56", "Khánh Hòa", False, ()),
    ("66", "Đắk Lắk", False, ()),
    ("68", "Lâm Đồng", False, ()),
    ("75", "Đồng Nai", False, ()),
    ("79", "TP Hồ Chí Minh", True, ()),
    ("80", "Tây Ninh", False, ()),
    ("82", "Đồng Tháp", False, ()),
    ("86", "Vĩnh Long", False, ()),
    ("91", "An Giang", False, ()),
    ("92", "Cần Thơ", True, ()),
    ("96", "Cà Mau", False, ()),
)

# Spellings people type that are neither a current nor a former official name.
_ALIASES: dict[str, str] = {
    "HCM": "79",
    "TPHCM": "79",
    "Sài Gòn": "79",
    "BR-VT": "79",
    "Đắc Lắc": "66",
}

_PREFIXES = ("tinh ", "thanh pho ", "tp ")


def _inherited_domains(code: str, name: str, own: tuple[str, ...]) -> tuple[str, ...]:
    """The namesake's domains first, then its own new ones, then those of the others merged into it."""
    merged = [f for f in FORMER_PROVINCES if f.current_code == code]
    namesake = [d for f in merged if f.name == name for d in f.mail_domains]
    others = [d for f in merged if f.name != name for d in f.mail_domains]
    return tuple(dict.fromkeys([*namesake, *own, *others]))


PROVINCES: tuple[Province, ...] = tuple(
    Province(code, name, is_city, _inherited_domains(code, name, own))
    for code, name, is_city, own in _CURRENT
)

_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}


def _name_key(text: str) -> str:
    """Folded name without an administrative prefix or spaces ("Tỉnh Đắk Lắk" → "daklak")."""
    key = fold(text)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix).replace(" ", "")
    return key.replace(" ", "")


def _build_name_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    names = [(p.name, p.code) for p in PROVINCES]
    names += [(f.name, f.current_code) for f in FORMER_PROVINCES]
    names += list(_ALIASES.items())
    for name, code in names:
        key = _name_key(name)
        if index.setdefault(key, _BY_CODE[code]).code != code:
            raise ValueError(f"province name key {key!r} is ambiguous")
    return index


_BY_NAME = _build_name_index()

_BY_DOMAIN: dict[str, Province] = {d: p for p in PROVINCES for d in p.official_domains}


def get_province(code: str) -> Province | None:
    """The current province with this statistics code, or None."""
    return _BY_CODE.get(code)


def find_province(text: str) -> Province | None:
    """The current province named or coded by `text`; a former province's name gives its successor."""
    value = (text or "").strip()
    if value.isdigit():
        return _BY_CODE.get(value.zfill(2))
    if not value:
        return None
    return _BY_NAME.get(_name_key(value))


def province_for_domain(domain: str) -> Province | None:
    """The province owning this mail domain, itself or as a parent ("sotp.hanoi.gov.vn" → Hà Nội)."""
    labels = (domain or "").strip().lower().rstrip(".").rsplit("@", 1)[-1].split(".")
    for start in range(len(labels)):
        province = _BY_DOMAIN.get(".".join(labels[start:]))
        if province is not None:
            return province
    return None
