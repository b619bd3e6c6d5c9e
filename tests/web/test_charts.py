"""The chart library: round ticks, dated axes, paths with gaps, bars against maxima, shades — and the macros'
SVG: named, described, backed by a table of the same numbers, no inline style."""

import re
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

import pytest
from flask import render_template_string

from survey_app.web.charts.bars import bar_chart, inline_bar
from survey_app.web.charts.frame import Frame, area, polyline
from survey_app.web.charts.grid import heat_grid, shade
from survey_app.web.charts.scales import (
    DAY,
    Linear,
    nice_extent,
    nice_step,
    number,
    percent,
    seconds,
    time_label,
    time_ticks,
)
from survey_app.web.charts.series import time_chart


@pytest.mark.parametrize("span,count,step", [(10, 5, 2), (100, 5, 20), (7, 4, 2), (1, 5, 0.2), (2500, 4, 1000),
                                             (0.3, 4, 0.1), (60000, 4, 20000), (9, 4, 2.5)])
def test_steps_are_round_numbers(span, count, step):
    assert nice_step(span, count) == pytest.approx(step)


def test_an_extent_covers_the_data_with_round_ends():
    assert nice_extent(0, 37, 4) == (0, 40, 10)
    assert nice_extent(0, 0.83, 4) == pytest.approx((0, 1.0, 0.25))
    assert nice_extent(0, 0, 4) == (0, 1, 0.25)  # no data: still a usable axis


def test_a_linear_scale_maps_ends_to_ends_and_can_run_upwards():
    y = Linear(0, 100, 230, 20)
    assert (y(0), y(100), y(50)) == (230, 20, 125)


def test_day_ticks_fall_on_midnights_and_read_as_day_and_month():
    lo, hi = seconds(datetime(2025, 12, 1, 9, 30)), seconds(date(2025, 12, 21))
    positions, step = time_ticks(lo, hi)
    assert step == 7 * DAY
    assert [time_label(p, step) for p in positions] == ["02/12", "09/12", "16/12"]


def test_hour_ticks_within_a_day():
    lo, hi = seconds(datetime(2025, 12, 5, 8, 10)), seconds(datetime(2025, 12, 5, 17, 0))
    positions, step = time_ticks(lo, hi)
    assert step == 3 * 3600
    assert [time_label(p, step) for p in positions] == ["09:00", "12:00", "15:00"]


def test_numbers_are_written_the_vietnamese_way():
    assert number(3412) == "3.412" and number(45.25, 1) == "45,2" and number(None) == ""
    assert percent(0.452) == "45%" and percent(0.4525, 1) == "45,2%" and number(1234567.5, 2) == "1.234.567,50"


def test_a_path_lifts_the_pen_at_gaps():
    assert polyline([(0, 0), (1, 1), None, (3, 3), (4, 4)]) == "M0,0 L1,1 M3,3 L4,4"
    assert area([(0, 5), (2, 1), None], baseline=10) == "M0,10 L0,5 L2,1 L2,10 Z"
    assert polyline([None, None]) == ""


def test_a_time_chart_places_values_dates_and_the_deadline():
    days = [date(2025, 12, 1) + timedelta(days=i) for i in range(10)]
    chart = time_chart(days, [{"name": "Cộng dồn", "values": [i * 10 for i in range(5)] + [None] * 5, "kind": "area"},
                              {"name": "Cần đạt", "values": [None] * 4 + [40, 55, 70, 85, 100, 115],
                               "kind": "dashed", "css": "target"}],
                       markers=[{"at": date(2025, 12, 12), "label": "Hạn trả lời"}],
                       levels=[{"value": 100, "label": "Mục tiêu"}])
    f = chart.frame
    area_shape, target = chart.shapes
    assert area_shape.path.startswith(f"M{f.x0},{f.y1}") and area_shape.path.count("M") == 1
    assert area_shape.fill.endswith("Z") and target.css == "target" and target.fill == ""
    (deadline,) = chart.markers
    assert deadline.at == f.x1  # the deadline is the last moment drawn
    assert chart.y_ticks[-1].label == "125" and chart.levels[0].at == pytest.approx(f.y1 - (f.y1 - f.y0) * 0.8, abs=.1)
    assert chart.data.columns == ("Ngày", "Cộng dồn", "Cần đạt")
    assert chart.data.rows[0] == ("01/12/2025", "0", "") and chart.data.rows[9] == ("10/12/2025", "", "115")
    assert "Hạn trả lời (12/12/2025)" in chart.summary


def test_a_line_of_one_day_still_shows_as_a_dot():
    days = [date(2025, 12, 1) + timedelta(days=i) for i in range(5)]
    chart = time_chart(days, [{"name": "Hà Nội", "values": [17, None, None, None, None], "kind": "line"},
                              {"name": "Cả nước", "values": [10, 12, None, 15, None], "kind": "dashed"}])
    one_day, nation = chart.shapes
    assert one_day.path == f"M{one_day.dots[0][0]},{one_day.dots[0][1]}" and len(one_day.dots) == 1
    assert len(nation.dots) == 1, "the first two days are joined by a line; only the value after the gap is alone"
    assert nation.dots[0][0] > one_day.dots[0][0] and nation.path.count("M") == 2


def test_bars_of_a_time_chart_stand_on_the_axis_and_keep_apart():
    days = [date(2025, 12, 1) + timedelta(days=i) for i in range(3)]
    chart = time_chart(days, [{"name": "Mỗi ngày", "values": [5, 0, 20], "kind": "bars"}])
    first, third = chart.shapes[0].bars  # a zero draws no bar
    assert first.y + first.h == pytest.approx(chart.frame.y1, abs=.1) and third.h > first.h
    assert first.x > chart.frame.x0 and third.x + third.w < chart.frame.x1
    assert first.title == "01/12/2025: 5"


