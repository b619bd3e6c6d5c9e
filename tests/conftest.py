"""Shared fixtures: the app on each database (SQLite always, PostgreSQL when TEST_DATABASE_URL is set),
a clean database per test, clients, accounts, factories, a real SMTP server and a live HTTP server."""

import os
import socket
import threading
from datetime import timedelta
from io import BytesIO

import pytest
import xlsxwriter
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from config.settings import Testing, database_url
from survey_app import create_app
from survey_app.accounts.services import create_user, issue_api_token
from survey_app.accounts.sessions import start_session
from survey_app.campaigns.services import create_campaign, open_campaign
from survey_app.core.db import db as _db
from survey_app.core.db import utcnow
from survey_app.extensions import limiter

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
#: Seeded by the migrations and kept between tests.
REFERENCE_TABLES = {"localities", "former_provinces", "department_ministries", "alembic_version"}
PASSWORD = "mat-khau-thu-nghiem"
HEADER = ["STT", "Họ và tên", "Chức vụ", "Cơ quan, đơn vị", "Nhóm đối tượng", "Bộ chủ quản", "Email",
          "Điện thoại", "Ghi chú"]


def pytest_configure(config):
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not PG_URL:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: "
                                "PostgreSQL tests cannot be skipped.")


def _private_postgres(url: str) -> tuple[str, callable]:
    """A fresh database of this test run beside TEST_DATABASE_URL's, so that runs never share a schema."""
    server = make_url(database_url(url))
    name = f"{server.database}_run_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(autouse=True)
def _limiter_left_as_found():
    """Flask-Limiter keeps its on/off switch and store on the one module-level limiter: a test that builds an
    app with limits on (tests/accounts/test_rate_limits.py) would leave them on for the shared test app, and a
    later browser test's sign-ins would meet 429. Each test gets the switch back as it found it."""
    enabled = limiter.enabled
    yield
    limiter.enabled = enabled


@pytest.fixture
def limited_app(app):
    """limited_app(**settings) → a second app on the test's database with rate limits on and these settings; the
    limiter's counts start empty and are emptied afterwards (its switch is restored by _limiter_left_as_found)."""
    def make(**settings):
        config = Testing()
        config.SQLALCHEMY_DATABASE_URI, config.RATELIMIT_ENABLED = app.config["SQLALCHEMY_DATABASE_URI"], True
        for name, value in settings.items():
            setattr(config, name, value)
        limited = create_app(config)
        limiter.reset()
        return limited
    yield make
    limiter.reset()


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    """The application on one database, its schema built by the migrations (never by create_all)."""
    config = Testing()
    if request.param == "postgres":
        config.SQLALCHEMY_DATABASE_URI, drop = _private_postgres(PG_URL)
        request.addfinalizer(drop)
    else:
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    application = create_app(config)
    application.config["BACKEND"] = request.param
    with application.app_context():
        upgrade()
        _db.engine.dispose()
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database inside an app context; every non-reference table is emptied after the test."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        with _db.engine.begin() as conn:
            if app.config["BACKEND"] == "postgres":
                conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(table.delete())


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make_user(db):
    """make_user(role, locality=None, email=None) → a committed user whose password is PASSWORD."""
    counter = iter(range(1, 10_000))

    def make(role="moha_admin", locality=None, email=None):
        user = create_user(email=email or f"{role.replace('_', '-')}{next(counter)}@moha.gov.vn", password=PASSWORD,
                           role=role, locality_code=locality, actor="test")
        _db.session.commit()
        return user
    return make


@pytest.fixture
def login_as(client):
    """login_as(user): the test client's browser session belongs to that user."""
    def login(user):
        session_id = start_session(user, hours=1)
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = session_id  # a server-side session id (accounts/sessions.py), not the user id
            session["_fresh"] = True
        return client
    return login


@pytest.fixture
def api_headers(db):
    """api_headers(user) → Authorization headers with a fresh bearer token."""
    def headers(user):
        token = issue_api_token(user, seconds=3600)
        _db.session.commit()
        return {"Authorization": f"Bearer {token}"}
    return headers


@pytest.fixture
def make_campaign(db):
    """make_campaign(**over) → an opened campaign (collecting lists) with deadlines ahead."""
    counter = iter(range(1, 10_000))

    def make(*, model="par-2025", is_open=True, **over):
        now = utcnow()
        fields = {"code": f"T{next(counter)}", "title": "Kỳ khảo sát thử nghiệm", "year": 2025, "model": model,
                  "list_deadline": now + timedelta(days=10), "response_deadline": now + timedelta(days=40)}
        fields.update(over)
        campaign = create_campaign(**fields, actor="test")
        if is_open:
            open_campaign(campaign, actor="test")
        _db.session.commit()
        return campaign
    return make


def xlsx_bytes(rows: list[list], *, header: list[str] = HEADER, title_rows: int = 1) -> bytes:
    """A list file in the template's format: title rows, the header, then the rows."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    for i in range(title_rows):
        sheet.write(i, 0, "DANH SÁCH ĐỐI TƯỢNG KHẢO SÁT")
    sheet.write_row(title_rows, 0, header)
    for i, row in enumerate(rows, start=title_rows + 1):
        sheet.write_row(i, 0, row)
    book.close()
    return buffer.getvalue()


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Ngọc", "Phúc", "Quang", "Sơn", "Thảo"]


def person_name(n: int) -> str:
    """A distinct, realistic Vietnamese name for row n."""
    return f"{FAMILY[n % len(FAMILY)]} {['Văn', 'Thị', 'Đức', 'Thu'][n // 10 % 4]} {GIVEN[n % len(GIVEN)]}"


def person(n: int, group="LD_SO", org="Sở Tư pháp", ministry="", email=None, name=None, position="Phó Giám đốc"):
    """One list row."""
    return [n, name or person_name(n), position, org, group, ministry, email or f"nvthu{n}@hanoi.gov.vn",
            "0912345678", ""]


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port; `.messages` holds what it received."""
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.messages = handler.messages
    yield controller
    controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(app, db):
    """The app served over real HTTP on a free port, in a thread; yields its base URL."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    before, app.config["PUBLIC_BASE_URL"] = app.config["PUBLIC_BASE_URL"], f"http://127.0.0.1:{port}"
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(5)
    app.config["PUBLIC_BASE_URL"] = before  # the app outlives the test: links in later tests use the usual base
