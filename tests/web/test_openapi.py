"""Issue 10 item 7: the OpenAPI document is a contract. It validates, every /api/v1 route declares itself, and
real responses (every operation of shared/API.md, successes and errors) match the declared statuses and schemas."""

import io
import re

import jsonschema
import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from survey_app.invitations.models import Invitation
from tests.conftest import person, xlsx_bytes

_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_the_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_every_api_route_declares_its_contract_with_documented(app):
    """A new /api/v1 route without @documented(...) (web/api/spec.py) fails here."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            declared = getattr(app.view_functions[rule.endpoint], "openapi", None)
            if not declared or not any(200 <= code < 300 for code in declared["responses"]):
                missing.append(rule.endpoint)
    assert missing == [], "declare request and response schemas with @documented on: " + ", ".join(missing)


def test_every_operation_lists_its_statuses_with_bodies(document):
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            codes = set(op["responses"])
            assert any(c.startswith("2") for c in codes) and "400" in codes, (method, path)
            assert "security" not in op or "401" in codes, (method, path)
            for code, reply in op["responses"].items():
                assert reply["content"], (method, path, code)


def test_a_wrong_method_gets_405_with_allow(client):
    response = client.get("/api/v1/auth/token")
    assert response.status_code == 405 and response.headers["Allow"] == "OPTIONS, POST"
    assert response.get_json()["message"]
    assert "POST" in client.delete("/api/v1/campaigns").headers["Allow"]


class Contract:
    """A test client for the API that checks every response against the document and remembers what it hit."""

    def __init__(self, app, client, document):
        self.app, self.client, self.document, self.hit = app, client, document, set()

    def _operation(self, method: str, url: str) -> tuple[str, dict]:
        rule, _ = self.app.url_map.bind("localhost").match(url.split("?")[0], method, return_rule=True)
        path = _PARAM.sub(r"{\1}", rule.rule)
        return path, self.document["paths"][path][method.lower()]

    def call(self, method: str, url: str, status: int, headers=None, **kwargs):
        response = self.client.open(url, method=method, headers=headers or {}, **kwargs)
        assert response.status_code == status, (method, url, response.status_code, response.get_data(as_text=True))
        path, op = self._operation(method, url)
        reply = op["responses"].get(str(status))
        assert reply is not None, f"{method} {path} answered {status}, which its document does not declare"
        media = response.mimetype
        assert media in reply["content"], (method, path, status, media)
        if media == "application/json":
            jsonschema.validate(response.get_json(), reply["content"][media]["schema"],
                                cls=jsonschema.Draft202012Validator)
        self.hit.add((method, path, status))
        return response


def test_real_responses_match_the_document(app, client, document, make_user, api_headers):
    api = Contract(app, client, document)
    admin, viewer = make_user("moha_admin"), make_user("moha_viewer")
    officer, other = make_user("locality_officer", locality="01"), make_user("locality_officer", locality="79")
    a, v, o, x = (api_headers(u) for u in (admin, viewer, officer, other))
    from tests.conftest import PASSWORD
    api.call("POST", "/api/v1/auth/token", 200, json={"email": admin.email, "password": PASSWORD})
    api.call("POST", "/api/v1/auth/token", 401, json={"email": admin.email, "password": "sai"})
    api.call("POST", "/api/v1/auth/token", 422, data="[1]", content_type="application/json")
    api.call("GET", "/api/v1/openapi.json", 200)
    api.call("GET", "/api/v1/localities", 200, headers=v)
    api.call("GET", "/api/v1/localities", 401)
    body = {"code": "PAR2025", "title": "Khảo sát 2025", "year": 2025, "model": "par-2025",
            "list_deadline": "2030-12-20T17:00:00+07:00", "response_deadline": "2031-01-20T17:00:00+07:00"}
    cid = api.call("POST", "/api/v1/campaigns", 201, headers=a, json=body).get_json()["id"]
    api.call("POST", "/api/v1/campaigns", 403, headers=v, json=body)
    api.call("POST", "/api/v1/campaigns", 422, headers=a, json={**body, "year": "năm nay"})
    api.call("GET", "/api/v1/campaigns", 200, headers=o)
    api.call("GET", f"/api/v1/campaigns/{cid}", 200, headers=o)
    api.call("GET", "/api/v1/campaigns/999999", 404, headers=a)
    api.call("POST", f"/api/v1/campaigns/{cid}/open", 200, headers=a)
    api.call("POST", f"/api/v1/campaigns/{cid}/open", 409, headers=a)
    api.call("GET", f"/api/v1/templates/respondent-list.xlsx?campaign={cid}", 200, headers=o)
    api.call("GET", "/api/v1/templates/respondent-list.xlsx?variant=huyen", 422, headers=o)
    lists = f"/api/v1/campaigns/{cid}/lists/01"
    api.call("GET", lists, 200, headers=o)
    api.call("GET", lists, 404, headers=x)
    bad = xlsx_bytes([person(1), person(2, email="sai@")])
    api.call("POST", lists + "/import", 422, headers=o, data={"file": (io.BytesIO(bad), "ds.xlsx")})
    api.call("POST", lists + "/import", 422, headers=o, data={})
    good = xlsx_bytes([person(1), person(2)])
    api.call("POST", lists + "/import", 200, headers=o, data={"file": (io.BytesIO(good), "ds.xlsx")})
    api.call("POST", lists + "/approve", 409, headers=a)
    api.call("POST", lists + "/submit", 200, headers=o)
    api.call("POST", lists + "/return", 200, headers=a, json={"reason": "Thiếu Chủ tịch HĐND"})
    api.call("POST", lists + "/submit", 200, headers=o)
    api.call("POST", lists + "/approve", 403, headers=o)
    api.call("POST", lists + "/approve", 200, headers=a)
    api.call("POST", f"/api/v1/campaigns/{cid}/dispatch", 422, headers=a, json={"localities": "01"})
    api.call("POST", f"/api/v1/campaigns/{cid}/dispatch", 200, headers=a, json={"localities": ["01"]})
    api.call("GET", f"/api/v1/campaigns/{cid}/mail-status?locality=01", 200, headers=o)
    api.call("GET", f"/api/v1/campaigns/{cid}/mail-status?locality=01", 404, headers=x)
    api.call("POST", f"/api/v1/campaigns/{cid}/reminders", 200, headers=o, json={})
    api.call("GET", f"/api/v1/campaigns/{cid}/progress", 200, headers=v)
    api.call("GET", f"/api/v1/campaigns/{cid}/progress?locality=79", 404, headers=o)
    iid = app.extensions["sqlalchemy"].session.scalar(select(Invitation.id).limit(1))
    api.call("POST", f"/api/v1/invitations/{iid}/reissue", 200, headers=a)
    api.call("POST", "/api/v1/invitations/999999/reissue", 404, headers=a)
    api.call("POST", f"/api/v1/invitations/{iid}/reissue", 403, headers=o)
    operations = {(m.upper(), p) for p, ms in document["paths"].items() for m in ms}
    contract = {(m, p) for m, p, _ in api.hit}
    assert CONTRACT <= operations
    assert CONTRACT - contract == set(), "every operation of shared/API.md is exercised"


#: The operations of shared/API.md (routes added later are exercised by tests/web/test_api_fuzz.py).
CONTRACT = {
    ("POST", "/api/v1/auth/token"), ("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/localities"),
    ("POST", "/api/v1/campaigns"), ("GET", "/api/v1/campaigns"), ("GET", "/api/v1/campaigns/{cid}"),
    ("POST", "/api/v1/campaigns/{cid}/open"), ("GET", "/api/v1/templates/respondent-list.xlsx"),
    ("GET", "/api/v1/campaigns/{cid}/lists/{code}"), ("POST", "/api/v1/campaigns/{cid}/lists/{code}/import"),
    ("POST", "/api/v1/campaigns/{cid}/lists/{code}/submit"), ("POST", "/api/v1/campaigns/{cid}/lists/{code}/approve"),
    ("POST", "/api/v1/campaigns/{cid}/lists/{code}/return"), ("POST", "/api/v1/campaigns/{cid}/dispatch"),
    ("GET", "/api/v1/campaigns/{cid}/mail-status"), ("POST", "/api/v1/campaigns/{cid}/reminders"),
    ("GET", "/api/v1/campaigns/{cid}/progress"), ("POST", "/api/v1/invitations/{iid}/reissue"),
}
