"""The chart library in a real browser: every kind of chart on one staff page passes axe-core, and its numbers
are there as a table."""

from datetime import date, timedelta

from flask import render_template_string

from tests.web.test_charts import PAGE


def test_every_chart_passes_axe_and_shows_its_table(app, live_server, page, screenshot, axe):
    days = [date(2025, 12, 1) + timedelta(days=i) for i in range(3)]
    with app.test_request_context():
        html = render_template_string('{% extends "base.html" %}{% block content %}<h1>Biểu đồ</h1>'
                                      + PAGE + "{% endblock %}", days=days, deadline=date(2025, 12, 5))
    page.goto(live_server + "/login")  # the site's origin, so the stylesheets load as on any page
    page.set_content(html)
    page.wait_for_load_state("networkidle")
    assert page.locator("svg[role=img]").count() == 5
    assert page.locator("#t .series.bars rect").count() == 3
    assert page.eval_on_selector("#t .series.s1 .line", "e => getComputedStyle(e).stroke") == "rgb(213, 94, 0)"
    axe(page)
    page.click("#b summary")
    assert page.locator("#b table td").first.inner_text() == "5"
    screenshot(page, "charts")
