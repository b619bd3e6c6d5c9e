import pytest

from survey_app.respondents.validation import GroupRule, ListPolicy

GROUPS = [
    GroupRule("HDND", "Đại biểu HĐND cấp tỉnh", "province", 1, False),
    GroupRule("LD_SO", "Lãnh đạo cấp sở", "province", 2, True),
    GroupRule("LD_PHONG", "Lãnh đạo phòng thuộc sở", "province", 3, True),
    GroupRule("LD_XA", "Lãnh đạo UBND cấp xã", "province", 4, False),
    GroupRule("LD_VU", "Lãnh đạo cấp vụ", "ministry", 1, False),
    GroupRule("CC_CCHC", "Công chức phụ trách CCHC của bộ", "ministry", 2, False),
    GroupRule("LD_HOI", "Lãnh đạo Hội/Hiệp hội", "ministry", 3, False),
]


@pytest.fixture
def groups() -> list[GroupRule]:
    return list(GROUPS)


@pytest.fixture
def make_policy():
    def make(**over) -> ListPolicy:
        values = {"groups": list(GROUPS), "locality_kind": "province", "locality_code": "01"}
        values.update(over)
        return ListPolicy(**values)

    return make
