"""End to end over HTTP: one browser answers twelve invitations of a province, a scan flags them, a locality void
is requested and approved by a second admin, the links refuse answers, the void is revoked, the links work again."""

import requests

from survey_app.invitations.links import link_token
from tests.integrity.builders import dispatch_people, submit


def _honest(i, options):
    return options[(i * 7 + 3) % (len(options) - 1)]


def test_one_device_for_twelve_people_is_flagged_voided_and_restored(live_server, make_campaign, make_user,
                                                                     api_headers):
    campaign = make_campaign()
    invitations = dispatch_people(campaign, {"01": 15, "79": 10})
    browser = requests.Session()  # one device cookie for all twelve
    for invitation in invitations["01"][:12]:
        assert submit(browser, live_server, invitation, lambda i, options: options[0]) == 200
    for invitation in invitations["01"][12:14] + invitations["79"]:
        assert submit(requests.Session(), live_server, invitation, _honest) == 200
    first, second = api_headers(make_user("moha_admin")), api_headers(make_user("moha_admin"))
    api = f"{live_server}/api/v1/campaigns/{campaign.id}"

    assert requests.post(f"{api}/integrity/scan", headers=first).json()["flags"] >= 1
    flags = requests.get(f"{api}/integrity/flags", headers=first).json()
    [flag] = [f for f in flags if f["severity"] != "low" and f["rule"] == "shared_device"]
    assert flag["locality"] == "01" and sorted(flag["invitations"]) == [i.id for i in invitations["01"][:12]]
    risks = {row["code"]: row for row in requests.get(f"{api}/integrity/localities", headers=first).json()}
    assert risks["01"]["risk"] > risks["79"]["risk"] and risks["01"]["open_flags"] >= 1

    void = requests.post(f"{api}/voids", headers=first, json={
        "scope": "locality", "locality": "01", "reason": "Một thiết bị gửi 12 phiếu", "flags": [flag["id"]]})
    assert void.status_code == 201 and void.json()["status"] == "pending"
    vid = void.json()["id"]
    assert requests.post(f"{api}/voids/{vid}/approve", headers=first).status_code == 409, "not the requester"
    approved = requests.post(f"{api}/voids/{vid}/approve", headers=second)
    assert approved.status_code == 200 and approved.json()["status"] == "active"

    link = f"{live_server}/s/{link_token(invitations['01'][14])}"
    assert requests.get(link).status_code == 410
    refused = requests.post(link, json={"answers": {}, "action": "save"})
    assert refused.status_code == 409

    revoked = requests.post(f"{api}/voids/{vid}/revoke", headers=second, json={"reason": "Đã xác minh lại: hợp lệ"})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert requests.get(link).status_code == 200
    assert submit(requests.Session(), live_server, invitations["01"][14], _honest) == 200
    listed = requests.get(f"{api}/voids", headers=first).json()
    assert [v["status"] for v in listed] == ["revoked"] and listed[0]["flags"] == [flag["id"]]
