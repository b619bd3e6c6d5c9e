"""Campaigns: created from a shipped model, opened once, deadlines enforced at every write."""

from datetime import timedelta
from io import BytesIO

import pytest

from survey_app.core.db import utcnow
from tests.conftest import person, xlsx_bytes

GOOD = {"code": "PAR2024", "title": "PAR INDEX 2024", "year": 2024, "model": "par-2024",
        "list_deadline": "2024-12-20T17:00:00+07:00", "response_deadline": "2025-01-10T17:00:00+07:00"}


@pytest.fixture
def admin(make_user, api_headers):
    return api_headers(make_user("moha_admin"))


def test_par_2024_has_district_leaders_and_par_2025_commune_leaders(client, admin):
    r = client.post("/api/v1/campaigns", headers=admin, json=GOOD)
    assert r.status_code == 201
    groups = {g["code"]: g for g in r.get_json()["groups"]}
    assert "LD_HUYEN" in groups and "LD_XA" not in groups
    assert groups["HDND"]["priority"] == 1
    assert [q["about"] for q in groups["LD_SO"]["questionnaires"]] == ["own_locality", "managing_ministry"]
    r = client.post("/api/v1/campaigns", headers=admin, json={**GOOD, "code": "PAR2025", "model": "par-2025"})
    assert "LD_XA" in {g["code"] for g in r.get_json()["groups"]}


def test_campaign_snapshots_its_questionnaires_with_checksums(client, admin):
    data = client.post("/api/v1/campaigns", headers=admin, json=GOOD).get_json()
    assert len(data["questionnaires"]) == 9
    assert all(len(q["checksum"]) == 64 and not q["is_frozen"] for q in data["questionnaires"])


@pytest.mark.parametrize("change,field", [
    ({"code": "a b"}, "code"), ({"model": "par-1999"}, "model"), ({"year": "năm nay"}, "year"),
    ({"list_deadline": "20/12/2024"}, "list_deadline"),
    ({"list_deadline": "2025-02-01T00:00:00+07:00"}, "response_deadline"),
])
def test_bad_campaign_input_gets_422_naming_the_field(client, admin, change, field):
    r = client.post("/api/v1/campaigns", headers=admin, json={**GOOD, **change})
    assert r.status_code == 422
    assert r.get_json()["errors"][0]["field"] == field


def test_a_duplicate_code_gets_422(client, admin):
    client.post("/api/v1/campaigns", headers=admin, json=GOOD)
    assert client.post("/api/v1/campaigns", headers=admin, json=GOOD).status_code == 422


def test_opening_twice_is_a_409(client, admin):
    cid = client.post("/api/v1/campaigns", headers=admin, json=GOOD).get_json()["id"]
    assert client.post(f"/api/v1/campaigns/{cid}/open", headers=admin).status_code == 200
    assert client.post(f"/api/v1/campaigns/{cid}/open", headers=admin).status_code == 409


def test_an_upload_after_the_list_deadline_gets_409_and_stores_nothing(client, make_user, api_headers, make_campaign):
    now = utcnow()
    campaign = make_campaign(list_deadline=now - timedelta(minutes=1), response_deadline=now + timedelta(days=9))
    officer = api_headers(make_user("locality_officer", locality="01"))
    r = client.post(f"/api/v1/campaigns/{campaign.id}/lists/01/import", headers=officer,
                    data={"file": (BytesIO(xlsx_bytes([person(1)])), "ds.xlsx")})
    assert r.status_code == 409 and "quá hạn" in r.get_json()["message"]
    assert client.get(f"/api/v1/campaigns/{campaign.id}/lists/01", headers=officer).get_json()["respondents"] == []
    assert client.post(f"/api/v1/campaigns/{campaign.id}/lists/01/submit", headers=officer).status_code == 409


def test_lists_are_refused_before_the_campaign_opens(client, make_user, api_headers, make_campaign):
    campaign = make_campaign(is_open=False)
    officer = api_headers(make_user("locality_officer", locality="01"))
    r = client.post(f"/api/v1/campaigns/{campaign.id}/lists/01/import", headers=officer,
                    data={"file": (BytesIO(xlsx_bytes([person(1)])), "ds.xlsx")})
    assert r.status_code == 409


def test_localities_lists_34_provinces_and_the_ministries(client, make_user, api_headers):
    headers = api_headers(make_user("locality_officer", locality="01"))
    data = client.get("/api/v1/localities", headers=headers).get_json()
    kinds = [d["kind"] for d in data]
    assert kinds.count("province") == 34 and kinds.count("ministry") == 15
    hanoi = next(d for d in data if d["code"] == "01")
    assert hanoi["name"] == "Hà Nội" and "hanoi.gov.vn" in hanoi["official_domains"]
    assert next(d for d in data if d["code"] == "BTP")["name"] == "Bộ Tư pháp"


def test_openapi_describes_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    described = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in described
    assert spec["paths"]["/api/v1/campaigns/{cid}/lists/{code}/import"]["post"]["security"] == [{"bearer": []}]
