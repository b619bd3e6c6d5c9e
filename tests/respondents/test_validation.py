"""Validating every row: required fields, groups, ministries, emails, domain policy, sample rules."""

import pytest

from survey_app.respondents.excel import FIELDS, RawRow
from survey_app.respondents.validation import validate_rows


def row(number: int, **over) -> RawRow:
    values = dict.fromkeys(FIELDS, "")
    values.update({"full_name": "Nguyễn Văn An", "position": "Giám đốc", "organisation": "Sở Tư pháp",
                   "group": "LD_SO", "email": f"nva{number}@hanoi.gov.vn"})
    values.update(over)
    return RawRow(number=number, values=values)


def messages(problems) -> list[str]:
    return [p.message for p in problems]


def test_a_clean_row_becomes_a_candidate_with_its_ministry_inferred(make_policy):
    candidates, errors, warnings = validate_rows([row(5, phone="+84 912 345 678")], make_policy())
    assert errors == [] and warnings == []
    [c] = candidates
    assert (c.row, c.group, c.managing_ministry, c.phone) == (5, "LD_SO", "BTP", "0912345678")


def test_every_row_is_checked_and_every_error_named(make_policy):
    rows = [row(3, full_name=""), row(4, email="nguyenvana@"), row(5, group="XYZ"), row(6)]
    candidates, errors, _ = validate_rows(rows, make_policy())
    assert [c.row for c in candidates] == [6]
    assert [(p.row, p.column) for p in errors] == [(3, "Họ và tên"), (4, "Email"), (5, "Nhóm đối tượng")]
    assert errors[1].message.startswith("Dòng 4, cột Email: 'nguyenvana@' không phải là địa chỉ thư hợp lệ.")
    assert errors[1].value == "nguyenvana@"
    assert "'XYZ'" in errors[2].message


@pytest.mark.parametrize("column", ["full_name", "position", "organisation", "group", "email"])
def test_each_required_column_is_required(make_policy, column):
    _, errors, _ = validate_rows([row(8, **{column: "  "})], make_policy())
    assert [(p.row, p.column) for p in errors] == [(8, FIELDS[column])]
    assert errors[0].message.startswith(f"Dòng 8, cột {FIELDS[column]}: ô đang trống.")


@pytest.mark.parametrize("typed", ["LD_SO", "ld_so", "LD SO", "Lãnh đạo cấp sở", "lanh dao cap so", "LÃNH ĐẠO CẤP SỞ",
                                   "Lãnh đạo sở"])
def test_group_by_code_or_vietnamese_name(make_policy, typed):
    candidates, errors, _ = validate_rows([row(2, group=typed)], make_policy())
    assert errors == [] and candidates[0].group == "LD_SO"


def test_ministry_group_in_a_province_list_is_an_error(make_policy):
    _, errors, _ = validate_rows([row(2, group="LD_VU")], make_policy())
    assert "không thuộc danh sách của tỉnh" in errors[0].message


def test_province_group_in_a_ministry_list_is_an_error(make_policy):
    _, errors, _ = validate_rows([row(2, group="HDND")], make_policy(locality_kind="ministry", locality_code="BYT"))
    assert "không thuộc danh sách của bộ" in errors[0].message


@pytest.mark.parametrize(("typed", "code"), [("Bộ Y tế", "BYT"), ("BYT", "BYT"), ("bo y te", "BYT")])
def test_managing_ministry_taken_from_the_column(make_policy, typed, code):
    candidates, errors, _ = validate_rows([row(2, managing_ministry=typed)], make_policy())
    assert errors == [] and candidates[0].managing_ministry == code


def test_typed_ministry_wins_over_the_department_with_a_warning_when_they_differ(make_policy):
    candidates, errors, warnings = validate_rows([row(2, organisation="Sở Y tế", managing_ministry="Bộ Tư pháp")],
                                                 make_policy())
    assert errors == [] and candidates[0].managing_ministry == "BTP"
    assert warnings[0].column == "Bộ chủ quản" and "BYT" in warnings[0].message


def test_unknown_managing_ministry_is_an_error_naming_the_value(make_policy):
    _, errors, _ = validate_rows([row(2, managing_ministry="Bộ Quốc phòng X")], make_policy())
    assert errors[0].column == "Bộ chủ quản" and "'Bộ Quốc phòng X'" in errors[0].message


def test_old_department_name_infers_the_new_ministry(make_policy):
    candidates, errors, _ = validate_rows([row(2, organisation="Sở Kế hoạch và Đầu tư", group="LD_PHONG")],
                                          make_policy())
    assert errors == [] and candidates[0].managing_ministry == "BTC"


def test_ministry_neither_typed_nor_inferable_asks_for_the_column(make_policy):
    _, errors, _ = validate_rows([row(2, organisation="Ban Quản lý dự án")], make_policy())
    assert errors[0].column == "Bộ chủ quản"
    assert "Hãy điền cột Bộ chủ quản" in errors[0].message


def test_groups_without_a_ministry_keep_none(make_policy):
    candidates, _, _ = validate_rows([row(2, group="HDND", organisation="HĐND tỉnh")], make_policy())
    assert candidates[0].managing_ministry is None


def test_two_addresses_in_one_cell_is_an_error(make_policy):
    _, errors, _ = validate_rows([row(2, email="a@hanoi.gov.vn; b@hanoi.gov.vn")], make_policy())
    assert "nhiều địa chỉ thư" in errors[0].message


@pytest.mark.parametrize("email", ["a@@hanoi.gov.vn", "a b@hanoi.gov.vn", "a..b@hanoi.gov.vn", ".a@hanoi.gov.vn",
                                   "a@hanoi", "a@-hanoi.gov.vn", "a@localhost", "nguyễn@hanoi.gov.vn"])
