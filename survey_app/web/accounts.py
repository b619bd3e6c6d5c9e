"""Accounts in the browser for MOHA admins: find, create (one or from a file), change, deactivate, unlock."""

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from survey_app.accounts import manage
from survey_app.accounts.account_file import template_xlsx
from survey_app.accounts.models import ROLE_LABELS
from survey_app.accounts.onboarding import invite_user, invite_users_from_file, reinvite
from survey_app.core.db import db, utcnow
from survey_app.core.errors import InvalidInput
from survey_app.mailing.account_mail import queue_password_mail
from survey_app.reference.models import list_localities
from survey_app.web.account_forms import ImportUsersForm, NewUserForm, RoleForm, locality_choices
from survey_app.web.loaders import requires

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter() -> manage.UserFilter:
    args = request.args
    return manage.UserFilter(text=args.get("q", "")[:200], role=args.get("role", ""),
                             locality=args.get("locality", "")[:20], state=args.get("state", ""))


def _page() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1


@bp.route("")
@requires("user.manage")
def list_users():
    """Every account, searchable by address or name and filtered by role, locality and state."""
    users, total = manage.find_users(_filter(), page=_page())
    return render_template("accounts/list.html", users=users, total=total, page=_page(), f=_filter(),
                           page_size=manage.PAGE_SIZE, localities=locality_choices(), now=utcnow())


def _mail_links(links) -> None:
    for link in links:
        queue_password_mail(link)
    db.session.commit()


@bp.route("/new", methods=["GET", "POST"])
@requires("user.manage")
def new_user():
    """Create one account; its owner gets a mailed link to set the password."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            link = invite_user(email=form.email.data, full_name=form.full_name.data, role=form.role.data,
                               locality_code=form.locality.data or None, actor=current_user)
        except InvalidInput as exc:
            db.session.rollback()
            _form_errors(form, exc)
        else:
            _mail_links([link])
            flash(f"Đã tạo tài khoản {link.user.email}; thư đặt mật khẩu đã được xếp hàng gửi.", "info")
            return redirect(url_for("accounts.show_user", uid=link.user.id))
    return render_template("accounts/new.html", form=form), 422 if form.errors else 200


def _form_errors(form, exc: InvalidInput) -> None:
    for error in exc.errors:
        field = getattr(form, error.get("field", "email"), form.email)
        field.errors = [*field.errors, error["message"]]


@bp.route("/import", methods=["GET", "POST"])
@requires("user.manage")
def import_users():
    """Create many accounts from an .xlsx or .csv: every row is checked first; any problem and none is made."""
    form, errors = ImportUsersForm(), []
    if form.validate_on_submit():
        try:
            links = invite_users_from_file(form.file.data.read(), form.file.data.filename or "", actor=current_user)
        except InvalidInput as exc:
            db.session.rollback()
            errors = exc.errors
            flash(exc.message, "error")
        else:
            _mail_links(links)
            flash(f"Đã tạo {len(links)} tài khoản; mỗi người sẽ nhận thư để đặt mật khẩu.", "info")
            return redirect(url_for("accounts.list_users"))
    status = 422 if errors or form.errors else 200
    return render_template("accounts/import.html", form=form, errors=errors), status


@bp.route("/template.xlsx")
@requires("user.manage")
def users_template():
    """The file template: columns, an example row, the roles and the locality codes."""
    data = template_xlsx({str(r): label for r, label in ROLE_LABELS.items()},
                         [(loc.code, loc.name) for loc in list_localities()])
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name="mau-tai-khoan.xlsx")


@bp.route("/<int:uid>")
@requires("user.manage")
def show_user(uid: int):
    """One account: its role, locality, state, and the actions on it."""
    user = manage.get_user_or_404(uid)
    form = RoleForm(role=user.role, locality=user.locality.code if user.locality else "")
    return render_template("accounts/show.html", user=user, form=form, now=utcnow())


def _done(user, message: str):
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("accounts.show_user", uid=user.id))


@bp.route("/<int:uid>/role", methods=["POST"])
@requires("user.manage")
def change_user_role(uid: int):
    """Change an account's role or locality; its sessions end so the new rights apply at once."""
    user = manage.get_user_or_404(uid)
    form = RoleForm()
    if not form.validate_on_submit():
        raise InvalidInput("Biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.")
    manage.change_role(user, role=form.role.data, locality_code=form.locality.data or None, actor=current_user)
    return _done(user, f"Đã đổi vai trò của {user.email} thành “{user.role_label}”.")


@bp.route("/<int:uid>/deactivate", methods=["POST"])
@requires("user.manage")
def deactivate_user(uid: int):
    """Deactivate an account: its browser sessions and API tokens stop working at once."""
    user = manage.get_user_or_404(uid)
    manage.deactivate(user, actor=current_user)
    return _done(user, f"Đã khóa tài khoản {user.email}; mọi phiên đăng nhập và mã API của tài khoản đã dừng.")


@bp.route("/<int:uid>/reactivate", methods=["POST"])
@requires("user.manage")
def reactivate_user(uid: int):
    """Open a deactivated account again."""
    user = manage.get_user_or_404(uid)
    manage.reactivate(user, actor=current_user)
    return _done(user, f"Đã mở lại tài khoản {user.email}.")


@bp.route("/<int:uid>/unlock", methods=["POST"])
@requires("user.manage")
def unlock_user(uid: int):
    """Lift the lock-out that follows repeated failed sign-ins."""
    user = manage.get_user_or_404(uid)
    manage.unlock(user, actor=current_user)
    return _done(user, f"Đã mở khóa đăng nhập cho {user.email}.")


@bp.route("/<int:uid>/invite", methods=["POST"])
@requires("user.manage")
def invite_again(uid: int):
    """Mail a new set-password link to the account (the previous link stops working)."""
    user = manage.get_user_or_404(uid)
    queue_password_mail(reinvite(user, actor=current_user))
    return _done(user, f"Đã xếp hàng gửi đường dẫn đặt mật khẩu mới tới {user.email}.")
