"""The respondent page's hot path (docs/architecture.md): the blank form is kept per questionnaire version
with slots for each invitation's own values, so two respondents' pages differ in those values only and each
reads as the page rendered whole."""

import gzip
import re

from survey_app.invitations.links import link_token
from survey_app.web.respond import form_token
from tests.conftest import person
from tests.responses.conftest import dispatch_rows

OTHERS = re.compile(r'<section class="others">.*?</section>', re.S)


def _two_respondents(make_campaign):
    """Two department leaders' invitations to the same questionnaire about different units (their ministries)."""
    rows = [person(1, group="LD_SO", org="Sở Y tế"), person(2, group="LD_SO", org="Sở Tư pháp")]
    invitations = dispatch_rows(make_campaign(), rows)
    return [next(i for i in invitations if i.respondent_id == r and i.questionnaire.code != "TINH_LD_SO")
            for r in sorted({i.respondent_id for i in invitations})]


def _page(client, invitation) -> str:
    return client.get(f"/s/{link_token(invitation)}").get_data(as_text=True)


def _without_own_values(app, client, invitation, page: str) -> str:
    """The page with the invitation's own values (unit, form token, other links) put back as slot names."""
    about = client.get(f"/s/{link_token(invitation)}", headers={"Accept": "application/json"}).get_json()["about"]
    with app.test_request_context():
        page = page.replace(form_token(invitation), "«csrf»")
    return OTHERS.sub("«others»", page.replace(about, "«about»"))


def test_two_respondents_pages_differ_only_in_their_own_values(app, client, make_campaign):
    first, second = _two_respondents(make_campaign)
    pages = [_page(client, first), _page(client, second)]
    assert pages[0] != pages[1] and "Bộ Y tế" in pages[0] and "Bộ Tư pháp" in pages[1]
    assert "«others»" in _without_own_values(app, client, first, pages[0])
    assert _without_own_values(app, client, first, pages[0]) == _without_own_values(app, client, second, pages[1])


def test_a_kept_blank_form_reads_as_the_page_rendered_whole(app, client, make_campaign):
    """Blank forms are rendered once per questionnaire and filled in with the invitation's own values."""
    first, second = _two_respondents(make_campaign)
    _page(client, first)
    kept = _page(client, second)
    app.debug = True  # nothing is kept: the page is rendered whole
    try:
        whole = _page(client, second)
    finally:
        app.debug = False
    assert kept == whole
    own_links = client.get(f"/s/{link_token(second)}", headers={"Accept": "application/json"}).get_json()["other_links"]
    assert len(own_links) == 1 and own_links[0]["url"] in kept
    with app.test_request_context():
        assert form_token(second) in kept and form_token(first) not in kept
    assert link_token(first) not in kept and "\ue000" not in kept


def test_the_gzipped_blank_form_inflates_to_the_page_rendered_whole(app, client, make_campaign):
    """The kept form is sent compressed with only the own values framed in; a browser reads the same page."""
    first, second = _two_respondents(make_campaign)
    _page(client, first)
    response = client.get(f"/s/{link_token(second)}", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) == len(response.data) < 12_000
    app.debug = True
    try:
        whole = _page(client, second)
    finally:
        app.debug = False
    assert gzip.decompress(response.data).decode() == whole
