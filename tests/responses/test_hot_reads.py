"""Hot reads (core/reads.py): the same rows as SQLAlchemy gives, columns read by name, and no failure after the
database drops its connections (the reader pool has no pre-ping; it retries once on a fresh connection)."""

from datetime import datetime

import pytest
from sqlalchemy import bindparam, select, text

from survey_app.core import reads
from survey_app.invitations.models import Invitation

_BY_ID = (select(Invitation.__table__.c.id, Invitation.__table__.c.nonce, Invitation.__table__.c.is_void,
                 Invitation.__table__.c.created_at)
          .where(Invitation.__table__.c.id == bindparam("id")))


def test_rows_come_back_as_sqlalchemy_reads_them(db, make_invitation):
    invitation, _ = make_invitation()
    rows = reads.fetch_all(_BY_ID, {"id": invitation.id})
    expected = db.session.execute(_BY_ID, {"id": invitation.id}).one()
    assert rows == [tuple(expected)]
    assert (rows[0].id, rows[0].nonce, rows[0].is_void) == (expected.id, expected.nonce, expected.is_void)
    assert isinstance(rows[0][3], datetime) and rows[0][3].tzinfo is not None
    assert reads.fetch_all(_BY_ID, {"id": 999_999}) == []


def test_a_read_survives_the_database_ending_its_connections(app, db, client, make_invitation):
    if app.config["BACKEND"] != "postgres":
        pytest.skip("SQLite has no server to end connections; there the read goes through the app's engine")
    invitation, token = make_invitation()
    assert client.get(f"/s/{token}").status_code == 200  # the reader pool now holds a connection
    reader = reads._reader()
    connection = reader.raw_connection()
    backend = connection.driver_connection.info.backend_pid
    connection.close()
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    db.session.commit()
    assert reads.fetch_all(_BY_ID, {"id": invitation.id})[0][0] == invitation.id
    assert client.get(f"/s/{token}").status_code == 200
