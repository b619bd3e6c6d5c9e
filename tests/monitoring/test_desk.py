"""A locality's desk: its funnel beside the nation's rate, filters, bounce reasons, and reminders confirmed first."""

import csv
import io

from sqlalchemy import func, select

from survey_app.mailing.models import OutboxMessage
from survey_app.monitoring.bounces import classify


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_desk_shows_funnel_curve_organisations_and_bounce_reasons(client, login_as, make_user, progressed):
    login_as(make_user("locality_officer", locality="01"))
    page = _page(client, f"/campaigns/{progressed.id}/progress/01")
    assert "Phễu của Hà Nội" in page and "cả nước: 16,7%" in page
    assert "Sở Y tế" in page and "Đại biểu HĐND cấp tỉnh" in page
    assert "Hộp thư không tồn tại" in page and "sửa ở trang" in page


def test_filters_pick_whom_to_call(client, login_as, make_user, progressed):
    login_as(make_user("locality_officer", locality="01"))
    base = f"/campaigns/{progressed.id}/progress/01"
    bounced = _page(client, base + "?only=bounced")
    assert "nvthu4@hanoi.gov.vn" in bounced and "nvthu1@hanoi.gov.vn" not in bounced
    opened = _page(client, base + "?only=opened")
    assert "nvthu1@hanoi.gov.vn" in opened and "nvthu2@hanoi.gov.vn" not in opened
    not_opened = _page(client, base + "?only=not_opened&org=S%E1%BB%9F+Y+t%E1%BA%BF")
    assert "nvthu2@hanoi.gov.vn" in not_opened and "nvthu4@hanoi.gov.vn" not in not_opened


def test_reminders_show_who_and_how_many_before_anything_is_sent(client, login_as, make_user, progressed, db):
    login_as(make_user("locality_officer", locality="01"))
    url = f"/campaigns/{progressed.id}/progress/01/reminders"
    preview = _page(client, url)
    # Sent and not fully answered: 1 and 2 (Sở Y tế); 3 answered; 4 bounced (never received the invitation).
    assert "Xác nhận gửi 2 thư đôn đốc" in preview and "nvthu2@hanoi.gov.vn" in preview
    count = lambda: db.session.scalar(select(func.count()).select_from(OutboxMessage)  # noqa: E731
                                      .where(OutboxMessage.kind == "reminder"))
    assert count() == 0
    token = __import__("re").search(r'name="csrf_token"[^>]*value="([^"]+)"', preview).group(1)
    done = client.post(url, data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert count() == 2 and "đã xếp 2 thư đôn đốc" in done
    assert "Không có ai cần đôn đốc" in _page(client, url)


def test_another_localitys_desk_is_not_found(client, login_as, make_user, progressed):
    login_as(make_user("locality_officer", locality="79"))
    for path in ("", "/reminders", "/series.csv"):
        assert client.get(f"/campaigns/{progressed.id}/progress/01{path}").status_code == 404


def test_daily_series_csv_is_formula_safe_and_adds_up(client, login_as, make_user, progressed):
    login_as(make_user("moha_viewer"))
    text = client.get(f"/campaigns/{progressed.id}/overview/series.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Ngày" and sum(int(r[1]) for r in rows[1:] if r[1]) == 1


def test_bounce_reasons_read_the_servers_words():
    assert classify("550 5.1.1 <a@b.gov.vn>: Recipient address rejected: User unknown").code == "no_mailbox"
    assert classify("552 5.2.2 Mailbox full").code == "full"
    assert classify("554 5.7.1 Message rejected as spam").code == "refused"
    assert classify(None).code == "other"
