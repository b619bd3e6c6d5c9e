"""Sign in and out, and passwords: rate-limited, with lock-out, server-side sessions and mailed links."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from survey_app.accounts.password_links import change_password, open_link, request_reset, set_password_by_link
from survey_app.accounts.services import authenticate
from survey_app.accounts.sessions import end_session, start_session
from survey_app.core.db import db
from survey_app.core.errors import InvalidInput, NotFound
from survey_app.extensions import limiter
from survey_app.mailing.account_mail import queue_password_mail
from survey_app.web.auth_forms import ChangePasswordForm, ForgotForm, LoginForm, SetPasswordForm
from survey_app.web.redirects import local_path

bp = Blueprint("auth", __name__)
FAILED = ("Địa chỉ thư hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa do đăng nhập sai nhiều lần. "
          "Hãy thử lại sau 15 phút, chọn “Quên mật khẩu?”, hoặc liên hệ quản trị Bộ Nội vụ.")
SENT = ("Nếu địa chỉ này có tài khoản đang hoạt động, một thư có đường dẫn đặt lại mật khẩu vừa được gửi tới đó. "
        "Hãy kiểm tra hộp thư (cả mục thư rác) trong vài phút tới.")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _sign_in(user) -> None:
    """Start a server-side session and put its id, not the user id, in the cookie."""
    user.session_token = start_session(user, hours=current_app.config["SESSION_HOURS"])
    db.session.commit()
    session.clear()  # a fresh cookie after sign-in: nothing set before it carries over
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with email and password; after several failures the account locks for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data,
                            max_failures=current_app.config["LOGIN_MAX_FAILURES"],
                            lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        db.session.commit()
        if user:
            _sign_in(user)
            return redirect(local_path(request.args.get("next")) or url_for("home.index"))
        flash(FAILED, "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out: the session ends on the server too, so a copy of the cookie no longer works."""
    end_session(current_user.session_token)
    db.session.commit()
    logout_user()
    flash("Anh/chị đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Mail a reset link to the address if it has an account; the answer is the same either way."""
    form = ForgotForm()
    if form.validate_on_submit():
        if link := request_reset(form.email.data):
            queue_password_mail(link)
        db.session.commit()
        flash(SENT, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def _live_link(token: str):
    if len(token) > 200 or (link := open_link(token)) is None:
        raise NotFound("Đường dẫn đặt mật khẩu không đúng, đã được dùng hoặc đã hết hạn. "
                       "Hãy chọn “Quên mật khẩu?” ở trang đăng nhập để nhận đường dẫn mới.")
    return link


@bp.route("/password/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def set_password(token: str):
    """Set a password from a mailed link (single use, expiring); every session of the account ends."""
    link = _live_link(token)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_by_link(link, form.password.data)
        except InvalidInput as exc:
            form.password.errors = [e["message"] for e in exc.errors]
        else:
            db.session.commit()
            flash("Đã đặt mật khẩu. Hãy đăng nhập bằng mật khẩu mới.", "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=link.user, purpose=link.purpose)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_login_limit, methods=["POST"])
def change_own_password():
    """A signed-in user changes their password; their other sessions and API tokens end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, current=form.current.data, new=form.password.data,
                            keep_session=current_user.session_token)
        except InvalidInput as exc:
            _show_errors(form, exc)
        else:
            db.session.commit()
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.", "info")
            return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form)


def _show_errors(form, exc: InvalidInput) -> None:
    db.session.rollback()
    for error in exc.errors:
        field = form.current if error.get("field") == "current" else form.password
        field.errors = [*field.errors, error["message"]]
