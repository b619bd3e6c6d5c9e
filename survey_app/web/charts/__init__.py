"""Server-rendered SVG charts: pure layouts (scales, ticks, paths) here, drawing in templates/charts/.

A template draws a chart from plain numbers with a macro, for example::

    {% from "charts/time.html" import time_chart %}
    {{ time_chart("submissions", "Phiếu trả lời mỗi ngày", days,
                  [{"name": "Cộng dồn", "values": totals, "kind": "area"}],
                  markers=[{"at": deadline_day, "label": "Hạn trả lời"}]) }}

Every chart is an <svg role="img"> named by its <title> and described by its <desc>, followed by the same
numbers as a table (in a <details>), so it reads without JavaScript and without sight. Colours are classes of
static/charts.css (the Content-Security-Policy forbids inline style); link it with the `chart_css()` macro
of templates/charts/base.html or a <link> of your own. See docs/charts.md.
"""

from flask import Flask

from survey_app.web.charts.bars import bar_chart, inline_bar
from survey_app.web.charts.grid import heat_grid
from survey_app.web.charts.scales import number, percent
from survey_app.web.charts.series import time_chart

#: What the macros (and any template) may call.
GLOBALS = {"chart_time": time_chart, "chart_bars": bar_chart, "chart_inline": inline_bar, "chart_grid": heat_grid}


def init_app(app: Flask) -> None:
    """Make the layouts callable from templates, and Vietnamese number formats available as filters."""
    app.jinja_env.globals.update(GLOBALS)
    app.jinja_env.filters.update(number=number, percent=percent)
