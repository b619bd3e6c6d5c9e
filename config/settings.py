"""Configuration classes: read the environment, with safe defaults for the embedded setup."""

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def database_url(value: str) -> str:
    """Take a plain postgresql:// URL to mean psycopg 3 (the driver this project installs)."""
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


def _kept_secret(name: str = "secret_key") -> str:
    """A secret of the embedded setup (the session key, the audit key): generated once, kept under instance/."""
    path = INSTANCE / name
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Settings shared by every setup; each value may come from the environment."""

    SQLALCHEMY_DATABASE_URI = database_url(_env("DATABASE_URL", f"sqlite:///{INSTANCE / 'survey.db'}"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": _env("DB_PRE_PING", "1") == "1"}
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    MAIL_FROM = _env("MAIL_FROM", "Bộ Nội vụ - Khảo sát PAR INDEX <khaosat@moha.gov.vn>")
    BOUNCE_DOMAIN = _env("BOUNCE_DOMAIN", "moha.gov.vn")
    SMTP_HOST = _env("SMTP_HOST", "127.0.0.1")
    SMTP_PORT = int(_env("SMTP_PORT", "8025"))
    SMTP_USERNAME = _env("SMTP_USERNAME")
    SMTP_PASSWORD = _env("SMTP_PASSWORD")
    SMTP_SECURITY = _env("SMTP_SECURITY", "none")
    SMTP_CONNECTIONS = int(_env("SMTP_CONNECTIONS", "10"))
    #: "domain=connections/per_minute,…"; "default=…" sets the rest, e.g. "hanoi.gov.vn=2/300,default=5".
    MAIL_DOMAIN_LIMITS = _env("MAIL_DOMAIN_LIMITS", "")
    MAIL_BATCH_SIZE = int(_env("MAIL_BATCH_SIZE", "500"))
    MAIL_LEASE_SECONDS = int(_env("MAIL_LEASE_SECONDS", "300"))
    MAIL_BACKOFF_BASE = float(_env("MAIL_BACKOFF_BASE", "60"))
    MAIL_BACKOFF_CAP = float(_env("MAIL_BACKOFF_CAP", "3600"))
    DKIM_SELECTOR = _env("DKIM_SELECTOR")
    DKIM_DOMAIN = _env("DKIM_DOMAIN")
    DKIM_KEY_FILE = _env("DKIM_KEY_FILE")
    BOUNCE_SMTP_HOST = _env("BOUNCE_SMTP_HOST", "127.0.0.1")
    BOUNCE_SMTP_PORT = int(_env("BOUNCE_SMTP_PORT", "2525"))
    BOUNCE_IMAP_HOST = _env("BOUNCE_IMAP_HOST")
    BOUNCE_IMAP_PORT = int(_env("BOUNCE_IMAP_PORT", "993"))
    BOUNCE_IMAP_USERNAME = _env("BOUNCE_IMAP_USERNAME")
    BOUNCE_IMAP_PASSWORD = _env("BOUNCE_IMAP_PASSWORD")
    BOUNCE_IMAP_SSL = _env("BOUNCE_IMAP_SSL", "1") == "1"
    BOUNCE_IMAP_FOLDER = _env("BOUNCE_IMAP_FOLDER", "INBOX")
    PROXY_FIX_X_FOR = int(_env("PROXY_FIX_X_FOR", "0"))
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    TOKEN_RATE_LIMIT = "60 per minute"
    #: Per person, over every view that recomputes all scores or rescans all responses (web/recompute_limit.py).
    RECOMPUTE_RATE_LIMIT = "20 per minute"
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    LIST_FILE_MAX_BYTES = 10 * 1024 * 1024
    API_TOKEN_SECONDS = 8 * 3600
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    SESSION_COOKIE_HTTPONLY = True
    #: A browser session ends on the server after this long, whatever the cookie says (accounts/sessions.py).
    SESSION_HOURS = 12
    #: Strict-Transport-Security max-age; 0 sends no header (only production is served over HTTPS).
    HSTS_SECONDS = 0
    #: The audit chain's HMAC key (core/audit.py) and the append-only anchor file (core/audit_anchor.py).
    AUDIT_KEY = _env("AUDIT_KEY")
    AUDIT_ANCHOR_FILE = _env("AUDIT_ANCHOR_FILE", str(INSTANCE / "audit-anchor.log"))
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    DISPLAY_TIMEZONE = "Asia/Ho_Chi_Minh"
    #: Run the mail worker and periodic jobs inside the web process (embedded setup).
    EMBEDDED_JOBS = False
    MAIL_CATCHER_DIR = None
    #: "inline": a link's "open" is written in the request; "batched": a thread per process writes them together.
    OPEN_EVENTS = _env("OPEN_EVENTS", "inline")
    SECRET_KEY = _env("SECRET_KEY")


class Embedded(Config):
    """The README's `make run`: SQLite under instance/, a local mail catcher, jobs in-process."""

    EMBEDDED_JOBS = True
    MAIL_CATCHER_DIR = str(INSTANCE / "mailcatcher")

    def __init__(self) -> None:
        self.SECRET_KEY = _env("SECRET_KEY") or _kept_secret()
        self.AUDIT_KEY = _env("AUDIT_KEY") or _kept_secret("audit_key")


class Production(Config):
    """Everything from the environment; refuses to start without the secrets it needs."""

    SESSION_COOKIE_SECURE = True
    OPEN_EVENTS = _env("OPEN_EVENTS", "batched")
    HSTS_SECONDS = int(_env("HSTS_SECONDS", "31536000"))

    def __init__(self) -> None:
        missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "AUDIT_KEY") if not _env(name)]
        if missing:
            raise RuntimeError("Thiếu biến môi trường bắt buộc: " + ", ".join(missing))
        self.SECRET_KEY = _env("SECRET_KEY")
        self.AUDIT_KEY = _env("AUDIT_KEY")
        self.SQLALCHEMY_DATABASE_URI = database_url(_env("DATABASE_URL"))


class Testing(Config):
    """The test suite: a throw-away database, no CSRF on API clients, fast password hashing."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    AUDIT_KEY = "test-audit-key"
    #: Tests that need the anchor give each test its own file (tests/core/test_audit.py).
    AUDIT_ANCHOR_FILE = None
    SQLALCHEMY_DATABASE_URI = database_url(_env("TEST_DATABASE_URL", "sqlite://"))
    PUBLIC_BASE_URL = "http://localhost"
    RATELIMIT_ENABLED = False
    PASSWORD_HASH_FAST = True


CONFIGS = {"embedded": Embedded, "production": Production, "testing": Testing}


def load(name: str | None = None):
    """The configuration object named by the argument or by SURVEY_APP_CONFIG (default: embedded)."""
    cls = CONFIGS[name or _env("SURVEY_APP_CONFIG", "embedded")]
    return cls()
