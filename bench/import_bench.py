"""Import benchmark: a generated 60,000-row list (the whole country in one file) read, normalised,
validated and de-duplicated, against python-calamine merely reading the same file.

    .venv/bin/python bench/import_bench.py [--rows 60000] [--seed 7]

Prints rows/s, peak memory and the ratio of the whole import to the bare read.
`persist()` is the hook for the database step (issue 3 point 11).
"""

import argparse
import gc
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import python_calamine
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_app.core.text import fold  # noqa: E402
from survey_app.respondents.dedup import deduplicate  # noqa: E402
from survey_app.respondents.excel import FIELDS, read_list_file  # noqa: E402
from survey_app.respondents.validation import GroupRule, ListPolicy, validate_rows  # noqa: E402

GROUPS = [
    GroupRule("HDND", "Đại biểu HĐND cấp tỉnh", "province", 1, False),
    GroupRule("LD_SO", "Lãnh đạo cấp sở", "province", 2, True),
    GroupRule("LD_PHONG", "Lãnh đạo phòng thuộc sở", "province", 3, True),
    GroupRule("LD_XA", "Lãnh đạo UBND cấp xã", "province", 4, False),
]
#: Share of each group in a province's list (plan 2023 proportions, communes instead of districts).
GROUP_WEIGHTS = {"HDND": 0.13, "LD_SO": 0.15, "LD_PHONG": 0.45, "LD_XA": 0.27}
PROVINCES = {
    "01": "hanoi", "04": "caobang", "08": "tuyenquang", "11": "dienbien", "12": "laichau", "14": "sonla",
    "15": "laocai", "19": "thainguyen", "20": "langson", "22": "quangninh", "24": "bacninh", "25": "phutho",
    "31": "haiphong", "33": "hungyen", "37": "ninhbinh", "38": "thanhhoa", "40": "nghean", "42": "hatinh",
    "44": "quangtri", "46": "hue", "48": "danang", "51": "quangngai", "52": "gialai", "56": "khanhhoa",
    "66": "daklak", "68": "lamdong", "75": "dongnai", "79": "hochiminhcity", "80": "tayninh", "82": "dongthap",
    "86": "vinhlong", "91": "angiang", "92": "cantho", "96": "camau",
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tạ", "Cao", "Hà", "Lò", "Nông", "Triệu"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân", "Hoàng", "Kim", "Thị Thu",
          "Văn Hải", "Công", "Quang", "Bích", "Đình"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
         "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phương", "Quân", "Quyết", "Sơn", "Tâm", "Thảo",
         "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Việt", "Yến", "Ánh", "Đạt", "Điệp", "Giang", "Huệ", "Khoa"]
DEPARTMENTS = ["Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
               "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra tỉnh",
               "Văn phòng UBND tỉnh"]
DIVISIONS = ["Văn phòng", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức cán bộ", "Phòng Nghiệp vụ", "Thanh tra Sở"]
POSITIONS = {"HDND": ["Đại biểu HĐND tỉnh", "Phó Trưởng ban Pháp chế"], "LD_SO": ["Giám đốc", "Phó Giám đốc"],
             "LD_PHONG": ["Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng"],
             "LD_XA": ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"]}


def _person(rng: random.Random, code: str, domain: str, serial: int) -> list:
    group = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    department = rng.choice(DEPARTMENTS)
    organisation = {"HDND": "HĐND tỉnh", "LD_SO": department,
                    "LD_PHONG": f"{rng.choice(DIVISIONS)}, {department}",
                    "LD_XA": f"UBND xã {rng.choice(GIVEN)} {rng.choice(GIVEN)}"}[group]
    local = "".join(word[0] for word in fold(name).split()[:-1]) + fold(name).split()[-1] + str(serial)
    phone = rng.choice(["", f"09{rng.randrange(10**7, 10**8)}", float(f"9{rng.randrange(10**7, 10**8)}")])
    return [0, name, rng.choice(POSITIONS[group]), organisation, group, "", f"{local}@{domain}.gov.vn", phone, ""]


def generate(path: str, rows: int, seed: int) -> None:
    """Write a realistic list: 34 provinces, every group, 2% duplicates of which half are HĐND overlaps."""
    rng = random.Random(seed)
    codes = list(PROVINCES)
    people: list[list] = []
    for serial in range(rows):
        code = codes[serial * len(codes) // rows]
        people.append(_person(rng, code, PROVINCES[code], serial))
    for index in rng.sample(range(rows), rows // 50):
        source = people[rng.randrange(rows)]
        clone = list(source)
        if index % 2:
            clone[4] = "HDND" if source[4] != "HDND" else "LD_SO"
            clone[3] = "HĐND tỉnh" if clone[4] == "HDND" else rng.choice(DEPARTMENTS)
        people[index] = clone
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write(0, 0, "DANH SÁCH ĐỐI TƯỢNG KHẢO SÁT – TOÀN QUỐC")
    sheet.write_row(2, 0, list(FIELDS.values()))
    for offset, person in enumerate(people, start=1):
        person[0] = offset
        sheet.write_row(2 + offset, 0, person)
    book.close()


def persist(candidates, result) -> None:
    """Hook for the database step (the lead adds it): write the candidates and decisions in one transaction."""


def bare_read(path: str) -> int:
    book = python_calamine.CalamineWorkbook.from_path(path)
    return len(book.get_sheet_by_index(0).to_python())


def full_import(path: str) -> tuple[int, int, int, int]:
    data = Path(path).read_bytes()
    parsed = read_list_file(data, os.path.basename(path), max_bytes=50 * 1024 * 1024)
    policy = ListPolicy(groups=GROUPS, locality_kind="province", locality_code="01")
    candidates, errors, warnings = validate_rows(parsed.rows, policy)
    result = deduplicate(candidates, groups=GROUPS)
    persist(candidates, result)
    excluded = sum(1 for d in result.decisions if d.status == "excluded")
    return len(parsed.rows), len(errors) + len(result.errors), len(warnings) + len(result.warnings), excluded


def without_gc(function, *args):
    """Run with the cyclic garbage collector paused: the import allocates ~10 containers per row."""
    gc.disable()
    try:
        return function(*args)
    finally:
        gc.enable()


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "danh-sach-toan-quoc.xlsx")
        generate_seconds, _ = timed(generate, path, options.rows, options.seed)
        print(f"generated {options.rows} rows in {generate_seconds:.2f} s ({os.path.getsize(path) / 1e6:.1f} MB)")
        bares, runs, paused = [], [], []
        for _ in range(options.repeat):  # interleaved, best of each: the machine may be busy
            bares.append(timed(bare_read, path)[0])
            runs.append(timed(full_import, path))
            paused.append(timed(without_gc, full_import, path)[0])
        bare = min(bares)
        whole, (rows, errors, warnings, excluded) = min(runs, key=lambda run: run[0])
        print(f"(a) python-calamine read: {bare:.3f} s ({options.rows / bare:,.0f} rows/s)")
        print(f"(b) read + normalise + validate + de-duplicate: {whole:.3f} s ({rows / whole:,.0f} rows/s)")
        print(f"    rows {rows}, errors {errors}, warnings {warnings}, excluded {excluded}")
        print(f"ratio (b)/(a): {whole / bare:.2f}")
        print(f"(b) with the garbage collector paused: {min(paused):.3f} s, ratio {min(paused) / bare:.2f}")
        tracemalloc.start()
        full_import(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"peak Python memory of (b) (tracemalloc): {peak / 1e6:.0f} MB; "
              f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
