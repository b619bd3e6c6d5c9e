"""Every route × every role: who gets in, who gets 403, and who gets 404 for another locality's objects."""

import re

import pytest

from survey_app.core.db import db as _db
from survey_app.respondents.importing import import_list
from survey_app.respondents.services import get_list_or_404
from tests.conftest import person, xlsx_bytes

OK = "ok"  # allowed: any answer but 401, 403, 404 or 500
ROLES = ("anonymous", "admin", "viewer", "officer", "other")
ADMIN_ONLY = {"anonymous": "login", "admin": OK, "viewer": 403, "officer": 403, "other": 403}
EVERYONE = {"anonymous": "login", "admin": OK, "viewer": OK, "officer": OK, "other": OK}
OWN_LIST_READ = {"anonymous": "login", "admin": OK, "viewer": OK, "officer": OK, "other": 404}
OWN_LIST_EDIT = {"anonymous": "login", "admin": OK, "viewer": 403, "officer": OK, "other": 404}
PUBLIC = dict.fromkeys(ROLES, OK)
MOHA_ONLY = {"anonymous": "login", "admin": OK, "viewer": OK, "officer": 403, "other": 403}
#: Integrity is MOHA's alone: a locality officer never learns a flag, a risk or a void exists.
INTEGRITY_READ = {"anonymous": "login", "admin": OK, "viewer": OK, "officer": 404, "other": 404}
INTEGRITY_DECIDE = {"anonymous": "login", "admin": OK, "viewer": 403, "officer": 404, "other": 404}
NO_RESULT = {"anonymous": "login", "admin": 404, "viewer": 404, "officer": 404, "other": 404}

