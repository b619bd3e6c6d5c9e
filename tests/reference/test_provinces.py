"""The province tables follow DOMAIN.md §5 and the 2025 merger (Nghị quyết 202/2025/QH15)."""

import re

import pytest

from survey_app.reference.provinces import (
    FORMER_PROVINCES,
    PROVINCES,
    find_province,
    get_province,
    province_for_domain,
)

CURRENT = {
    "01": "Hà Nội",
    "04": "Cao Bằng",
    "08": "Tuyên Quang",
    "11": "Điện Biên",
    "12": "Lai Châu",
    "14": "Sơn La",
    "15": "Lào Cai",
    "19": "Thái Nguyên",
    "20": "Lạng Sơn",
    "22": "Quảng Ninh",
    "24": "Bắc Ninh",
    "25": "Phú Thọ",
    "31": "Hải Phòng",
    "33": "Hưng Yên",
    "37": "Ninh Bình",
    "38": "Thanh Hóa",
    "40": "Nghệ An",
    "42": "Hà Tĩnh",
    "44": "Quảng Trị",
    "46": "Huế",
    "48": "Đà Nẵng",
    "51": "Quảng Ngãi",
    "52": "Gia Lai",
    "56": "Khánh Hòa",
    "66": "Đắk Lắk",
    "68": "Lâm Đồng",
    "75": "Đồng Nai",
    "79": "TP Hồ Chí Minh",
    "80": "Tây Ninh",
    "82": "Đồng Tháp",
    "86": "Vĩnh Long",
    "91": "An Giang",
    "92": "Cần Thơ",
    "96": "Cà Mau",
}

FORMER = {
    "01": "Hà Nội",
    "02": "Hà Giang",
    "04": "Cao Bằng",
    "06": "Bắc Kạn",
    "08": "Tuyên Quang",
    "10": "Lào Cai",
    "11": "Điện Biên",
    "12": "Lai Châu",
    "14": "Sơn La",
    "15": "Yên Bái",
    "17": "Hòa Bình",
    "19": "Thái Nguyên",
    "20": "Lạng Sơn",
    "22": "Quảng Ninh",
    "24": "Bắc Giang",
    "25": "Phú Thọ",
    "26": "Vĩnh Phúc",
    "27": "Bắc Ninh",
    "30": "Hải Dương",
    "31": "Hải Phòng",
    "33": "Hưng Yên",
    "34": "Thái Bình",
    "35": "Hà Nam",
    "36": "Nam Định",
    "37": "Ninh Bình",
    "38": "Thanh Hóa",
    "40": "Nghệ An",
    "42": "Hà Tĩnh",
    "44": "Quảng Bình",
    "45": "Quảng Trị",
    "46": "Thừa Thiên Huế",
    "48": "Đà Nẵng",
    "49": "Quảng Nam",
    "51": "Quảng Ngãi",
    "52": "Bình Định",
    "54": "Phú Yên",
    "56": "Khánh Hòa",
    "58": "Ninh Thuận",
    "60": "Bình Thuận",
    "62": "Kon Tum",
    "64": "Gia Lai",
    "66": "Đắk Lắk",
    "67": "Đắk Nông",
    "68": "Lâm Đồng",
    "70": "Bình Phước",
    "72": "Tây Ninh",
    "74": "Bình Dương",
    "75": "Đồng Nai",
    "77": "Bà Rịa – Vũng Tàu",
    "79": "TP Hồ Chí Minh",
    "80": "Long An",
    "82": "Tiền Giang",
    "83": "Bến Tre",
    "84": "Trà Vinh",
    "86": "Vĩnh Long",
    "87": "Đồng Tháp",
    "89": "An Giang",
    "91": "Kiên Giang",
    "92": "Cần Thơ",
    "93": "Hậu Giang",
    "94": "Sóc Trăng",
    "95": "Bạc Liêu",
    "96": "Cà Mau",
}