def test_malformed_addresses_are_errors(make_policy, email):
    _, errors, _ = validate_rows([row(2, email=email)], make_policy())
    assert [p.column for p in errors] == ["Email"]


def test_address_outside_gov_vn_is_a_warning_by_default(make_policy):
    candidates, errors, warnings = validate_rows([row(2, email="nva@gmail.com")], make_policy())
    assert errors == [] and candidates[0].email == "nva@gmail.com"
    assert warnings[0].message.startswith("Dòng 2, cột Email: 'nva@gmail.com' không phải hộp thư công vụ")
    assert candidates[0].warnings == [warnings[0].message]


def test_address_outside_gov_vn_is_an_error_under_the_strict_policy(make_policy):
    candidates, errors, _ = validate_rows([row(2, email="nva@gmail.com")], make_policy(domain_policy="error"))
    assert candidates == [] and errors[0].column == "Email"


def test_legacy_encoding_warning_travels_with_the_row(make_policy):
    candidates, _, warnings = validate_rows([row(4, full_name="NguyÔn V¨n An")], make_policy())
    assert candidates[0].full_name == "Nguyễn Văn An"
    assert warnings[0].row == 4 and "TCVN3" in warnings[0].message


def ministry_row(number: int, group: str, organisation: str) -> RawRow:
    return row(number, group=group, organisation=organisation, email=f"cb{number}@moh.gov.vn")


def test_at_most_two_cchc_officials_per_unit(make_policy):
    rows = [ministry_row(n, "CC_CCHC", "Vụ Pháp chế") for n in (2, 3, 4)] + [ministry_row(5, "CC_CCHC", "Văn phòng Bộ")]
    candidates, errors, _ = validate_rows(rows, make_policy(locality_kind="ministry", locality_code="BYT"))
    assert len(errors) == 1
    assert errors[0].row == 4 and "2, 3, 4" in errors[0].message and "tối đa 2" in errors[0].message
    assert 4 not in [c.row for c in candidates]


def test_at_most_five_associations_per_ministry(make_policy):
    rows = [ministry_row(n, "LD_HOI", f"Hội số {n}") for n in range(2, 8)] + [ministry_row(8, "LD_HOI", "Hội số 2")]
    _, errors, _ = validate_rows(rows, make_policy(locality_kind="ministry", locality_code="BYT"))
    assert len(errors) == 1
    assert errors[0].row == 7 and "6 hội" in errors[0].message and "tối đa 5" in errors[0].message


def test_five_associations_pass(make_policy):
    rows = [ministry_row(n, "LD_HOI", f"Hội số {n % 5}") for n in range(2, 12)]
    _, errors, _ = validate_rows(rows, make_policy(locality_kind="ministry", locality_code="BYT"))
    assert errors == []


@pytest.mark.parametrize("email", [
    "a@hanoi.gov.vn", "nguyen.van.a@hanoi.gov.vn", "a_b+c-d@so-yte.hanoi.gov.vn", "x@a.com", "x1@b2.net",
    "a@xn--hni-1na.vn", "a@" + "b" * 63 + ".vn", "a" * 64 + "@x.vn", "a@b.c.d.e.f.vn", "a-@x.vn", "-a@x.vn",
    "a@x-.vn", "a@1.vn", "a@x.int", "a+@x.org", "a@x.edu", "1@2.com",
])
def test_fast_email_shape_only_accepts_what_email_validator_accepts(email):
    from email_validator import EmailNotValidError, validate_email

    from survey_app.respondents.validation import _valid_email

    fast = _valid_email(email)
    if fast is not None:
        try:
            result = validate_email(email, check_deliverability=False, allow_smtputf8=False)
        except EmailNotValidError as exc:
            pytest.fail(f"fast path accepted {email!r} that email-validator refuses: {exc}")
        assert result.ascii_email.lower() == fast  # addresses are kept in ASCII (IDNA) form


@pytest.mark.parametrize("typed", ["HĐND", "Đại biểu HĐND tỉnh", "dai bieu hoi dong nhan dan tinh"])
def test_common_spellings_of_the_deputies_group(make_policy, typed):
    candidates, errors, _ = validate_rows([row(2, group=typed, organisation="HĐND tỉnh")], make_policy())
    assert errors == [] and candidates[0].group == "HDND"


def test_a_vietnamese_domain_is_stored_in_idna_form_with_a_warning(make_policy):
    candidates, errors, warnings = validate_rows([row(2, email="X@nghệan.gov.vn")], make_policy())
    assert errors == [] and candidates[0].email == "x@xn--nghan-371b.gov.vn"
    assert candidates[0].email.isascii()
    assert warnings[0].message.startswith("Dòng 2, cột Email: tên miền của 'x@nghệan.gov.vn'")


@pytest.mark.parametrize("email", ["a@nghệ\u00adan..gov.vn", "a@" + "ệ" * 70 + ".gov.vn"])
def test_a_domain_that_cannot_be_converted_to_idna_is_refused_naming_row_and_column(make_policy, email):
    candidates, errors, _ = validate_rows([row(7, email=email)], make_policy())
    assert candidates == [] and errors[0].message.startswith("Dòng 7, cột Email: ")


@pytest.mark.parametrize("typed", ["nguyen van a@@hanoi.gov.vn", "a@b@hanoi.gov.vn", "nguyenvana@hanoi,gov.vn, "])
def test_a_mistyped_address_is_not_called_several(make_policy, typed):
    _, errors, _ = validate_rows([row(2, email=typed)], make_policy())
    assert "không phải là địa chỉ thư hợp lệ" in errors[0].message and "nhiều" not in errors[0].message
