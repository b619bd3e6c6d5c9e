"""Notices to people: raised once, shown in the app (the bell), and emailed through the outbox to whoever wants.

A locality's notices go to its officers, MOHA's to every MOHA account. Each person may turn email off; the
in-app bell always shows. A notice with a dedupe key is raised once whatever asks for it again; its emails
carry the key "notice:<notice id>:<user id>", so the outbox never holds one twice either.
"""

from sqlalchemy import func, or_, select

from survey_app.accounts.models import User
from survey_app.core import audit
from survey_app.core.db import db
from survey_app.mailing.models import OutboxMessage
from survey_app.monitoring.models import Audience, NoticePreference, Notification

NOTICE_KIND = "notice"


def raise_notice(*, audience: Audience, locality_id: int | None, campaign_id: int | None, kind: str, text: str,
                 dedupe_key: str | None = None) -> Notification | None:
    """Leave a notice and queue its emails; None when one with the same dedupe key exists already."""
    if dedupe_key and db.session.scalar(select(Notification.id).where(Notification.dedupe_key == dedupe_key)):
        return None
    notice = Notification(audience=audience, locality_id=locality_id, campaign_id=campaign_id, kind=kind,
                          text=text, dedupe_key=dedupe_key)
    db.session.add(notice)
    db.session.flush()
    for user in list_recipients(notice):
        _queue_email(notice, user)
    return notice


def notify(locality_id: int, campaign_id: int | None, text: str, *, kind: str = "", dedupe_key=None):
    """A notice for the officers of a locality."""
    return raise_notice(audience=Audience.LOCALITY, locality_id=locality_id, campaign_id=campaign_id, kind=kind,
                        text=text, dedupe_key=dedupe_key)


def notify_moha(locality_id: int | None, campaign_id: int | None, text: str, *, kind: str = "", dedupe_key=None):
    """A notice for MOHA about a locality."""
    return raise_notice(audience=Audience.MOHA, locality_id=locality_id, campaign_id=campaign_id, kind=kind,
                        text=text, dedupe_key=dedupe_key)


def _readers(notice: Notification):
    if notice.audience == Audience.MOHA:
        return User.role.in_(("moha_admin", "moha_viewer"))
    return (User.role == "locality_officer") & (User.locality_id == notice.locality_id)


def list_recipients(notice: Notification) -> list[User]:
    """Enabled accounts that read the notice and have not turned email off."""
    opted_out = select(NoticePreference.user_id).where(NoticePreference.is_email_off.is_(True))
    return list(db.session.scalars(select(User).where(_readers(notice), User.is_enabled.is_(True),
                                                      User.id.not_in(opted_out)).order_by(User.id)))


def _queue_email(notice: Notification, user: User) -> None:
    db.session.add(OutboxMessage(campaign_id=notice.campaign_id, respondent_id=None, locality_id=notice.locality_id,
                                 kind=NOTICE_KIND, dedupe_key=f"notice:{notice.id}:{user.id}", to_addr=user.email,
                                 domain=user.email.rsplit("@", 1)[-1].lower()))


def _visible(user):
    if user.is_moha:
        return Notification.audience == Audience.MOHA
    return (Notification.audience == Audience.LOCALITY) & (Notification.locality_id == user.locality_id)


def list_notices(user, *, limit: int = 50) -> list[Notification]:
    """The person's newest notices first."""
    return list(db.session.scalars(select(Notification).where(_visible(user))
                                   .order_by(Notification.id.desc()).limit(limit)))


def get_preference(user) -> NoticePreference:
    """The person's settings, created (email on, nothing read) on first use."""
    preference = db.session.get(NoticePreference, user.id)
    if preference is None:
        preference = NoticePreference(user_id=user.id, is_email_off=False, seen_id=0)
        db.session.add(preference)
    return preference


def wants_email(user) -> bool:
    """Whether the person still takes notices by email (read only: no settings row is created)."""
    preference = db.session.get(NoticePreference, user.id)
    return preference is None or not preference.is_email_off


def count_unread(user) -> int:
    """Notices newer than the last the person has seen."""
    seen = select(NoticePreference.seen_id).where(NoticePreference.user_id == user.id).scalar_subquery()
    newer = or_(Notification.id > seen, ~select(NoticePreference.user_id)
                .where(NoticePreference.user_id == user.id).exists())
    return db.session.scalar(select(func.count(Notification.id)).where(_visible(user), newer)) or 0


def mark_seen(user, notices: list[Notification]) -> None:
    """The person has now seen everything up to the newest of `notices`."""
    preference = get_preference(user)
    preference.seen_id = max([preference.seen_id or 0, *(n.id for n in notices)])


def set_email(user, *, wanted: bool, actor) -> None:
    """Turn the person's notice emails on or off (the bell keeps showing)."""
    get_preference(user).is_email_off = not wanted
    audit.record("notice.email", ("users", user.id), actor=actor, details={"email": wanted})


def get_notice(notice_id: int) -> Notification | None:
    return db.session.get(Notification, notice_id)