def test_an_unknown_series_kind_is_refused():
    with pytest.raises(ValueError, match="pie"):
        time_chart([date(2025, 1, 1)], [{"name": "x", "values": [1], "kind": "pie"}])


def test_horizontal_bars_against_their_maxima_and_a_reference():
    chart = bar_chart([{"label": "Lĩnh vực 1", "value": 6, "max": 8, "mark": 7, "href": "/u/1"},
                       {"label": "Lĩnh vực 2", "value": 2.5, "max": 10}], reference={"value": 5, "label": "Trung vị"},
                      digits=1)
    f = chart.frame
    one, two = chart.bars
    assert one.bar.x == f.x0 and one.track.w > one.bar.w and two.track.w > one.track.w
    assert one.mark.at == pytest.approx(f.x0 + (f.x1 - f.x0) * 0.7, abs=.1)
    assert chart.reference.at == pytest.approx(f.x0 + (f.x1 - f.x0) / 2, abs=.1)
    assert one.bar.y < two.bar.y and one.text == "6,0"
    assert chart.data.columns == ("Mục", "Giá trị", "Tối đa", "Mốc so sánh") and chart.data.links == ("/u/1", None)
    assert chart.data.rows[1] == ("Lĩnh vực 2", "2,5", "10,0", "")
    assert "cao nhất Lĩnh vực 1 (6,0)" in chart.summary and "thấp nhất Lĩnh vực 2" in chart.summary


def test_vertical_bars_grow_upwards_in_equal_bands():
    chart = bar_chart([{"label": "A", "value": 10}, {"label": "B", "value": 20}], horizontal=False)
    a, b = chart.bars
    assert a.bar.y + a.bar.h == pytest.approx(chart.frame.y1) and b.bar.h == pytest.approx(2 * a.bar.h)
    assert b.bar.x - a.bar.x == pytest.approx((chart.frame.x1 - chart.frame.x0) / 2, abs=.1)
    assert bar_chart([]).summary == "Biểu đồ cột: chưa có số liệu."


def test_an_inline_bar_is_clamped_to_its_track():
    assert inline_bar(0.45, mark=0.6).width == 45 and inline_bar(0.45, mark=0.6).mark == 60
    assert inline_bar(3, 2).width == 100 and inline_bar(None).width == 0 and inline_bar(5, 0).width == 0


def test_shades_split_the_range_in_equal_steps():
    assert [shade(v, 0, 1) for v in (0, 0.124, 0.126, 0.99, 1, 1.5, -1, None)] == \
        ["h0", "h0", "h1", "h7", "h7", "h7", "h0", "hnone"]


def test_a_heat_grid_keeps_rows_and_columns_in_place():
    grid = heat_grid(["Phiếu 1", "Phiếu 2"], ["Phiếu 1", "Phiếu 2", "Phiếu 3"],
                     [[1, 0.92, None], [0.92, 1, 0.4]], digits=2)
    assert len(grid.cells) == 6 and grid.cells[1].x > grid.cells[0].x and grid.cells[3].y > grid.cells[0].y
    assert grid.cells[2].css == "hnone" and grid.cells[2].title == "Phiếu 1 × Phiếu 3: không có"
    assert grid.data.rows[1] == ("Phiếu 2", "0,92", "1,00", "0,40") and len(grid.legend) == 8


PAGE = """{% from "charts/time.html" import time_chart %}{% from "charts/bars.html" import bar_chart, inline_bar %}
{% from "charts/grid.html" import heat_grid %}
{{ time_chart("t", "Phiếu trả lời <mỗi ngày>", days, [{"name": "Mỗi ngày", "values": [3, 4, 1], "kind": "bars"},
   {"name": "Cộng dồn", "values": [3, 7, 8]}], markers=[{"at": deadline, "label": "Hạn"}]) }}
{{ bar_chart("b", "Điểm", [{"label": "LV1", "value": 5, "max": 8, "href": "/x?a=1&b=2"}],
             reference={"value": 4, "label": "TV"}) }}
{{ bar_chart("v", "Cột đứng", [{"label": "A", "value": 1, "mark": 2}], horizontal=false) }}
<p>{{ inline_bar(0.5, mark=0.7) }}</p>
{{ heat_grid("g", "Giống nhau", ["a", "b"], ["a", "b"], [[1, 0.5], [0.5, 1]]) }}"""


def test_every_macro_renders_a_named_described_svg_with_its_table(app):
    days = [date(2025, 12, 1) + timedelta(days=i) for i in range(3)]
    with app.test_request_context():
        html = render_template_string(PAGE, days=days, deadline=date(2025, 12, 5))
    assert "style=" not in html and "<script" not in html
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 5
    for svg in svgs:
        ElementTree.fromstring(svg)  # well-formed
        assert 'role="img"' in svg
    for chart_id in ("t", "b", "v", "g"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html and f'id="{chart_id}-desc"' in html
    assert "Phiếu trả lời &lt;mỗi ngày&gt;" in html  # escaped
    assert html.count('<details class="chart-data">') == 4 and '<a href="/x?a=1&amp;b=2">LV1</a>' in html
    assert 'aria-label="50%"' in html


def test_the_default_frame_leaves_room_for_labels():
    f = Frame()
    assert f.x0 < f.x1 and f.y0 < f.y1
