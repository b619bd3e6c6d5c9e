"""The one list of periodic jobs (APScheduler); each calls a rule and commits."""

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, current_app

from survey_app.campaigns.services import close_expired_campaigns
from survey_app.core.db import db
from survey_app.integrity.scan import scan_surveying_campaigns
from survey_app.mailing.reminders import queue_scheduled_reminders
from survey_app.mailing.settings import smtp_pool, worker_settings
from survey_app.mailing.worker import run_once
from survey_app.monitoring.watch import watch_progress
from survey_app.respondents.services import lock_overdue_lists


def send_mail() -> None:
    """Send what is due from the outbox (the embedded setup's in-process mail worker)."""
    pool = current_app.extensions.get("embedded_smtp_pool")
    if pool is None:  # one pool for the process: each pool holds a thread and open sessions
        pool = current_app.extensions["embedded_smtp_pool"] = smtp_pool()
    run_once(pool, worker_settings())


def close_expired() -> None:
    """Close campaigns whose response deadline has passed."""
    close_expired_campaigns(actor="scheduler")
    db.session.commit()


def lock_lists() -> None:
    """Lock the lists not sent by the list deadline."""
    lock_overdue_lists(actor="scheduler")
    db.session.commit()


def send_reminders() -> None:
    """Queue the scheduled reminders of campaigns whose reminder day is today (once a day per person)."""
    queue_scheduled_reminders()
    db.session.commit()


def scan_integrity() -> None:
    """Scan every surveying campaign for interference, so the review desk sees flags while answers come in."""
    scan_surveying_campaigns()


def raise_notices() -> None:
    """Raise the notices due now: deadlines near, bounces high, localities far behind (each once)."""
    watch_progress()
    db.session.commit()


#: (job, interval in seconds): the scheduler process of a production setup runs these.
JOBS = [(close_expired, 60), (lock_lists, 60), (send_reminders, 3600), (scan_integrity, 900),
        (raise_notices, 3600)]
#: The embedded setup also sends mail from the web process.
EMBEDDED_JOBS = [(send_mail, 5)]


def _in_app(app: Flask, job):
    def run():
        with app.app_context():
            job()
    return run


def start_embedded(app: Flask, *, with_mail: bool = True) -> BackgroundScheduler:
    """Run the periodic jobs (and, embedded, the mail worker) in a background thread of this process."""
    scheduler = BackgroundScheduler(timezone="UTC")
    for job, seconds in JOBS + (EMBEDDED_JOBS if with_mail else []):
        scheduler.add_job(_in_app(app, job), "interval", seconds=seconds, id=job.__name__,
                          max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler
