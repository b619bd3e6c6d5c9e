"""The review desk: MOHA admins decide on flags and voids, viewers read, locality officers get 404."""

from functools import wraps

from flask import Blueprint
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from survey_app.accounts.permissions import ensure_integrity

bp = Blueprint("integrity", __name__, url_prefix="/campaigns/<int:cid>/integrity")


def desk(action: str):
    """A view decorator: signed in, MOHA (404 for officers: they never learn a flag exists), and `action`."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            ensure_integrity(current_user, action)
            return view(*args, **kwargs)
        return wrapper
    return decorate


class ReviewForm(FlaskForm):
    decision = SelectField("Quyết định", choices=[SelectChoice("dismissed", "Bỏ qua: không phải can thiệp"),
                                                  SelectChoice("confirmed", "Xác nhận: có dấu hiệu can thiệp")])
    reason = TextAreaField("Lý do (bắt buộc, ghi vào nhật ký)")


class ReasonForm(FlaskForm):
    reason = TextAreaField("Lý do (bắt buộc, ghi vào nhật ký)")
