"""New accounts made by a MOHA admin: created without a password, each with a link to set one."""

from survey_app.accounts.bulk import create_accounts_from_file
from survey_app.accounts.models import PasswordLink, PasswordPurpose, User
from survey_app.accounts.password_links import issue_password_link
from survey_app.accounts.services import create_user


def invite_user(*, email: str, full_name: str, role: str, locality_code: str | None, actor) -> PasswordLink:
    """Create one account and its set-password link (the entry point mails it)."""
    user = create_user(email=email, password=None, role=role, locality_code=locality_code, full_name=full_name,
                       actor=actor)
    return issue_password_link(user, purpose=PasswordPurpose.SET, actor=actor)


def invite_users_from_file(data: bytes, filename: str, *, actor) -> list[PasswordLink]:
    """Create every account of the file, or none, each with its set-password link."""
    return [issue_password_link(user, purpose=PasswordPurpose.SET, actor=actor)
            for user in create_accounts_from_file(data, filename, actor=actor)]


def reinvite(user: User, *, actor) -> PasswordLink:
    """A fresh set-password link for an account (the old one stops working)."""
    return issue_password_link(user, purpose=PasswordPurpose.SET, actor=actor)
