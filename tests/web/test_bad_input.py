"""Issue 10 item 6: malformed input is a 4xx naming what is wrong, never a 500 (pages and API)."""

import re

import pytest

from survey_app.web.guards import bounded_int

BIG = 2**31


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


@pytest.mark.parametrize("path", [f"/campaigns/{BIG}", f"/campaigns/{10**30}/lists/01", f"/accounts/{BIG}",
                                  f"/campaigns/{BIG}/mail", f"/campaigns/1/lists/01/rows/{BIG}/delete"])
def test_ids_past_the_database_integers_are_404(client, make_user, login_as, path):
    login_as(make_user("moha_admin"))
    assert client.get(path).status_code in (404, 405)


def test_api_ids_and_query_numbers_past_the_database_integers_are_404_or_400(client, make_user, api_headers):
    headers = api_headers(make_user("moha_admin"))
    assert client.get(f"/api/v1/campaigns/{BIG}", headers=headers).status_code == 404
    assert client.post(f"/api/v1/invitations/{10**20}/reissue", headers=headers).status_code == 404
    r = client.get(f"/api/v1/templates/respondent-list.xlsx?campaign={10**20}", headers=headers)
    assert r.status_code in (200, 400, 404)


def test_a_huge_page_number_and_a_superscript_message_id_are_not_errors(client, make_user, login_as, make_campaign):
    campaign = make_campaign()
    login_as(make_user("moha_admin"))
    assert client.get(f"/campaigns/{campaign.id}/mail?page={10**20}").status_code == 200
    officer = login_as(make_user("locality_officer", locality="01"))
    token = _csrf(officer, f"/campaigns/{campaign.id}/mail")
    r = officer.post(f"/campaigns/{campaign.id}/mail/01/resend",
                     data={"csrf_token": token, "message_id": "²", "email": "a@hanoi.gov.vn"})
    assert r.status_code == 302


@pytest.mark.parametrize("text, number", [("12", 12), ("²", None), ("١٢", None), (str(BIG), None),
                                          ("1" * 30, None), ("", None), ("-1", None), (" 7 ", 7)])
def test_bounded_int_takes_only_ascii_digits_within_the_database_integers(text, number):
    assert bounded_int(text) == number


def test_a_nul_byte_at_login_and_at_the_token_endpoint_is_a_400(client, make_user):
    user = make_user("moha_admin")
    r = client.post("/login", data={"csrf_token": _csrf(client, "/login"), "email": user.email + "\x00",
                                    "password": "x"})
    assert r.status_code == 400 and "NUL" in r.get_data(as_text=True)
    r = client.post("/api/v1/auth/token", json={"email": "a\x00@moha.gov.vn", "password": "x"})
    assert r.status_code == 400 and "NUL" in r.get_json()["message"]
    assert client.get("/login?next=/%00").status_code == 400


def test_json_nested_fifty_thousand_deep_is_a_400(client, make_user, api_headers):
    deep = "[" * 50_000 + "]" * 50_000
    r = client.post("/api/v1/auth/token", data=deep, content_type="application/json")
    assert r.status_code in (400, 422)
    headers = api_headers(make_user("moha_admin"))
    r = client.post("/api/v1/campaigns", data='{"a":' * 50_000 + "1" + "}" * 50_000,
                    content_type="application/json", headers=headers)
    assert r.status_code in (400, 422)


def _campaign_body(**over) -> dict:
    body = {"code": "PAR2099", "title": "Kỳ thử", "year": 2025, "model": "par-2025",
            "list_deadline": "2025-10-01T17:00:00+07:00", "response_deadline": "2025-12-01T17:00:00+07:00"}
    return {**body, **over}


def test_a_campaign_title_longer_than_its_column_is_a_422_naming_the_field(client, make_user, api_headers):
    headers = api_headers(make_user("moha_admin"))
    r = client.post("/api/v1/campaigns", json=_campaign_body(title="T" * 301), headers=headers)
    assert r.status_code == 422 and r.get_json()["errors"][0]["field"] == "title"
    assert client.post("/api/v1/campaigns", json=_campaign_body(title="T" * 300), headers=headers).status_code == 201


def test_a_deadline_in_year_9999_at_minus_14_is_a_422(client, make_user, api_headers):
    headers = api_headers(make_user("moha_admin"))
    r = client.post("/api/v1/campaigns", json=_campaign_body(response_deadline="9999-12-31T23:00:00-14:00"),
                    headers=headers)
    assert r.status_code == 422 and r.get_json()["errors"][0]["field"] == "response_deadline"
