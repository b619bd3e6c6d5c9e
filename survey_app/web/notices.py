"""The bell: a person's notices, the unread count on every page, and their choice about notice emails."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from survey_app.core.db import db
from survey_app.monitoring.notices import count_unread, list_notices, mark_seen, set_email, wants_email
from survey_app.web.campaigns import ActionForm
from survey_app.web.loaders import requires

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.app_context_processor
def bell():
    """The unread count for templates/notices/_bell.html (0 and no query when nobody is signed in)."""
    if not current_user.is_authenticated or request.blueprint in ("respond", "api", "static"):
        return {"unread_notices": 0}
    return {"unread_notices": count_unread(current_user)}


@bp.route("")
@requires("notification.read")
def list_notices_page():
    """The person's notices, newest first; opening the page marks them read."""
    notices = list_notices(current_user)
    unread = count_unread(current_user)
    mark_seen(current_user, notices)
    db.session.commit()
    return render_template("notices/list.html", notices=notices, unread=unread, form=ActionForm(),
                           wants_email=wants_email(current_user))


@bp.route("/email", methods=["POST"])
@requires("notification.read")
def set_notice_email():
    """Turn one's own notice emails on or off."""
    if ActionForm().validate_on_submit():
        wanted = request.form.get("email") == "on"
        set_email(current_user, wanted=wanted, actor=current_user)
        db.session.commit()
        flash("Anh/chị sẽ nhận thông báo qua thư." if wanted else
              "Anh/chị sẽ không nhận thông báo qua thư nữa; thông báo vẫn hiện ở biểu tượng chuông.", "info")
    return redirect(url_for("notices.list_notices_page"))
