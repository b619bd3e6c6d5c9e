"""What recomputes every score or rescans every response is limited per person (an app with limits on)."""

from flask import g

from survey_app.accounts.sessions import start_session
from survey_app.core.db import db

LIMIT = "2 per minute"


def _browser(limited, user):
    browser = limited.test_client()
    session_id = start_session(user, hours=1)
    db.session.commit()
    with browser.session_transaction() as session:
        session["_user_id"], session["_fresh"] = session_id, True
    return browser


def test_previews_share_one_limit_per_person_and_plain_pages_are_free(limited_app, make_user, make_campaign):
    campaign, limited = make_campaign(), limited_app(RECOMPUTE_RATE_LIMIT=LIMIT)
    first, second = make_user("moha_viewer"), make_user("moha_viewer")
    browser = _browser(limited, first)
    preview = f"/campaigns/{campaign.id}/scores/preview?locality=01"
    assert [browser.get(preview).status_code for _ in range(2)] == [200, 200]
    refused = browser.get(preview)
    assert refused.status_code == 429 and "thử quá nhiều lần" in refused.get_data(as_text=True)
    assert browser.get(f"/campaigns/{campaign.id}/integrity/flags/1?preview=responses").status_code == 429, \
        "the flag page's preview counts in the same limit"
    assert all(browser.get(f"/campaigns/{campaign.id}/scores/preview").status_code == 200 for _ in range(4)), \
        "the page without a void to preview computes nothing and is not limited"
    g.pop("_login_user", None)  # Flask-Login caches the user on the shared app context
    assert _browser(limited, second).get(preview).status_code == 200, "another person has their own count"


def test_the_api_counts_per_token_and_answers_429_in_vietnamese(limited_app, make_user, make_campaign,
                                                                api_headers):
    campaign, limited = make_campaign(), limited_app(RECOMPUTE_RATE_LIMIT=LIMIT)
    client, headers = limited.test_client(), api_headers(make_user("moha_admin"))
    url = f"/api/v1/campaigns/{campaign.id}/scores/preview"
    codes = [client.post(url, json={"scope": "locality", "locality": "01"}, headers=headers).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
    refused = client.post(f"/api/v1/campaigns/{campaign.id}/scores/compute", json={}, headers=headers)
    assert refused.status_code == 429 and "thử quá nhiều lần" in refused.get_json()["message"]
    spec = limited.test_client().get("/api/v1/openapi.json").get_json()
    assert "429" in spec["paths"]["/api/v1/campaigns/{cid}/scores/preview"]["post"]["responses"]
