"""The forms of the accounts pages (Flask-WTF: each carries its CSRF token)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from survey_app.accounts.models import ROLE_LABELS
from survey_app.reference.models import list_localities

ROLE_CHOICES = [SelectChoice(str(role), label) for role, label in ROLE_LABELS.items()]


def locality_choices() -> list[SelectChoice]:
    """"" (none, for MOHA staff) then every province and ministry by name."""
    return [SelectChoice("", "— Không gắn (cán bộ Bộ Nội vụ) —")] + [
        SelectChoice(loc.code, f"{loc.name} ({loc.code})") for loc in list_localities()]


class RoleForm(FlaskForm):
    role = SelectField("Vai trò", choices=ROLE_CHOICES)
    locality = SelectField("Địa phương hoặc bộ, ngành (chỉ cán bộ đầu mối)", choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locality.choices = locality_choices()


class NewUserForm(RoleForm):
    email = EmailField("Địa chỉ thư công vụ", validators=[DataRequired("Hãy nhập địa chỉ thư."), Length(max=254)])
    full_name = StringField("Họ và tên", validators=[DataRequired("Hãy nhập họ và tên."), Length(max=200)])


class ImportUsersForm(FlaskForm):
    file = FileField("Tệp danh sách tài khoản (.xlsx hoặc .csv)", validators=[FileRequired("Hãy chọn tệp.")])
