"""Account mail: the link to set a new account's password or reset a forgotten one, sent through the outbox.

The outbox row names only the link (dedupe key "account:<link id>"); the worker builds the URL when it sends,
so no usable secret waits in the queue, and a link that died meanwhile (used, expired, replaced) is not sent.
"""

from types import SimpleNamespace

from survey_app.accounts.models import PasswordLink
from survey_app.accounts.password_links import link_token, open_link_row
from survey_app.core.db import db
from survey_app.mailing.models import OutboxMessage
from survey_app.mailing.render import render_mail

ACCOUNT_KIND = "account"
#: The path of the page a link opens (web/auth.py's set_password).
LINK_PATH = "/password/"


def queue_password_mail(link: PasswordLink) -> None:
    """Queue the message carrying `link` to its account's address."""
    user = link.user
    db.session.add(OutboxMessage(campaign_id=None, respondent_id=None, locality_id=None, kind=ACCOUNT_KIND,
                                 dedupe_key=f"account:{link.id}", to_addr=user.email,
                                 domain=user.email.rsplit("@", 1)[-1]))


def account_texts(key: str, base_url: str) -> tuple[str, str, str] | None:
    """(subject, text, html) of the message for outbox key "account:<link id>"; None when the link is dead."""
    link = open_link_row(int(key.split(":")[1]))
    if link is None:
        return None
    user = link.user
    return render_mail(f"password_{link.purpose}", user=SimpleNamespace(full_name=user.full_name, email=user.email),
                       url=base_url.rstrip("/") + LINK_PATH + link_token(link), expires_at=link.expires_at,
                       role_label=user.role_label)