#: (endpoint, method, url, expectations); {cid} is a campaign, the list is locality 01's (the officer's).
MATRIX = [
    ("auth.login", "GET", "/login", PUBLIC),
    ("auth.login", "POST", "/login", PUBLIC),
    ("auth.logout", "POST", "/logout", EVERYONE),
    ("home.index", "GET", "/", EVERYONE),
    ("campaigns.new_campaign", "GET", "/campaigns/new", ADMIN_ONLY),
    ("campaigns.new_campaign", "POST", "/campaigns/new", ADMIN_ONLY),
    ("campaigns.show_campaign", "GET", "/campaigns/{cid}", EVERYONE),
    ("campaigns.open_campaign", "POST", "/campaigns/{cid}/open", ADMIN_ONLY),
    ("campaigns.dispatch_campaign", "POST", "/campaigns/{cid}/dispatch", ADMIN_ONLY),
    ("lists.show_list", "GET", "/campaigns/{cid}/lists/01", OWN_LIST_READ),
    ("lists.upload_list", "POST", "/campaigns/{cid}/lists/01/upload", OWN_LIST_EDIT),
    ("lists.submit_list", "POST", "/campaigns/{cid}/lists/01/submit", OWN_LIST_EDIT),
    ("lists.approve_list", "POST", "/campaigns/{cid}/lists/01/approve", ADMIN_ONLY),
    ("lists.return_list", "POST", "/campaigns/{cid}/lists/01/return", ADMIN_ONLY),
    ("lists.reopen_list", "POST", "/campaigns/{cid}/lists/01/reopen", ADMIN_ONLY),
    ("list_rows.add_row", "GET", "/campaigns/{cid}/lists/01/rows/new", OWN_LIST_EDIT),
    ("list_rows.add_row", "POST", "/campaigns/{cid}/lists/01/rows/new", OWN_LIST_EDIT),
    ("list_rows.edit_row", "GET", "/campaigns/{cid}/lists/01/rows/{rid}/edit", OWN_LIST_EDIT),
    ("list_rows.edit_row", "POST", "/campaigns/{cid}/lists/01/rows/{rid}/edit", OWN_LIST_EDIT),
    ("list_rows.remove_row", "POST", "/campaigns/{cid}/lists/01/rows/{rid}/delete", OWN_LIST_EDIT),
    ("progress.show_progress", "GET", "/campaigns/{cid}/progress/01", OWN_LIST_READ),
    ("progress.export_progress", "GET", "/campaigns/{cid}/progress/01/export.xlsx", OWN_LIST_READ),
    ("lists.export_xlsx", "GET", "/campaigns/{cid}/lists/01/export.xlsx", OWN_LIST_READ),
    ("respond.show", "GET", "/s/not-a-token", dict.fromkeys(ROLES, 404)),
    ("respond.answer", "POST", "/s/not-a-token", dict.fromkeys(ROLES, 404)),
    ("questionnaires.preview_questionnaire", "GET", "/campaigns/{cid}/questionnaires/TINH_HDND/preview", MOHA_ONLY),
    ("questionnaires.export_questionnaire", "GET", "/campaigns/{cid}/questionnaires/TINH_HDND.xlsx", MOHA_ONLY),
    ("questionnaires.load_questionnaire", "GET", "/campaigns/{cid}/questionnaires/load", ADMIN_ONLY),
    ("questionnaires.load_questionnaire", "POST", "/campaigns/{cid}/questionnaires/load", ADMIN_ONLY),
    ("mail.show_mail", "GET", "/campaigns/{cid}/mail", EVERYONE),
    ("mail.show_mail", "GET", "/campaigns/{cid}/mail?locality=01", OWN_LIST_READ),
    ("mail.resend_message", "POST", "/campaigns/{cid}/mail/01/resend", OWN_LIST_EDIT),
    ("mail.remind_locality", "POST", "/campaigns/{cid}/mail/01/reminders", OWN_LIST_EDIT),
    ("mail.edit_template", "GET", "/campaigns/{cid}/mail/templates/invite", ADMIN_ONLY),
    ("mail.edit_template", "POST", "/campaigns/{cid}/mail/templates/invite", ADMIN_ONLY),
    ("mail.test_template", "POST", "/campaigns/{cid}/mail/templates/invite/test", ADMIN_ONLY),
    ("static", "GET", "/static/app.css", PUBLIC),
    # hardening (issue 10)
    ("corrections.list_corrections", "GET", "/campaigns/{cid}/mail/corrections", MOHA_ONLY),
    ("corrections.show_correction", "GET", "/campaigns/{cid}/mail/corrections/999999",
     {**MOHA_ONLY, "admin": 404, "viewer": 404}),  # no such correction: MOHA gets past the role check
    ("corrections.approve_correction", "POST", "/campaigns/{cid}/mail/corrections/999999/approve",
     {**ADMIN_ONLY, "admin": 404}),
    ("corrections.refuse_correction", "POST", "/campaigns/{cid}/mail/corrections/999999/refuse",
     {**ADMIN_ONLY, "admin": 404}),
    # integrity (issue 11)
    ("integrity.show_queue", "GET", "/campaigns/{cid}/integrity", INTEGRITY_READ),
    ("integrity.show_queue", "GET", "/campaigns/{cid}/integrity?severity=high&status=open&locality=01",
     INTEGRITY_READ),
    ("integrity.scan_now", "POST", "/campaigns/{cid}/integrity/scan", INTEGRITY_DECIDE),
    ("integrity.show_flag", "GET", "/campaigns/{cid}/integrity/flags/999999", {**INTEGRITY_READ, "admin": 404,
                                                                              "viewer": 404}),
    ("integrity.review_flag_page", "POST", "/campaigns/{cid}/integrity/flags/999999/review",
     {**INTEGRITY_DECIDE, "admin": 404}),
    ("integrity.list_void_pages", "GET", "/campaigns/{cid}/integrity/voids", INTEGRITY_READ),
    ("integrity.new_void", "GET", "/campaigns/{cid}/integrity/voids/new?locality=01", INTEGRITY_DECIDE),
    ("integrity.new_void", "POST", "/campaigns/{cid}/integrity/voids/new?locality=01", INTEGRITY_DECIDE),
    ("integrity.show_void", "GET", "/campaigns/{cid}/integrity/voids/999999", {**INTEGRITY_READ, "admin": 404,
                                                                              "viewer": 404}),
    ("integrity.approve_void_page", "POST", "/campaigns/{cid}/integrity/voids/999999/approve",
     {**INTEGRITY_DECIDE, "admin": 404}),
    ("integrity.revoke_void_page", "POST", "/campaigns/{cid}/integrity/voids/999999/revoke",
     {**INTEGRITY_DECIDE, "admin": 404}),
    # scoring (issue 12)
    ("scores.show_ranking", "GET", "/campaigns/{cid}/scores", EVERYONE),
    ("scores.show_ranking", "GET", "/campaigns/{cid}/scores?sort=name", EVERYONE),
    # nothing computed yet: past the role check everyone finds no result (tests/scoring/test_pages.py has more)
    ("scores.show_unit", "GET", "/campaigns/{cid}/scores/units/01", {**NO_RESULT, "other": 404}),
    ("scores.show_criterion", "GET", "/campaigns/{cid}/scores/units/01/criteria/TC1.6",
     {**MOHA_ONLY, "admin": 404, "viewer": 404}),
    ("scores.export_report", "GET", "/campaigns/{cid}/scores/report.xlsx", NO_RESULT),
    ("scores.show_model", "GET", "/campaigns/{cid}/scores/model", MOHA_ONLY),
    ("scores.compute_ranking", "POST", "/campaigns/{cid}/scores/compute", ADMIN_ONLY),
    ("scores.publish_ranking", "GET", "/campaigns/{cid}/scores/publish", ADMIN_ONLY),
    ("scores.publish_ranking", "POST", "/campaigns/{cid}/scores/publish", ADMIN_ONLY),
    ("scores.show_appraisal", "GET", "/campaigns/{cid}/scores/appraisal", MOHA_ONLY),
    ("scores.upload_appraisal_page", "POST", "/campaigns/{cid}/scores/appraisal", ADMIN_ONLY),
    ("scores.appraisal_template", "GET", "/campaigns/{cid}/scores/appraisal/template.xlsx", MOHA_ONLY),
    ("scores.preview_void_page", "GET", "/campaigns/{cid}/scores/preview?locality=79", MOHA_ONLY),
    # monitoring (issue 13)
    ("monitoring.show_overview", "GET", "/campaigns/{cid}/overview", MOHA_ONLY),
    ("monitoring.show_overview", "GET", "/campaigns/{cid}/overview?sort=rate&order=desc&kind=province&q=h&list=none",
     MOHA_ONLY),
    ("monitoring.export_units", "GET", "/campaigns/{cid}/overview/units.xlsx", MOHA_ONLY),
    ("monitoring.export_groups", "GET", "/campaigns/{cid}/overview/groups.xlsx", MOHA_ONLY),
    ("monitoring.export_series", "GET", "/campaigns/{cid}/overview/series.csv", MOHA_ONLY),
    ("monitoring.show_evaluated", "GET", "/campaigns/{cid}/overview/evaluated", MOHA_ONLY),
    ("progress.show_progress", "GET", "/campaigns/{cid}/progress/01?only=bounced&org=x", OWN_LIST_READ),
    ("progress.export_series", "GET", "/campaigns/{cid}/progress/01/series.csv", OWN_LIST_READ),
    ("progress.preview_reminders", "GET", "/campaigns/{cid}/progress/01/reminders", OWN_LIST_EDIT),
    ("progress.send_reminders", "POST", "/campaigns/{cid}/progress/01/reminders", OWN_LIST_EDIT),
    ("notices.list_notices_page", "GET", "/notices", EVERYONE),
    ("notices.set_notice_email", "POST", "/notices/email", EVERYONE),
    # administration (issue 14)
    ("campaign_settings.edit_settings", "GET", "/campaigns/{cid}/settings", ADMIN_ONLY),
    ("campaign_settings.edit_settings", "POST", "/campaigns/{cid}/settings", ADMIN_ONLY),
    ("campaigns.dispatch_campaign", "GET", "/campaigns/{cid}/dispatch", ADMIN_ONLY),
    ("lists.submit_list", "GET", "/campaigns/{cid}/lists/01/submit", OWN_LIST_EDIT),
    ("lists.approve_list", "GET", "/campaigns/{cid}/lists/01/approve", ADMIN_ONLY),
    ("lists.return_list", "GET", "/campaigns/{cid}/lists/01/return", ADMIN_ONLY),
    ("lists.download_template", "GET", "/campaigns/{cid}/lists/01/template.xlsx", OWN_LIST_READ),
    ("audit_log.list_audit", "GET", "/audit", MOHA_ONLY),
    ("audit_log.list_audit", "GET", "/audit?who=moha&what=list&object_type=campaigns&since=2026-01-01&page=2",
     MOHA_ONLY),
    ("audit_log.show_audit_entry", "GET", "/audit/1", MOHA_ONLY),
    ("audit_log.show_audit_entry", "GET", "/audit/99999999", {**MOHA_ONLY, "admin": 404, "viewer": 404}),
    ("audit_log.export_audit", "GET", "/audit/export.xlsx?since=2026-01-01&until=2026-12-31", MOHA_ONLY),
    ("help_pages.show_help", "GET", "/help", EVERYONE),
    # administration: accounts and passwords (issue 14 items 1-2, issue 10 item 4); {uid} is the officer's account
    ("auth.forgot_password", "GET", "/password/forgot", PUBLIC),
    ("auth.forgot_password", "POST", "/password/forgot", PUBLIC),
    ("auth.set_password", "GET", "/password/not-a-token", dict.fromkeys(ROLES, 404)),
    ("auth.set_password", "POST", "/password/not-a-token", dict.fromkeys(ROLES, 404)),
    ("auth.change_own_password", "GET", "/account/password", EVERYONE),
    ("auth.change_own_password", "POST", "/account/password", EVERYONE),
    ("accounts.list_users", "GET", "/accounts", ADMIN_ONLY),
    ("accounts.list_users", "GET", "/accounts?q=moha&role=locality_officer&locality=01&state=active&page=2",
     ADMIN_ONLY),
    ("accounts.new_user", "GET", "/accounts/new", ADMIN_ONLY),
    ("accounts.new_user", "POST", "/accounts/new", ADMIN_ONLY),
    ("accounts.import_users", "GET", "/accounts/import", ADMIN_ONLY),
    ("accounts.import_users", "POST", "/accounts/import", ADMIN_ONLY),
    ("accounts.users_template", "GET", "/accounts/template.xlsx", ADMIN_ONLY),
    ("accounts.show_user", "GET", "/accounts/{uid}", ADMIN_ONLY),
    ("accounts.change_user_role", "POST", "/accounts/{uid}/role", ADMIN_ONLY),
    ("accounts.deactivate_user", "POST", "/accounts/{uid}/deactivate", ADMIN_ONLY),
    ("accounts.reactivate_user", "POST", "/accounts/{uid}/reactivate", ADMIN_ONLY),
    ("accounts.unlock_user", "POST", "/accounts/{uid}/unlock", ADMIN_ONLY),
    ("accounts.invite_again", "POST", "/accounts/{uid}/invite", ADMIN_ONLY),
    ("accounts.show_user", "GET", "/accounts/2147483647", {**ADMIN_ONLY, "admin": 404}),
    # past 2³¹−1 no <int:> route matches (issue 10 item 6): a 404 for everyone, signed in or not
    ("accounts.show_user", "GET", "/accounts/99999999999", dict.fromkeys(ROLES, 404)),
]
API_ANON = {"anonymous": 401}
API_MATRIX = [
    ("api.reissue_invitation_link", "POST", "/api/v1/invitations/999999/reissue",
     {**ADMIN_ONLY, **API_ANON, "admin": 404}),  # no such invitation: the admin gets past the role check
    ("api.issue_token", "POST", "/api/v1/auth/token", dict.fromkeys(ROLES, 401)),  # no credentials sent
    ("api.openapi", "GET", "/api/v1/openapi.json", PUBLIC),
    ("api.list_localities_api", "GET", "/api/v1/localities", {**EVERYONE, **API_ANON}),
    ("api.create_campaign", "POST", "/api/v1/campaigns", {**ADMIN_ONLY, **API_ANON}),
    ("api.list_campaigns", "GET", "/api/v1/campaigns", {**EVERYONE, **API_ANON}),
    ("api.show_campaign", "GET", "/api/v1/campaigns/{cid}", {**EVERYONE, **API_ANON}),
    ("api.open_campaign", "POST", "/api/v1/campaigns/{cid}/open", {**ADMIN_ONLY, **API_ANON}),
    ("api.respondent_list_template", "GET", "/api/v1/templates/respondent-list.xlsx", {**EVERYONE, **API_ANON}),
    ("api.show_list", "GET", "/api/v1/campaigns/{cid}/lists/01", {**OWN_LIST_READ, **API_ANON}),
    ("api.import_list_api", "POST", "/api/v1/campaigns/{cid}/lists/01/import", {**OWN_LIST_EDIT, **API_ANON}),
    ("api.submit_list", "POST", "/api/v1/campaigns/{cid}/lists/01/submit", {**OWN_LIST_EDIT, **API_ANON}),
    ("api.approve_list", "POST", "/api/v1/campaigns/{cid}/lists/01/approve", {**ADMIN_ONLY, **API_ANON}),
    ("api.return_list", "POST", "/api/v1/campaigns/{cid}/lists/01/return", {**ADMIN_ONLY, **API_ANON}),
    ("api.dispatch_api", "POST", "/api/v1/campaigns/{cid}/dispatch", {**ADMIN_ONLY, **API_ANON}),
    ("api.mail_status", "GET", "/api/v1/campaigns/{cid}/mail-status?locality=01", {**OWN_LIST_READ, **API_ANON}),
    ("api.send_reminders_api", "POST", "/api/v1/campaigns/{cid}/reminders",
     {**OWN_LIST_EDIT, "other": OK, **API_ANON}),  # an officer's own locality is implied
    ("api.progress", "GET", "/api/v1/campaigns/{cid}/progress?locality=01", {**OWN_LIST_READ, **API_ANON}),
    # hardening (issue 10)
    # integrity (issue 11)
    ("api.scan_integrity", "POST", "/api/v1/campaigns/{cid}/integrity/scan", {**INTEGRITY_DECIDE, **API_ANON}),
    ("api.list_integrity_flags", "GET", "/api/v1/campaigns/{cid}/integrity/flags", {**INTEGRITY_READ, **API_ANON}),
    ("api.list_integrity_localities", "GET", "/api/v1/campaigns/{cid}/integrity/localities",
     {**INTEGRITY_READ, **API_ANON}),
    ("api.review_integrity_flag", "POST", "/api/v1/campaigns/{cid}/integrity/flags/999999/review",
     {**INTEGRITY_DECIDE, **API_ANON, "admin": 404}),  # no such flag: the admin gets past the role check
    ("api.create_void", "POST", "/api/v1/campaigns/{cid}/voids", {**INTEGRITY_DECIDE, **API_ANON}),
    ("api.list_voids_api", "GET", "/api/v1/campaigns/{cid}/voids", {**INTEGRITY_READ, **API_ANON}),
    ("api.approve_void_api", "POST", "/api/v1/campaigns/{cid}/voids/999999/approve",
     {**INTEGRITY_DECIDE, **API_ANON, "admin": 404}),
    ("api.revoke_void_api", "POST", "/api/v1/campaigns/{cid}/voids/999999/revoke",
     {**INTEGRITY_DECIDE, **API_ANON, "admin": 404}),
    # scoring (issue 12)
    ("api.compute_scores_api", "POST", "/api/v1/campaigns/{cid}/scores/compute", {**ADMIN_ONLY, **API_ANON}),
    ("api.show_scores", "GET", "/api/v1/campaigns/{cid}/scores", {**EVERYONE, **API_ANON}),
    ("api.preview_scores", "POST", "/api/v1/campaigns/{cid}/scores/preview", {**MOHA_ONLY, **API_ANON}),
    ("api.publish_scores_api", "POST", "/api/v1/campaigns/{cid}/scores/publish", {**ADMIN_ONLY, **API_ANON}),
    ("api.upload_appraisal", "POST", "/api/v1/campaigns/{cid}/appraisal", {**ADMIN_ONLY, **API_ANON}),
    ("api.appraisal_template_api", "GET", "/api/v1/templates/appraisal.xlsx?campaign={cid}",
     {**MOHA_ONLY, **API_ANON}),
    # monitoring (issue 13)
    # administration (issue 14)
]


