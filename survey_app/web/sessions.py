"""Signed-cookie sessions for staff pages, and none on the respondent's pages.

The questionnaire link is the respondent's capability: nothing about a respondent lives in a session, yet
opening and saving one showed as about 7% of the page's time in a profile. There Flask gets its null
session, which refuses writes, so a later change that tries to use one fails loudly in the tests. The
session opens before the URL is matched, so the respondent's pages are known by their path.
"""

from flask.sessions import SecureCookieSessionInterface

from survey_app.extensions import RESPONDENT_PATH


class SessionInterface(SecureCookieSessionInterface):
    """One per app (web.init_app), so its cookie signer is built once rather than on every request."""

    _serializer = None

    def open_session(self, app, request):
        if request.path.startswith(RESPONDENT_PATH):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def get_signing_serializer(self, app):
        if self._serializer is None:
            self._serializer = super().get_signing_serializer(app)
        return self._serializer
