"""Sign in and out (Flask-Login), rate-limited, with lock-out after repeated failures."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from survey_app.accounts.services import authenticate
from survey_app.core.db import db
from survey_app.extensions import limiter

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField("Địa chỉ thư", validators=[DataRequired("Hãy nhập địa chỉ thư.")])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Hãy nhập mật khẩu.")])


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
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
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Địa chỉ thư hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa do đăng nhập sai nhiều lần. "
              "Hãy thử lại sau 15 phút hoặc liên hệ quản trị Bộ Nội vụ.", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Anh/chị đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))
