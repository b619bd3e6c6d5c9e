"""Issue 10 item 6 for /s/<token>: whatever a respondent's client posts, the answer is a 4xx, never a 500."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from survey_app.core.db import db
from survey_app.responses.models import Response
from tests.responses.conftest import all_answers


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _first_question(client, token) -> dict:
    payload = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    return payload["questionnaire"]["sections"][0]["questions"][0]


def test_an_invalid_option_by_json_is_a_422_naming_the_question(client, make_invitation):
    _, token = make_invitation()
    code = _first_question(client, token)["code"]
    r = client.post(f"/s/{token}", json={"answers": {code: "99"}, "action": "save"})
    assert r.status_code == 422
    assert r.get_json()["errors"][0]["field"] == code and code in r.get_json()["message"]


def test_an_invalid_option_by_the_form_is_a_422_naming_the_question(client, make_invitation):
    _, token = make_invitation()
    code = _first_question(client, token)["code"]
    page = client.get(f"/s/{token}").get_data(as_text=True)
    r = client.post(f"/s/{token}", data={"csrf_token": _csrf(page), "action": "save", f"q.{code}": "99"})
    assert r.status_code == 422 and f"Câu {code}: &#39;99&#39; không phải" in r.get_data(as_text=True)


def test_unknown_question_codes_in_json_are_refused_and_nothing_is_stored(client, make_invitation):
    invitation, token = make_invitation()
    payload = client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()
    answers = {**all_answers(payload), "KHONG_CO": "1"}
    r = client.post(f"/s/{token}", json={"answers": answers, "action": "submit"})
    assert r.status_code == 422 and r.get_json()["errors"][0]["field"] == "KHONG_CO"
    assert db.session.scalar(select(Response).where(Response.invitation_id == invitation.id)) is None


def test_nul_bytes_and_deep_json_are_refused_with_400(client, make_invitation):
    _, token = make_invitation()
    code = _first_question(client, token)["code"]
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert client.post(f"/s/{token}", data={"csrf_token": _csrf(page), f"q.{code}": "1\x00"}).status_code == 400
    assert client.post(f"/s/{token}", json={"answers": {code: "\x00"}}).status_code == 400
    deep = "[" * 50_000 + "]" * 50_000
    r = client.post(f"/s/{token}", data=deep, content_type="application/json")
    assert r.status_code in (400, 422)
    assert client.get(f"/s/{token}\x00").status_code == 400


_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                         max_size=3),
                            max_leaves=8)


def test_no_json_post_to_a_link_gives_a_server_error(client, make_invitation):
    _, token = make_invitation()
    codes = list(all_answers(client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()))

    @given(answers=st.dictionaries(st.sampled_from(codes) | st.text(max_size=12), _json_values, max_size=4),
           action=st.sampled_from(["save", "submit", "confirm", ""]) | _json_values, extra=_json_values)
    @settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def post(answers, action, extra):
        body = json.dumps({"answers": answers, "action": action, "x": extra})
        assert client.post(f"/s/{token}", data=body, content_type="application/json").status_code < 500
        assert client.post(f"/s/{token}", data=json.dumps(extra), content_type="application/json").status_code < 500
    post()


def test_no_form_post_to_a_link_gives_a_server_error(client, make_invitation):
    _, token = make_invitation()
    codes = list(all_answers(client.get(f"/s/{token}", headers={"Accept": "application/json"}).get_json()))
    csrf = _csrf(client.get(f"/s/{token}").get_data(as_text=True))

    @given(fields=st.dictionaries(st.sampled_from([f"q.{c}" for c in codes]) | st.text(max_size=12),
                                  st.text(max_size=30), max_size=5),
           action=st.sampled_from(["save", "submit", "confirm"]) | st.text(max_size=8), token_ok=st.booleans(),
           path=st.sampled_from([token, token[:-1], token + "x", "", "%00", "a" * 400]))
    @settings(max_examples=120, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def post(fields, action, token_ok, path):
        data = {**fields, "action": action, "csrf_token": csrf if token_ok else "x"}
        assert client.post(f"/s/{path}", data=data).status_code < 500
    post()
