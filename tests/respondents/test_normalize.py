"""Normalising a row: Unicode, spaces, legacy encodings, names, emails, phones."""

import unicodedata

import pytest

from survey_app.respondents.excel import FIELDS, RawRow
from survey_app.respondents.normalize import capitalise_name, clean_email, clean_phone, legacy_hint, normalize_row


def raw(number: int = 7, **values) -> RawRow:
    row = dict.fromkeys(FIELDS, "")
    row.update(values)
    return RawRow(number=number, values=row)


def test_decomposed_text_is_composed_and_spaces_squashed():
    decomposed = unicodedata.normalize("NFD", "  Sở   Văn hóa,\u00a0Thể thao\tvà Du lịch ")
    values, warnings = normalize_row(raw(organisation=decomposed))
    assert values["organisation"] == "Sở Văn hóa, Thể thao và Du lịch"
    assert unicodedata.is_normalized("NFC", values["organisation"])
    assert warnings == []


@pytest.mark.parametrize(("typed", "expected"), [
    ("NGUYỄN văn  an", "Nguyễn Văn An"),
    ("đỗ thị hằng", "Đỗ Thị Hằng"),
    ("ĐẶNG QUỐC VIỆT", "Đặng Quốc Việt"),
    ("lê thị mai-anh", "Lê Thị Mai-Anh"),
    ("ÂU DƯƠNG ưng", "Âu Dương Ưng"),
])
def test_names_are_capitalised_the_vietnamese_way(typed, expected):
    assert capitalise_name(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("  NguyenVanA@HaNoi.Gov.VN ", "nguyenvana@hanoi.gov.vn"),
    ("mailto:nva@hanoi.gov.vn", "nva@hanoi.gov.vn"),
    ("<nva@hanoi.gov.vn>", "nva@hanoi.gov.vn"),
    ("Nguyễn Văn A <NVA@hanoi.gov.vn>", "nva@hanoi.gov.vn"),
    ("nva@hanoi.gov.vn.", "nva@hanoi.gov.vn"),
    ("nva@hanoi.gov.vn;", "nva@hanoi.gov.vn"),
    ("nva@hanoi.gov.vn\u200b", "nva@hanoi.gov.vn"),
])
def test_emails_are_trimmed_and_lower_cased(typed, expected):
    assert clean_email(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("+84 912 345 678", "0912345678"),
    ("84912345678", "0912345678"),
    ("0912.345.678", "0912345678"),
    ("912345678", "0912345678"),
    ("(024) 3825 3456", "02438253456"),
    ("2438253456", "02438253456"),
    ("0912 345 678 - 0243 825 345", "0912 345 678 - 0243 825 345"),
    ("máy lẻ 123", "máy lẻ 123"),
    ("+1 650 253 0000", "+1 650 253 0000"),
    ("123", "123"),
])
def test_phones_become_vietnamese_digits_or_stay_as_typed(typed, expected):
    assert clean_phone(typed) == expected


def test_tcvn3_row_is_converted_with_a_warning_naming_the_row():
    values, warnings = normalize_row(raw(7, full_name="NguyÔn V¨n An", position="Phã Gi¸m ®èc",
                                         organisation="Së Tµi chÝnh", email="nva@hanoi.gov.vn"))
    assert values["full_name"] == "Nguyễn Văn An"
    assert values["position"] == "Phó Giám đốc"
    assert values["organisation"] == "Sở Tài chính"
    assert warnings == ["Dòng 7: văn bản gõ bằng bảng mã TCVN3 (ABC) đã được chuyển sang Unicode; hãy kiểm tra lại."]


def test_vni_row_is_converted_with_a_warning():
    values, warnings = normalize_row(raw(9, full_name="TRAÀN THÒ BÍCH", organisation="Sôû Y teá"))
    assert values["full_name"] == "Trần Thị Bích"
    assert values["organisation"] == "Sở Y tế"
    assert "Dòng 9" in warnings[0] and "VNI" in warnings[0]


def test_tcvn3_capital_typed_with_a_lower_case_code_is_capitalised_in_the_name():
    values, _ = normalize_row(raw(full_name="nguyÔn thÞ ¸nh"))
    assert values["full_name"] == "Nguyễn Thị Ánh"


def test_unicode_row_has_no_warning():
    values, warnings = normalize_row(raw(full_name="Hoàng Thị Thuý", organisation="Sở Tư pháp"))
    assert values["full_name"] == "Hoàng Thị Thuý"
    assert warnings == []


def test_words_that_read_either_way_follow_the_rows_encoding():
    values, warnings = normalize_row(raw(3, full_name="Hoà Thò Nam", position="Phoù Giaùm ñoác"))
    assert values["full_name"] == "Hồ Thị Nam"
    assert values["position"] == "Phó Giám đốc"
    assert "VNI" in warnings[0]


def test_file_encoding_settles_an_ambiguous_row_typed_in_it():
    assert normalize_row(raw(3, full_name="Hoà Thò Nam", position="Chuyen vien"))[0]["full_name"] == "Hoà Thò Nam"
    values, warnings = normalize_row(raw(3, full_name="Hoà Thò Nam", position="Chuyen vien"), legacy_hint="vni")
    assert values["full_name"] == "Hồ Thị Nam" and "VNI" in warnings[0]
    values, _ = normalize_row(raw(3, full_name="Hoà Thò Nam", position="Giám đốc"), legacy_hint="vni")
    assert values["full_name"] == "Hoà Thò Nam"


def test_a_unicode_row_in_a_legacy_file_is_left_alone():
    values, warnings = normalize_row(raw(3, full_name="Hoàng Thu Ánh", position="Phó Giám đốc"), legacy_hint="vni")
    assert values["full_name"] == "Hoàng Thu Ánh" and warnings == []


def test_legacy_hint_is_the_encoding_most_of_the_file_uses():
    vni_rows = [raw(n, full_name="Nguyeãn Vaên An", position="Giaùm ñoác") for n in range(2, 6)]
    unicode_rows = [raw(n, full_name="Hoàng Thu Ánh", position="Giám đốc") for n in range(6, 30)]
    assert legacy_hint(vni_rows + unicode_rows[:2]) == "vni"
    assert legacy_hint(unicode_rows) is None


def test_a_field_converted_on_its_own_is_not_converted_twice():
    values, _ = normalize_row(raw(3, full_name="Hoaøng Thò Lan", position="Phoù Giaùm ñoác"))
    assert values["full_name"] == "Hoàng Thị Lan"
