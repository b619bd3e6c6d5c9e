"""The sign-in and password forms (Flask-WTF, so each carries its CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from survey_app.accounts.password_policy import MAX_LENGTH

_NEW = [DataRequired("Hãy nhập mật khẩu mới."), Length(max=MAX_LENGTH, message=f"Tối đa {MAX_LENGTH} ký tự.")]
_AGAIN = [DataRequired("Hãy nhập lại mật khẩu mới."), EqualTo("password", "Hai lần nhập mật khẩu không khớp nhau.")]


class LoginForm(FlaskForm):
    email = EmailField("Địa chỉ thư", validators=[DataRequired("Hãy nhập địa chỉ thư."), Length(max=254)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Hãy nhập mật khẩu."), Length(max=1024)])


class ForgotForm(FlaskForm):
    email = EmailField("Địa chỉ thư của tài khoản", validators=[DataRequired("Hãy nhập địa chỉ thư."),
                                                               Length(max=254)])


class SetPasswordForm(FlaskForm):
    password = PasswordField("Mật khẩu mới", validators=_NEW)
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=_AGAIN)


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField("Mật khẩu hiện tại", validators=[DataRequired("Hãy nhập mật khẩu hiện tại."),
                                                             Length(max=1024)])
