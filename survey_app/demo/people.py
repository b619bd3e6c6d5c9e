"""Made-up but realistic respondents for the demo's lists: Vietnamese names, official mailboxes, the
departments, divisions and communes of a province, the units and associations of a ministry."""

import random
from io import BytesIO

import xlsxwriter

from survey_app.core.text import fold
from survey_app.reference.models import Locality
from survey_app.respondents.excel import FIELDS

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ",
          "Ngô", "Hồ", "Dương", "Đinh", "Lý"]
FAMILY_WEIGHTS = [38, 11, 9, 7, 5, 3, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1]
MIDDLE = {"m": ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân"],
          "f": ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Phương"]}
GIVEN = {"m": ["Hùng", "Dũng", "Tuấn", "Long", "Nam", "Thắng", "Sơn", "Hải", "Cường", "Quang", "Bình", "Trung",
               "Khoa", "Phong", "Hiếu", "Tâm", "Thành", "Vinh", "Lâm", "Toàn"],
         "f": ["Lan", "Hương", "Mai", "Hà", "Thảo", "Linh", "Hằng", "Trang", "Nga", "Yến", "Vân", "Loan",
               "Ngọc", "Hoa", "Thủy", "Phượng", "Oanh", "Nhung", "Duyên", "Hạnh"]}
DEPARTMENTS = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
               "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh"]
DIVISIONS = ["Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ", "Phòng Pháp chế",
             "Phòng Cải cách hành chính", "Phòng Quản lý chuyên ngành", "Phòng Thanh tra"]
COMMUNES = ["An Bình", "Tân Lập", "Hòa Bình", "Phú Mỹ", "Đông Hưng", "Thạch Hà", "Quang Trung", "Yên Thịnh",
            "Nam Sơn", "Bình Minh", "Tân Phú", "Hưng Đạo", "Trung Sơn", "Phước Long", "Long Hòa", "Xuân Lộc"]
MINISTRY_UNITS = ["Văn phòng Bộ", "Vụ Tổ chức cán bộ", "Vụ Pháp chế", "Vụ Kế hoạch - Tài chính",
                  "Vụ Hợp tác quốc tế", "Thanh tra Bộ", "Cục Quản lý chuyên ngành", "Vụ Khoa học và Công nghệ",
                  "Cục Chuyển đổi số", "Vụ Thi đua - Khen thưởng"]
ASSOCIATIONS = ["Hội Khoa học", "Hiệp hội Doanh nghiệp", "Hội Nghề nghiệp"]
#: (group, positions, share of a province's list)
PROVINCE_GROUPS = [("HDND", ["Đại biểu HĐND"], 0.2), ("LD_SO", ["Giám đốc", "Phó Giám đốc"], 0.22),
                   ("LD_PHONG", ["Trưởng phòng", "Phó Trưởng phòng"], 0.33),
                   ("LD_XA", ["Chủ tịch", "Phó Chủ tịch"], 0.25)]


def full_name(rng: random.Random) -> tuple[str, str]:
    """A name and its initials-style mailbox stem, e.g. ('Nguyễn Thị Lan', 'lannt')."""
    sex = rng.choice("mf")
    family, middle, given = (rng.choices(FAMILY, FAMILY_WEIGHTS)[0], rng.choice(MIDDLE[sex]), rng.choice(GIVEN[sex]))
    return f"{family} {middle} {given}", fold(given) + fold(family)[0] + fold(middle)[0]


def row(n: int, rng: random.Random, position: str, organisation: str, group: str, domain: str) -> list:
    """One list row in the template's columns (the mailbox is made unique by the row number)."""
    name, stem = full_name(rng)
    phone = f"09{rng.randrange(10**7, 10**8)}" if rng.random() < 0.8 else ""
    return [n, name, position, organisation, group, "", f"{stem}{n}@{domain}", phone, ""]


def province_org(group: str, rng: random.Random, locality: Locality) -> str:
    city = "thành phố" if locality.name.startswith(("TP", "Hà Nội", "Hải Phòng", "Đà Nẵng", "Huế", "Cần Thơ")) \
        else "tỉnh"
    department = rng.choice(DEPARTMENTS).replace("Thanh tra tỉnh", f"Thanh tra {city}")
    return {"HDND": f"HĐND {city} {locality.name}", "LD_SO": department,
            "LD_PHONG": f"{rng.choice(DIVISIONS)}, {department}",
            "LD_XA": f"UBND {rng.choice(['xã', 'phường'])} {rng.choice(COMMUNES)}"}[group]


def province_rows(locality: Locality, size: int, rng: random.Random, start: int = 1) -> list[list]:
    """`size` rows of a province's four groups in realistic shares."""
    domain = locality.official_domains[0]
    plan = [g for g, _, share in PROVINCE_GROUPS for _ in range(max(1, round(size * share)))][:size]
    positions = {g: p for g, p, _ in PROVINCE_GROUPS}
    return [row(start + i, rng, rng.choice(positions[g]), province_org(g, rng, locality), g, domain)
            for i, g in enumerate(plan)]


def ministry_rows(locality: Locality, size: int, rng: random.Random, start: int = 1) -> list[list]:
    """Unit leaders, two reform officials per unit (the sample rule), and a few association leaders."""
    domain, units = locality.official_domains[0], MINISTRY_UNITS[:max(2, size // 4)]
    rows = [row(start + i, rng, rng.choice(["Vụ trưởng", "Phó Vụ trưởng", "Cục trưởng", "Chánh Văn phòng"]),
                f"{units[i % len(units)]}, {locality.name}", "LD_VU", domain) for i in range(size // 2)]
    rows += [row(start + len(rows) + i, rng, "Chuyên viên chính", f"{unit}, {locality.name}", "CC_CCHC", domain)
             for i, unit in enumerate(units[: (size - len(rows)) // 2 // 2] * 2)]
    return rows + [row(start + len(rows) + i, rng, "Phó Chủ tịch",
                       f"{ASSOCIATIONS[i % 3]} ngành {locality.name.removeprefix('Bộ ')}", "LD_HOI", domain)
                   for i in range(size - len(rows))]


def list_file(rows: list[list]) -> bytes:
    """The rows as a list file in the template's layout."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, list(FIELDS.values()))
    for i, values in enumerate(rows, start=1):
        sheet.write_row(i, 0, values)
    book.close()
    return buffer.getvalue()
