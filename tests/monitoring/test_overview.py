"""The national overview: the funnel and table agree with counts made by hand, for MOHA only."""

from sqlalchemy import func, select

from survey_app.invitations.models import Invitation
from survey_app.monitoring.overview import filter_rows, get_overview, sort_rows
from survey_app.monitoring.progress import get_progress


def test_funnel_counts_each_invitation_once_with_bounces_apart(db, progressed):
    overview = get_overview(progressed)
    hanoi = next(r for r in overview.rows if r.locality.code == "01")
    listed = db.session.scalar(select(func.count(Invitation.id)))
    assert hanoi.funnel.listed == listed == 6  # two leaders × (province + Bộ Y tế), the deputy, the commune
    assert (hanoi.funnel.sent, hanoi.funnel.delivered, hanoi.funnel.bounced) == (6, 5, 1)
    assert (hanoi.funnel.opened, hanoi.funnel.started, hanoi.funnel.submitted) == (2, 1, 1)
    assert overview.national.listed == 6 and overview.national.submitted == 1


def test_a_waiting_list_needs_action_first(db, progressed):
    actions = get_overview(progressed).actions
    assert [a.row.locality.code for a in actions if a.target == "list"] == ["79"]
    assert "chờ Bộ Nội vụ duyệt" in actions[0].reason or any("chờ" in a.reason for a in actions)


def test_table_filters_and_sorts(db, progressed):
    rows = get_overview(progressed).rows
    assert len(rows) == 49
    assert [r.locality.code for r in filter_rows(rows, search="hà nội")] == ["01"]
    assert all(r.locality.kind == "ministry" for r in filter_rows(rows, kind="ministry"))
    assert [r.locality.code for r in filter_rows(rows, list_status="submitted")] == ["79"]
    assert sort_rows(rows, "rate", descending=True)[0].locality.code == "01"


def test_api_progress_matches_the_funnel(db, progressed):
    entry = get_progress(progressed.id)["localities"][0]
    assert entry["code"] == "01" and entry["invited"] == 6 and entry["sent"] == 6 and entry["bounced"] == 1
    assert entry["submitted"] == 1 and entry["rate"] == round(1 / 6, 4)
    assert sum(g["invited"] for g in entry["groups"]) == 6


def test_the_overview_page_shows_funnel_chart_table_and_actions(client, login_as, make_user, progressed):
    login_as(make_user("moha_viewer"))
    page = client.get(f"/campaigns/{progressed.id}/overview").get_data(as_text=True)
    assert "Phễu cả nước" in page and 'role="img"' in page and "Cần xử lý trước" in page
    assert "TP Hồ Chí Minh</a>: Danh sách đang chờ Bộ Nội vụ duyệt" in page
    assert "Đại biểu HĐND cấp tỉnh" in page  # groups by name
    sorted_page = client.get(f"/campaigns/{progressed.id}/overview?sort=rate&order=desc&kind=province")
    assert sorted_page.status_code == 200 and 'aria-sort="descending"' in sorted_page.get_data(as_text=True)


def test_officers_never_see_the_national_overview(client, login_as, make_user, progressed):
    login_as(make_user("locality_officer", locality="01"))
    assert client.get(f"/campaigns/{progressed.id}/overview").status_code == 403


def test_evaluated_units_count_leaders_answering_about_their_ministry(client, login_as, make_user, progressed):
    login_as(make_user("moha_admin"))
    page = client.get(f"/campaigns/{progressed.id}/overview/evaluated").get_data(as_text=True)
    assert '<th scope="row">Bộ Y tế</th><td class="num">2</td><td class="num">0</td>' in page
