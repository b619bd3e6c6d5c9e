"""The whole path over HTTP: list upload → submit → approve → dispatch → SMTP → answer → progress."""

import email
import re
from email import policy

import requests

from tests.conftest import PASSWORD, person, xlsx_bytes


class Http:
    """A real HTTP client against the live server, shaped like Flask's test client for readability."""

    def __init__(self, base: str) -> None:
        self.base, self.session = base, requests.Session()

    def get(self, path, **kw):
        return _Reply(self.session.get(self.base + path, timeout=30, **kw))

    def post(self, path, data=None, **kw):
        files = {k: (v[1], v[0]) for k, v in (data or {}).items() if isinstance(v, tuple)}
        fields = {k: v for k, v in (data or {}).items() if not isinstance(v, tuple)}
        return _Reply(self.session.post(self.base + path, data=fields or None, files=files or None, timeout=30, **kw))


class _Reply:
    def __init__(self, response) -> None:
        self.status_code, self._response = response.status_code, response

    def get_json(self):
        return self._response.json()


def _token(client, user):
    r = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert r.status_code == 200, r.get_json()
    return {"Authorization": f"Bearer {r.get_json()['token']}"}


def _links(message_bytes: bytes) -> list[str]:
    msg = email.message_from_bytes(message_bytes, policy=policy.default)
    text = msg.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"https?://\S+/s/[\w.-]+", text)


def test_list_to_answer_through_the_api(app, live_server, make_user, smtp_server):
    client = Http(live_server)
    admin = make_user("moha_admin")
    officer = make_user("locality_officer", locality="01")
    moha, loc = _token(client, admin), _token(client, officer)

    r = client.post("/api/v1/campaigns", headers=moha, json={
        "code": "PAR2025", "title": "PAR INDEX 2025", "year": 2025, "model": "par-2025",
        "list_deadline": "2099-12-20T17:00:00+07:00", "response_deadline": "2100-01-10T17:00:00+07:00"})
    assert r.status_code == 201, r.get_json()
    cid = r.get_json()["id"]
    assert client.post(f"/api/v1/campaigns/{cid}/open", headers=moha).get_json()["status"] == "collecting"

    rows = [person(1, group="HDND", org="HĐND thành phố Hà Nội", position="Đại biểu"),
            person(2, group="LD_SO", org="Sở Y tế"),
            person(3, group="Lãnh đạo phòng thuộc sở", org="Phòng Pháp chế, Sở Tư pháp", ministry="Bộ Tư pháp")]
    r = client.post(f"/api/v1/campaigns/{cid}/lists/01/import", headers=loc,
                    data={"file": (xlsx_bytes(rows), "ds.xlsx"), "mode": "replace"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["accepted"] == 3
    listed = client.get(f"/api/v1/campaigns/{cid}/lists/01", headers=loc).get_json()
    assert {p["managing_ministry"] for p in listed["respondents"]} == {None, "BYT", "BTP"}

    assert client.post(f"/api/v1/campaigns/{cid}/lists/01/submit", headers=loc).get_json()["status"] == "submitted"
    assert client.post(f"/api/v1/campaigns/{cid}/lists/01/approve", headers=moha).status_code == 200

    r = client.post(f"/api/v1/campaigns/{cid}/dispatch", headers=moha, json={})
    assert r.get_json() == {"invitations_created": 5, "messages_queued": 3}
    assert client.post(f"/api/v1/campaigns/{cid}/dispatch", headers=moha, json={}).get_json() == \
        {"invitations_created": 0, "messages_queued": 0}

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port)
    result = app.test_cli_runner().invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0, result.output
    # The officers' notices (list approved, dispatch done) go out by the same worker, to their own accounts.
    rcpts = sorted(m.rcpt_tos[0] for m in smtp_server.messages)
    assert [r for r in rcpts if r.endswith("@hanoi.gov.vn")] == [
        "nvthu1@hanoi.gov.vn", "nvthu2@hanoi.gov.vn", "nvthu3@hanoi.gov.vn"]
    assert all(r.endswith("@moha.gov.vn") for r in rcpts if not r.endswith("@hanoi.gov.vn"))
    assert client.get(f"/api/v1/campaigns/{cid}/mail-status", headers=moha).get_json()["sent"] == 3

    leader = next(m for m in smtp_server.messages if m.rcpt_tos == ["nvthu2@hanoi.gov.vn"])
    links = _links(leader.content)
    assert len(links) == 2, "a department leader gets the province and the managing-ministry questionnaire"
    assert links[0].startswith(live_server + "/s/")
    path = links[0][len(live_server) + 1:]
    form = client.get("/" + path, headers={"Accept": "application/json"}).get_json()
    assert form["status"] == "draft"
    answers = {q["code"]: q["options"][0]["value"]
               for s in form["questionnaire"]["sections"] for q in s["questions"]}
    r = client.post("/" + path, json={"answers": answers, "action": "submit"})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["status"] == "submitted" and r.get_json()["receipt"]
    again = client.post("/" + path, json={"answers": answers, "action": "submit"})
    assert again.status_code == 409

    progress = client.get(f"/api/v1/campaigns/{cid}/progress", headers=loc).get_json()
    hanoi = progress["localities"][0]
    assert (hanoi["code"], hanoi["invited"], hanoi["sent"], hanoi["opened"], hanoi["submitted"]) == ("01", 5, 5, 1, 1)
