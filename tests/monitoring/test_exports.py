"""The national table and the funnel by group as .xlsx: numbers as numbers, text never a formula."""

from io import BytesIO

import openpyxl

from survey_app.monitoring.exports import groups_workbook, units_workbook
from survey_app.monitoring.funnel import Funnel
from survey_app.monitoring.overview import get_overview


def test_the_national_table_export_has_every_unit_and_the_total(db, progressed):
    sheet = openpyxl.load_workbook(BytesIO(units_workbook(get_overview(progressed), title="T"))).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 50 and rows[-1][1] == "Cả nước" and rows[0][:2] == ("01", "Hà Nội") and rows[0][4] == 6


def test_a_name_that_looks_like_a_formula_stays_text():
    data = groups_workbook([("=HYPERLINK(\"http://x\")", Funnel(listed=3, submitted=1))], title="T")
    cell = openpyxl.load_workbook(BytesIO(data)).active.cell(4, 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_group_export_is_served_to_moha(client, login_as, make_user, progressed):
    login_as(make_user("moha_viewer"))
    response = client.get(f"/campaigns/{progressed.id}/overview/groups.xlsx")
    names = [r[0] for r in openpyxl.load_workbook(BytesIO(response.data)).active.iter_rows(min_row=4, values_only=True)]
    assert "Đại biểu HĐND cấp tỉnh" in names
