"""The evaluated ministries follow DOMAIN.md §4 and are found by the names people type."""

import re

import pytest

from survey_app.reference.ministries import MINISTRIES, find_ministry, get_ministry

EXPECTED = {
    "BTP": "Bộ Tư pháp",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BCT": "Bộ Công Thương",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BXD": "Bộ Xây dựng",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BGDDT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BNG": "Bộ Ngoại giao",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
}

DOMAIN_SHAPE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.vn$")


def test_the_15_evaluated_units_with_their_fixed_codes():
    assert {m.code: m.name for m in MINISTRIES} == EXPECTED
    assert len(MINISTRIES) == 15


def test_codes_are_unique():
    codes = [m.code for m in MINISTRIES]
    assert len(codes) == len(set(codes))


def test_every_domain_is_lower_case_under_vn_and_belongs_to_one_ministry():
    domains = [d for m in MINISTRIES for d in m.official_domains]
    assert len(domains) == len(set(domains))
    for domain in domains:
        assert DOMAIN_SHAPE.match(domain), domain


def test_every_name_and_alias_finds_its_own_ministry():
    for ministry in MINISTRIES:
        for spelling in (ministry.code, ministry.name, *ministry.aliases):
            assert find_ministry(spelling) == ministry, spelling


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BTP", "BTP"),
        ("btp", "BTP"),
        ("Bộ Tư pháp", "BTP"),
        ("Tư pháp", "BTP"),
        ("BO TU PHAP", "BTP"),
        ("Bộ TP", "BTP"),
        ("NHNN", "NHNN"),
        ("Ngân hàng Nhà nước", "NHNN"),
        ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
        ("Bộ VHTTDL", "BVHTTDL"),
        ("Bộ Văn hóa - Thể thao và Du lịch", "BVHTTDL"),
        ("Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
        ("Bộ Kế hoạch và Đầu tư", "BTC"),
        ("Bộ Thông tin và Truyền thông", "BKHCN"),
        ("Bộ Lao động - Thương binh và Xã hội", "BNV"),
        ("Bộ Lao động – Thương binh và Xã hội", "BNV"),
        ("Bộ Tài nguyên và Môi trường", "BNNMT"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", "BNNMT"),
        ("Bộ Giao thông vận tải", "BXD"),
        ("Ủy ban Dân tộc", "BDTTG"),
        ("Bộ GD&ĐT", "BGDDT"),
        ("Bộ GDĐT", "BGDDT"),
        ("  bộ   y tế ", "BYT"),
        ("Thanh tra Chính phủ", "TTCP"),
        ("Văn phòng Chính phủ", "VPCP"),
    ],
)
def test_find_ministry_by_code_name_or_alias(text, code):
    assert find_ministry(text).code == code


@pytest.mark.parametrize(
    "text",
    ["", "Công ty ABC", "Bộ Quốc phòng", "Bộ Công an", "Bộ", "Sở Tư pháp", "Bộ Tư"],
)
def test_find_ministry_returns_none_for_units_not_evaluated_or_unknown(text):
    assert find_ministry(text) is None


def test_get_ministry_by_exact_code_only():
    assert get_ministry("BYT").name == "Bộ Y tế"
    assert get_ministry("byt") is None
    assert get_ministry("BQP") is None
