"""The SQLAlchemy handle, the declarative base and time helpers."""

import json
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, MetaData, types
from sqlalchemy.orm import DeclarativeBase, registry

#: Constraint names are fixed so that migrations agree on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(types.TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    registry = registry(metadata=MetaData(naming_convention=NAMING), type_annotation_map={datetime: UTCDateTime()})


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def bulk_insert(table, rows: list[dict]) -> None:
    """Insert many rows of one table: COPY on PostgreSQL (tens of thousands of rows a second), else executemany."""
    if not rows:
        return
    if not is_postgres():
        db.session.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    is_json = [isinstance(table.c[name].type, JSON) for name in columns]
    cursor = db.session.connection().connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_json_text(row[name]) if as_json else row[name]
                            for name, as_json in zip(columns, is_json, strict=True)])


def _json_text(value) -> str | None:
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value, ensure_ascii=False)


def is_postgres() -> bool:
    """Whether the bound database is PostgreSQL (row locking and advisory locks exist)."""
    return db.engine.dialect.name == "postgresql"
