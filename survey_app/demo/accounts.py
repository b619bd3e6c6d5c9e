"""The demo's accounts part: a new officer invited to set a password, and a locked account to unlock."""

from datetime import timedelta

from sqlalchemy import select

from survey_app.accounts.models import User
from survey_app.accounts.onboarding import invite_user
from survey_app.accounts.services import create_user
from survey_app.core.db import db, utcnow
from survey_app.demo.base import DEMO_PASSWORD
from survey_app.mailing.account_mail import queue_password_mail

INVITED = "canbo.moi@danang.gov.vn"
LOCKED = "sonoivu@hue.gov.vn"


def _exists(email: str) -> bool:
    return bool(db.session.scalar(select(User.id).where(User.email == email)))


def load() -> list[str]:
    """Create what is missing of the part; return the lines to print."""
    if not _exists(INVITED):
        queue_password_mail(invite_user(email=INVITED, full_name="Trần Thị Thu", role="locality_officer",
                                        locality_code="48", actor="demo"))
    if not _exists(LOCKED):
        user = create_user(email=LOCKED, password=DEMO_PASSWORD, role="locality_officer", locality_code="46",
                           full_name="Lê Văn Minh", actor="demo")
        user.locked_until = utcnow() + timedelta(days=365)  # as after five wrong passwords
    return ["Tài khoản: admin@moha.gov.vn quản lý ở /accounts (tạo từ tệp, đổi vai trò, khóa, mở khóa).",
            f"  {INVITED} vừa được tạo: thư đặt mật khẩu ở /_mail/; {LOCKED} đang bị tạm khóa, "
            "mở khóa ở trang tài khoản.",
            "  Quên mật khẩu? có ở trang đăng nhập; mật khẩu mới cần ít nhất 12 ký tự và không phổ biến."]
