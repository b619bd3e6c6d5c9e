"""The web layer: thin blueprints over the domain rules."""

from flask import Flask, current_app, g

from survey_app.accounts.models import ROLE_LABELS
from survey_app.accounts.permissions import can
from survey_app.accounts.sessions import user_for_session
from survey_app.core.clock import show
from survey_app.core.text import number
from survey_app.extensions import csrf, login_manager
from survey_app.mailing.reply_words import plain_reply
from survey_app.web.sessions import SessionInterface


def init_app(app: Flask) -> None:
    from survey_app.web import (
        accounts,
        api,
        audit_log,
        auth,
        campaign_settings,
        campaigns,
        charts,
        corrections,
        errors,
        guards,
        help_pages,
        home,
        integrity,
        list_decisions,  # noqa: F401  (its routes join the lists blueprint)
        list_rows,
        lists,
        mail,
        monitoring,
        navigation,
        notices,
        progress,
        questionnaires,
        respond,
        scores,
    )
    guards.init_app(app)
    for module in (auth, accounts, home, campaigns, campaign_settings, lists, list_rows, mail, corrections, monitoring,
                   notices, progress, questionnaires, respond, scores, integrity, audit_log, help_pages, api, errors):
        app.register_blueprint(module.bp)
    csrf.exempt(api.bp)
    csrf.exempt(respond.bp)
    if app.config.get("MAIL_CATCHER_DIR"):
        from survey_app.web import devmail
        app.register_blueprint(devmail.bp)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    # The cookie holds a server-side session id (accounts/sessions.py), never the user id.
    login_manager.user_loader(lambda session_id: user_for_session(session_id) if len(session_id) < 100 else None)
    app.jinja_env.filters["show"] = show
    app.jinja_env.filters["number"] = number
    app.jinja_env.globals.update(can=can, ROLE_LABELS=ROLE_LABELS, plain_reply=plain_reply)
    charts.init_app(app)
    navigation.init_app(app)
    app.after_request(_security_headers)
    app.session_interface = SessionInterface()


#: Sent with every response unless a view set its own.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                "frame-ancestors 'none'; form-action 'self'"),
)


def _security_headers(response):
    present = {name.lower() for name in response.headers.keys()}  # one pass, not one search per header
    response.headers.extend([(name, value) for name, value in SECURITY_HEADERS if name.lower() not in present])
    if seconds := current_app.config["HSTS_SECONDS"]:
        response.headers["Strict-Transport-Security"] = f"max-age={seconds}; includeSubDomains"
    if g.get("no_store"):
        response.headers["Cache-Control"] = "no-store"
    return response