@pytest.fixture
def actors(make_user):
    return {"admin": make_user("moha_admin"), "viewer": make_user("moha_viewer"),
            "officer": make_user("locality_officer", locality="01"),
            "other": make_user("locality_officer", locality="79")}


def csrf_token(client) -> str:
    """A valid CSRF token for the client's session, read from a public page."""
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _check(response, expected, role):
    if expected == OK:
        assert response.status_code not in (401, 403, 404, 500), (role, response.status_code)
    elif expected == "login":
        assert response.status_code in (302, 401) and (response.status_code == 401 or "/login" in response.location)
    else:
        assert response.status_code == expected, (role, response.status_code)


def test_every_route_is_in_the_matrix(app):
    covered = {(endpoint, method) for endpoint, method, _, _ in MATRIX + API_MATRIX}
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - covered == set(), "add the new routes to the access matrix"


@pytest.mark.parametrize("endpoint,method,url,expected", MATRIX, ids=[f"{m[1]} {m[2]}" for m in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_pages(client, login_as, actors, make_campaign, role, endpoint, method, url, expected):
    campaign = make_campaign()
    lst = get_list_or_404(campaign.id, "01", actors["admin"])
    import_list(lst, xlsx_bytes([person(1)]), "a.xlsx", mode="replace", max_bytes=10**6, actor=actors["admin"])
    _db.session.commit()
    if role != "anonymous":
        login_as(actors[role])
    data = {"csrf_token": csrf_token(client)} if method == "POST" else None
    response = client.open(url.format(cid=campaign.id, rid=lst.respondents[0].id, uid=actors["officer"].id),
                           method=method, data=data)
    _check(response, expected[role], role)


@pytest.mark.parametrize("endpoint,method,url,expected", API_MATRIX, ids=[f"{m[1]} {m[2]}" for m in API_MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_api(client, api_headers, actors, make_campaign, role, endpoint, method, url, expected):
    campaign = make_campaign()
    headers = {} if role == "anonymous" else api_headers(actors[role])
    kwargs = {"json": {}} if method == "POST" else {}
    if endpoint == "api.import_list_api":
        kwargs = {"data": {"file": (__import__("io").BytesIO(xlsx_bytes([person(1)])), "a.xlsx")}}
    response = client.open(url.format(cid=campaign.id), method=method, headers=headers, **kwargs)
    _check(response, expected[role], role)


def test_another_localitys_list_is_404_even_when_it_exists(client, api_headers, actors, make_campaign):
    campaign = make_campaign()
    officer = api_headers(actors["officer"])
    assert client.get(f"/api/v1/campaigns/{campaign.id}/lists/01", headers=officer).status_code == 200
    assert client.get(f"/api/v1/campaigns/{campaign.id}/lists/79", headers=officer).status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign.id}/lists/XX", headers=officer).status_code == 404
    assert client.get(f"/api/v1/campaigns/{campaign.id}/progress", headers=officer).status_code == 200