# Former province name → current province name, for those absorbed into another.
MERGED_INTO = {
    "Hà Giang": "Tuyên Quang",
    "Yên Bái": "Lào Cai",
    "Bắc Kạn": "Thái Nguyên",
    "Hòa Bình": "Phú Thọ",
    "Vĩnh Phúc": "Phú Thọ",
    "Bắc Giang": "Bắc Ninh",
    "Hải Dương": "Hải Phòng",
    "Thái Bình": "Hưng Yên",
    "Hà Nam": "Ninh Bình",
    "Nam Định": "Ninh Bình",
    "Quảng Bình": "Quảng Trị",
    "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi",
    "Bình Định": "Gia Lai",
    "Ninh Thuận": "Khánh Hòa",
    "Phú Yên": "Đắk Lắk",
    "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng",
    "Bình Phước": "Đồng Nai",
    "Bình Dương": "TP Hồ Chí Minh",
    "Bà Rịa – Vũng Tàu": "TP Hồ Chí Minh",
    "Long An": "Tây Ninh",
    "Tiền Giang": "Đồng Tháp",
    "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long",
    "Kiên Giang": "An Giang",
    "Sóc Trăng": "Cần Thơ",
    "Hậu Giang": "Cần Thơ",
    "Bạc Liêu": "Cà Mau",
    "Thừa Thiên Huế": "Huế",
}

CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP Hồ Chí Minh", "Cần Thơ"}

DOMAIN_SHAPE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.vn$")


def test_current_provinces_are_the_34_of_domain_md():
    assert {p.code: p.name for p in PROVINCES} == CURRENT
    assert len(PROVINCES) == 34


def test_former_provinces_are_the_63_of_domain_md():
    assert {f.code: f.name for f in FORMER_PROVINCES} == FORMER
    assert len(FORMER_PROVINCES) == 63


@pytest.mark.parametrize(
    "table", [PROVINCES, FORMER_PROVINCES], ids=["current", "former"]
)
def test_codes_are_unique_within_a_table(table):
    codes = [row.code for row in table]
    assert len(codes) == len(set(codes))


def test_every_former_province_maps_to_an_existing_current_province():
    for former in FORMER_PROVINCES:
        assert get_province(former.current_code) is not None, former


def test_merged_provinces_go_to_their_successor_and_the_rest_keep_their_name():
    for former in FORMER_PROVINCES:
        expected = MERGED_INTO.get(former.name, former.name)
        assert get_province(former.current_code).name == expected, former


def test_the_six_cities_are_marked_as_cities():
    assert {p.name for p in PROVINCES if p.is_city} == CITIES


def test_every_domain_is_lower_case_under_vn():
    domains = [d for p in PROVINCES for d in p.official_domains]
    domains += [d for f in FORMER_PROVINCES for d in f.mail_domains]
    for domain in domains:
        assert DOMAIN_SHAPE.match(domain), domain


def test_a_domain_belongs_to_one_province_only():
    domains = [d for p in PROVINCES for d in p.official_domains]
    assert len(domains) == len(set(domains))


def test_a_merged_province_keeps_the_domains_of_the_provinces_merged_into_it():
    for former in FORMER_PROVINCES:
        current = get_province(former.current_code)
        assert set(former.mail_domains) <= set(current.official_domains), former


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hà Nội", "01"),
        ("Thành phố Hà Nội", "01"),
        ("HA NOI", "01"),
        ("79", "79"),
        ("1", "01"),
        ("TP Hồ Chí Minh", "79"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("TP.HCM", "79"),
        ("Tỉnh Lào Cai", "15"),
        ("tinh lao cai", "15"),
        ("Yên Bái", "15"),
        ("Tỉnh Hà Giang", "08"),
        ("Thừa Thiên Huế", "46"),
        ("Huế", "46"),
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Daklak", "66"),
        ("Kiên Giang", "91"),
        ("Long An", "80"),
    ],
)
def test_find_province_by_code_name_prefix_or_former_name(text, code):
    assert find_province(text).code == code


@pytest.mark.parametrize("text", ["", "   ", "Công ty ABC", "Bộ Tư pháp", "10", "99"])
def test_find_province_returns_none_for_unknown_text_or_codes(text):
    assert find_province(text) is None


def test_get_province_does_not_read_former_codes():
    assert get_province("10") is None
    assert get_province("15").name == "Lào Cai"


@pytest.mark.parametrize(
    ("domain", "code"),
    [
        ("hanoi.gov.vn", "01"),
        ("thudo.gov.vn", "01"),
        ("sotp.hanoi.gov.vn", "01"),
        ("HANOI.GOV.VN", "01"),
        ("angiang.gov.vn", "91"),
        ("kiengiang.gov.vn", "91"),
        ("binhduong.gov.vn", "79"),
        ("snv.yenbai.gov.vn", "15"),
    ],
)
def test_province_for_domain_matches_domain_or_subdomain(domain, code):
    assert province_for_domain(domain).code == code


@pytest.mark.parametrize(
    "domain", ["gov.vn", "gmail.com", "", "nothanoi.gov.vn", "moj.gov.vn"]
)
def test_province_for_domain_returns_none_outside_province_domains(domain):
    assert province_for_domain(domain) is None
