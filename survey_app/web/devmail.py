"""The embedded mail catcher's inbox in the browser (only when MAIL_CATCHER_DIR is set)."""

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template

from survey_app.mailing.inbound import NotCaught, list_caught, read_caught

bp = Blueprint("devmail", __name__, url_prefix="/_mail")


def _maildir() -> Path:
    return Path(current_app.config["MAIL_CATCHER_DIR"])


@bp.route("/")
def inbox():
    """Every message the local mail catcher received, newest first."""
    return render_template("devmail/inbox.html", mails=list_caught(_maildir()))


@bp.route("/<mail_id>")
def show_mail(mail_id: str):
    try:
        mail = read_caught(_maildir(), mail_id)
    except NotCaught:
        abort(404)
    return render_template("devmail/show.html", mail=mail)
