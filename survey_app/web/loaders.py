"""Load-and-authorise helpers shared by the HTML blueprints."""

from functools import wraps

from flask_login import current_user, login_required

from survey_app.accounts.permissions import ensure


def requires(action: str):
    """A view decorator: signed in, and the role allows `action` (403 otherwise)."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            ensure(current_user, action)
            return view(*args, **kwargs)
        return wrapper
    return decorate
