"""Import benchmark: a generated 60,000-row list (the whole country in one file) imported on PostgreSQL —
read, normalise, validate, de-duplicate, persist — against python-calamine merely reading the same file.

    .venv/bin/python bench/import_bench.py [--rows 60000] [--seed 7] [--database postgresql://…/survey_bench]

Prints rows/s, peak memory and the ratio of the whole import to the bare read. The database (default
survey_bench on the local PostgreSQL) is dropped, created and migrated each run (never point it at real
data). The pure pipeline (no database) is timed too, to show where the time goes; (c) imports into an empty
list, (d) replaces a list that already holds the same rows.
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


class Database:
    """The real service, `import_list`, on a scratch PostgreSQL database (dropped and rebuilt by migrations)."""

    def __init__(self, url: str) -> None:
        from datetime import timedelta

        from flask_migrate import upgrade

        from config.settings import Testing
        from survey_app import create_app
        from survey_app.campaigns.services import create_campaign, open_campaign
        from survey_app.core.db import db, utcnow
        _recreate_database(url)
        config = Testing()
        config.SQLALCHEMY_DATABASE_URI = url
        self.app = create_app(config)
        self.context = self.app.app_context()
        self.context.push()
        upgrade()
        self.db, self.campaigns = db, []
        self._new_campaign = lambda n: open_campaign(create_campaign(
            code=f"BENCH{n}", title="Bench", year=2025, model="par-2025", list_deadline=utcnow() + timedelta(days=1),
            response_deadline=utcnow() + timedelta(days=2), actor="bench"), actor="bench")

    def new_campaign(self):
        """A campaign of its own, so that no other list shares the file's mailboxes."""
        campaign = self._new_campaign(len(self.campaigns) + 1)
        self.db.session.commit()
        self.campaigns.append(campaign)
        return campaign

    def import_file(self, path: str, campaign) -> dict:
        """One upload of the file into Hà Nội's list of `campaign` (empty the first time, replaced afterwards)."""
        from survey_app.reference.models import get_locality
        from survey_app.respondents.importing import import_list
        from survey_app.respondents.services import get_list
        lst = get_list(campaign, get_locality("01"))
        report = import_list(lst, Path(path).read_bytes(), os.path.basename(path), mode="replace",
                             max_bytes=50 * 1024 * 1024, actor="bench")
        self.db.session.commit()
        return report

    def close(self) -> None:
        self.db.session.remove()
        self.db.engine.dispose()
        self.context.pop()


def _recreate_database(url: str) -> None:
    from sqlalchemy import create_engine, make_url, text
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def bare_read(path: str) -> int:
    book = python_calamine.CalamineWorkbook.from_path(path)
    return len(book.get_sheet_by_index(0).to_python())


def pure_pipeline(path: str) -> tuple[int, int, int, int]:
    """Read, normalise, validate, de-duplicate: no database."""
    data = Path(path).read_bytes()
    parsed = read_list_file(data, os.path.basename(path), max_bytes=50 * 1024 * 1024)
    policy = ListPolicy(groups=GROUPS, locality_kind="province", locality_code="01")
    candidates, errors, warnings = validate_rows(parsed.rows, policy)
    result = deduplicate(candidates, groups=GROUPS)
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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/survey_bench"))
    options = parser.parse_args()
    database = Database(options.database)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "danh-sach-toan-quoc.xlsx")
            generate_seconds, _ = timed(generate, path, options.rows, options.seed)
            print(f"generated {options.rows} rows in {generate_seconds:.2f} s ({os.path.getsize(path) / 1e6:.1f} MB)")
            bares, pures, wholes, replaces = [], [], [], []
            for _ in range(options.repeat):  # interleaved, best of each: the machine may be busy
                campaign = database.new_campaign()
                bares.append(timed(bare_read, path)[0])
                pures.append(timed(without_gc, pure_pipeline, path)[0])
                wholes.append(timed(database.import_file, path, campaign))
                replaces.append(timed(database.import_file, path, campaign)[0])
            bare, pure, replace = min(bares), min(pures), min(replaces)
            whole, report = min(wholes, key=lambda run: run[0])
            print(f"(a) python-calamine read only:                 {bare:.3f} s ({options.rows / bare:,.0f} rows/s)")
            print(f"(b) read+normalise+validate+dedup (no DB):     {pure:.3f} s  ratio {pure / bare:.2f}")
            print(f"(c) whole import on PostgreSQL, empty list:    {whole:.3f} s "
                  f"({report['rows_total'] / whole:,.0f} rows/s)  ratio {whole / bare:.2f}")
            print(f"(d) re-upload replacing the same 60,000 rows:  {replace:.3f} s  ratio {replace / bare:.2f}")
            print(f"    accepted {report['accepted']}, excluded {report['excluded']}, "
                  f"warnings {len(report['warnings'])}, rejected {len(report['rejected'])}")
            tracemalloc.start()
            database.import_file(path, database.new_campaign())
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"peak Python memory of (c) (tracemalloc): {peak / 1e6:.0f} MB; "
                  f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
            print(f"targets: ratio (c)/(a) <= 4 -> {'met' if whole / bare <= 4 else 'MISSED'}; "
                  f"(c) < 10 s -> {'met' if whole < 10 else 'MISSED'}")
    finally:
        database.close()


if __name__ == "__main__":
    main()
