"""Signed-cookie sessions for staff pages, and none on the respondent's pages.

The questionnaire link is the respondent's capability: nothing about a respondent lives in a session, and
opening and checking the cookie cost about 6% of the page's time. There Flask gets its null session,
which refuses writes, so a later change that tries to use one fails loudly in the tests.
"""

from flask.sessions import SecureCookieSessionInterface

NO_SESSION_BLUEPRINTS = frozenset({"respond"})


class SessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request):
        if request.blueprint in NO_SESSION_BLUEPRINTS:
            return self.make_null_session(app)
        return super().open_session(app, request)
