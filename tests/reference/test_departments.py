"""A department's managing ministry is inferred from its name as typed in a list."""

import time

import pytest

from survey_app.reference.departments import (
    DEPARTMENT_ABBREVIATIONS,
    DEPARTMENT_MINISTRY,
    infer_ministry,
)
from survey_app.reference.ministries import get_ministry


def test_every_row_names_an_evaluated_ministry():
    for name, code, _ in DEPARTMENT_MINISTRY + DEPARTMENT_ABBREVIATIONS:
        assert get_ministry(code) is not None, name


def test_every_department_name_infers_its_own_ministry():
    for name, code, _ in DEPARTMENT_MINISTRY + DEPARTMENT_ABBREVIATIONS:
        assert infer_ministry(name) == code, name


def test_old_names_are_marked_as_former():
    former = {name for name, _, is_former in DEPARTMENT_MINISTRY if is_former}
    assert "Sở Kế hoạch và Đầu tư" in former
    assert "Sở Y tế" not in former


@pytest.mark.parametrize(
    ("organisation", "code"),
    [
        ("Sở Y tế tỉnh Lào Cai", "BYT"),
        ("SỞ TƯ PHÁP", "BTP"),
        ("Phòng Hành chính - Tổng hợp, Sở Tài chính", "BTC"),
        ("So Noi vu", "BNV"),
        ("Sở Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
        ("Sở Văn hóa và Thể thao", "BVHTTDL"),
        ("Sở Du lịch thành phố Hà Nội", "BVHTTDL"),
        ("Sở GD&ĐT", "BGDDT"),
        ("Sở GDĐT tỉnh Nghệ An", "BGDDT"),
        ("Sở KH&CN", "BKHCN"),
        ("Sở NN&MT", "BNNMT"),
        ("Sở LĐTBXH", "BNV"),
        ("Sở LĐ-TB&XH", "BNV"),
        ("Sở Lao động - Thương binh và Xã hội", "BNV"),
        ("Sở TN&MT", "BNNMT"),
        ("Sở KH&ĐT", "BTC"),
        ("Sở Kế hoạch và Đầu tư", "BTC"),
        ("Sở GTVT", "BXD"),
        ("Sở VHTTDL", "BVHTTDL"),
        ("Sở TT&TT", "BKHCN"),
        ("Sở Thông tin và Truyền thông", "BKHCN"),
        ("Sở Nông nghiệp và PTNT", "BNNMT"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "BNNMT"),
        ("Ban Dân tộc tỉnh Sơn La", "BDTTG"),
        ("Sở Ngoại vụ", "BNG"),
        ("Thanh tra tỉnh", "TTCP"),
        ("VP UBND tỉnh", "VPCP"),
        ("Văn phòng UBND tỉnh Cà Mau", "VPCP"),
        ("Văn phòng Ủy ban nhân dân thành phố Cần Thơ", "VPCP"),
        ("Phòng Thanh tra, Sở Y tế", "BYT"),
    ],
)
def test_infer_ministry_from_department_name(organisation, code):
    assert infer_ministry(organisation) == code


@pytest.mark.parametrize(
    "organisation",
    ["", "Công ty ABC", "Bộ Quốc phòng", "UBND xã Tân Lập", "Ban Dân tộc HĐND tỉnh"],
)
def test_infer_ministry_returns_none_when_no_department_matches(organisation):
    assert infer_ministry(organisation) is None


def test_infer_ministry_handles_60000_distinct_rows_quickly():
    infer_ministry.cache_clear()
    rows = [f"Phòng {i}, Sở Tài nguyên và Môi trường tỉnh {i}" for i in range(60_000)]
    started = time.perf_counter()
    results = {infer_ministry(row) for row in rows}
    assert results == {"BNNMT"}
    assert time.perf_counter() - started < 5
