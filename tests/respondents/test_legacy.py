"""Legacy Vietnamese encodings (TCVN3, VNI): detection never fires on Unicode, conversion round-trips."""

import pytest

from survey_app.respondents.legacy import TCVN3, VNI, detect_legacy, is_syllable, to_unicode

NAMES = [
    "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Long", "Phạm Minh Chính", "Hoàng Thị Thu Hường",
    "Vũ Đức Đam", "Võ Thị Ánh Xuân", "Đặng Quốc Khánh", "Bùi Thanh Sơn", "Đỗ Thị Hải Yến", "Hồ Đức Phớc",
    "Ngô Xuân Lịch", "Dương Thị Mỹ Dung", "Lý Thị Ngọc Điệp", "Đinh Tiến Dũng", "Trương Hòa Bình",
    "Lưu Quang Huy", "Tạ Thị Yên", "Quách Tuấn Ngọc", "Mai Tiến Dũng", "Cao Thị Huyền Trang",
    "Lương Cường", "Phan Văn Khải", "Thái Thị Thu Hà", "Nông Đức Mạnh", "Lò Văn Giàng", "Hà Thị Nguyệt",
    "Chu Ngọc Anh", "Kiều Thị Thanh Thủy", "Tô Lâm", "La Văn Thảo", "Triệu Thị Hương", "Khuất Duy Tiến",
    "Ông Thị Huệ", "Âu Dương Quỳnh", "Ưng Hoàng Phúc", "Ngụy Như Kon Tum", "Doãn Mạnh Dũng",
    "Tăng Thị Ngọc Mai", "Giáp Văn Quyết", "Huỳnh Thành Đạt", "Nguyễn Thị Khuyên", "Lã Thị Thuỷ",
    "Phùng Quốc Hiển", "Nghiêm Xuân Thành", "Vương Đình Huệ", "Trịnh Văn Quyết", "Hứa Thị Thoả",
    "Nguyễn Hữu Nghĩa", "Đoàn Hồng Phong", "Nguyễn Thị Kim Ngân", "Lại Xuân Môn", "Đàm Thị Khuyến",
]
ORGANISATIONS = [
    "Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh", "Phòng Hành chính tư pháp", "Phòng Kế hoạch - Tài chính", "HĐND tỉnh Lạng Sơn",
    "Ủy ban nhân dân xã Tả Phìn", "Hội Liên hiệp Phụ nữ", "Vụ Tổ chức cán bộ", "Giám đốc", "Phó Trưởng phòng",
]
ENGLISH = ["Department of Justice", "People's Committee", "Ministry of Home Affairs", "Head of Division",
           "Director General", "Café Giảng", "Müller & Söhne GmbH", "José Peña", "naïve façade", "© 2025 MOHA"]


def tcvn3_encode(text: str) -> str:
    """What a .VnTime typist produces: capitals TCVN3 lacks are typed with the lower-case code."""
    inverse = {letter: code for code, letter in TCVN3.items()}
    return "".join(inverse.get(ch) or inverse.get(ch.lower(), ch) for ch in text)


def vni_encode(text: str) -> str:
    """VNI-Windows: the canonical (shortest, all-same-case) sequence of each letter."""
    inverse: dict[str, str] = {}
    for sequence, letter in sorted(VNI.items(), key=lambda item: (len(item[0]), item[0])):
        if sequence in (sequence.lower(), sequence.upper()):
            inverse.setdefault(letter, sequence)
    return "".join(inverse.get(ch, ch) for ch in text)


ALL_LETTERS = "aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ"


def test_tables_cover_every_vietnamese_letter_upper_and_lower():
    letters = set(ALL_LETTERS) - set("aeiouy")
    assert len(letters) == 67
    assert letters <= set(VNI.values())
    assert {ch.upper() for ch in letters} <= set(VNI.values())
    assert letters <= set(TCVN3.values())


@pytest.mark.parametrize("text", NAMES + ORGANISATIONS + ENGLISH)
def test_unicode_and_english_text_is_never_taken_for_legacy(text):
    assert detect_legacy(text) is None


@pytest.mark.parametrize("text", NAMES + ORGANISATIONS)
def test_vni_round_trip(text):
    encoded = vni_encode(text)
    if encoded != text:
        assert detect_legacy(encoded) == "vni"
    assert to_unicode(encoded, "vni") == text


@pytest.mark.parametrize("text", NAMES + ORGANISATIONS)
def test_tcvn3_round_trip_exact_where_tcvn3_has_the_capital(text):
    encoded = tcvn3_encode(text)
    if encoded != text:
        assert detect_legacy(encoded) == "tcvn3"
    decoded = to_unicode(encoded, "tcvn3")
    assert decoded.lower() == text.lower()
    if all(ch.isascii() or ch in TCVN3.values() or not ch.isupper() for ch in text):
        assert decoded == text


@pytest.mark.parametrize("text", NAMES)
def test_tcvn3_text_typed_in_capitals_comes_back_in_capitals(text):
    upper = text.upper()
    assert to_unicode(tcvn3_encode(upper), "tcvn3") == upper


def test_every_letter_round_trips_in_both_encodings():
    for text in (ALL_LETTERS, ALL_LETTERS.upper()):
        assert to_unicode(vni_encode(text), "vni") == text
    assert to_unicode(tcvn3_encode(ALL_LETTERS), "tcvn3") == ALL_LETTERS


@pytest.mark.parametrize(("typed", "encoding", "unicode"), [
    ("Nguyeãn Vaên A", "vni", "Nguyễn Văn A"),
    ("Ñoã Thò Hoaøng Oanh", "vni", "Đỗ Thị Hoàng Oanh"),
    ("Giaùm ñoác Sôû Y teá", "vni", "Giám đốc Sở Y tế"),
    ("NGUYEÃN THÒ HÖÔØNG", "vni", "NGUYỄN THỊ HƯỜNG"),
    ("NguyÔn V¨n A", "tcvn3", "Nguyễn Văn A"),
    ("Phã Gi¸m ®èc Së Tµi chÝnh", "tcvn3", "Phó Giám đốc Sở Tài chính"),
    ("§ç ThÞ H­êng", "tcvn3", "Đỗ Thị Hường"),
    ("TRÇN V¡N B×NH", "tcvn3", "TRẦN VĂN BÌNH"),
    ("H§ND tØnh", "tcvn3", "HĐND tỉnh"),
    ("HÑND tænh", "vni", "HĐND tỉnh"),
    ("Taï Quoác An", "vni", "Tạ Quốc An"),
])
def test_known_legacy_spellings(typed, encoding, unicode):
    assert detect_legacy(typed) == encoding
    assert to_unicode(typed, encoding) == unicode


@pytest.mark.parametrize(("word", "expected"), [
    ("nguyễn", True), ("gì", True), ("giữa", True), ("quyết", True), ("khuỷu", True), ("ngoằn", True),
    ("hoà", True), ("vaen", False), ("nguyeãn", False), ("street", False), ("hòá", False),
])
def test_syllable_shape(word, expected):
    assert is_syllable(word) is expected


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Mai", "Tạ", "Cao", "Hà", "Lò", "Nông", "Triệu", "Thái", "Âu", "Kiều", "Lâm"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân", "Hoàng", "Kim", "Bích", "Công"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Thuỷ",
         "Trang", "Trung", "Tuấn", "Việt", "Yến", "Ánh", "Đạt", "Huệ", "Khoa", "Hoà", "Hòa", "Thoả", "Toàn", "Quý"]


def test_no_generated_unicode_name_is_taken_for_legacy():
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    assert len(names) > 15_000
    assert [name for name in names if detect_legacy(name)] == []
