"""The mail worker's settings and SMTP pool, built from the app's configuration (CLI, scheduler and benches)."""

import os
import socket
from pathlib import Path

from flask import current_app

from survey_app.mailing.compose import DkimKey
from survey_app.mailing.rates import parse_domain_limits
from survey_app.mailing.smtp_types import SmtpSettings
from survey_app.mailing.transport import SmtpPool
from survey_app.mailing.worker import WorkerSettings


def _dkim_key(cfg) -> DkimKey | None:
    if cfg.get("DKIM_KEY_FILE") and cfg.get("DKIM_SELECTOR") and cfg.get("DKIM_DOMAIN"):
        return DkimKey(cfg["DKIM_SELECTOR"], cfg["DKIM_DOMAIN"], Path(cfg["DKIM_KEY_FILE"]).read_bytes())
    return None


def worker_settings() -> WorkerSettings:
    """The worker's identity, links, sender, batch, lease and back-off, from the configuration."""
    cfg = current_app.config
    return WorkerSettings(worker_id=f"{socket.gethostname()}:{os.getpid()}", public_base_url=cfg["PUBLIC_BASE_URL"],
                          mail_from=cfg["MAIL_FROM"], bounce_domain=cfg["BOUNCE_DOMAIN"],
                          batch_size=cfg["MAIL_BATCH_SIZE"], lease_seconds=cfg["MAIL_LEASE_SECONDS"],
                          backoff_base=cfg["MAIL_BACKOFF_BASE"], backoff_cap=cfg["MAIL_BACKOFF_CAP"],
                          dkim=_dkim_key(cfg))


def smtp_pool() -> SmtpPool:
    """A pool of SMTP sessions to the configured relay, with the per-domain limits."""
    cfg = current_app.config
    limits, default = parse_domain_limits(cfg["MAIL_DOMAIN_LIMITS"], cfg["SMTP_CONNECTIONS"])
    return SmtpPool(SmtpSettings(host=cfg["SMTP_HOST"], port=cfg["SMTP_PORT"], security=cfg["SMTP_SECURITY"],
                                 username=cfg["SMTP_USERNAME"], password=cfg["SMTP_PASSWORD"],
                                 connections=cfg["SMTP_CONNECTIONS"]), limits=limits, default_limit=default)
