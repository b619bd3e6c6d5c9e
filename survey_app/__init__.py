"""survey_app: the PAR INDEX sociological survey of Vietnam's Ministry of Home Affairs."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import settings
from survey_app import models  # noqa: F401  (every model registered before migrations and queries)
from survey_app.accounts.passwords import use_fast_hashing
from survey_app.core import audit, tokens
from survey_app.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config=None) -> Flask:
    """Wire the application: configuration, extensions, blueprints, commands and jobs."""
    app = Flask(__name__, template_folder="../templates", instance_path=str(settings.INSTANCE))
    app.config.from_object(config if config is not None else settings.load())
    if app.config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1, x_host=1)
    use_fast_hashing(app.config.get("PASSWORD_HASH_FAST", False))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(settings.ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app)
    tokens.init_app(app)
    audit.init_app(app)

    from survey_app import cli, web
    from survey_app.monitoring import notice_events, notice_mail
    notice_events.install()
    notice_mail.install()
    web.init_app(app)
    cli.init_app(app)
    return app
