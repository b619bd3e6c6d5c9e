"""A notice's email, built by the mail worker when it sends (outbox key "notice:<notice id>:<user id>")."""

from survey_app.accounts.models import User
from survey_app.campaigns.models import Campaign
from survey_app.core.db import db
from survey_app.mailing.envelopes import register_texts
from survey_app.mailing.render import render_mail
from survey_app.monitoring.notices import NOTICE_KIND, get_notice, wants_email

#: The page listing a person's notices, where email can be turned off (web/notices.py).
NOTICES_PATH = "/notices"


def notice_texts(key: str, base_url: str) -> tuple[str, str, str] | None:
    """(subject, text, html) of one notice for one person; None if either is gone or the person opted out."""
    _, notice_id, user_id = key.split(":")
    notice, user = get_notice(int(notice_id)), db.session.get(User, int(user_id))
    if notice is None or user is None or not user.is_enabled or not wants_email(user):
        return None
    campaign = db.session.get(Campaign, notice.campaign_id) if notice.campaign_id else None
    return render_mail("officer_notice", notice=notice, user=user, campaign=campaign,
                       url=base_url.rstrip("/") + NOTICES_PATH)


def install() -> None:
    register_texts(NOTICE_KIND, notice_texts)
