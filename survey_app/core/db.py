"""The SQLAlchemy handle, the declarative base and time helpers."""

import json
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, MetaData, func, select, text, types
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


def one_of(column: str, values) -> str:
    """SQL keeping `column` to the given values (a state enum's): "status IN ('draft', 'submitted')"."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def bulk_insert(table, columns: list[str], rows: list[tuple]) -> None:
    """Insert many rows (tuples in `columns` order) of one table: COPY on PostgreSQL, else executemany."""
    if not rows:
        return
    if not is_postgres():
        db.session.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    json_at = [i for i, name in enumerate(columns) if isinstance(table.c[name].type, JSON)]
    connection = db.session.connection().connection.dbapi_connection
    assert connection is not None  # the session's connection is open: it has just been asked for
    with connection.cursor().copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(_json_cells(row, json_at) if json_at else row)


def _json_cells(row: tuple, json_at: list[int]) -> list:
    cells = list(row)
    for i in json_at:
        cells[i] = _json_text(cells[i])
    return cells


def reserve_ids(table, count: int) -> list[int]:
    """`count` fresh primary keys for rows to be inserted with their ids (so that rows can refer to each other).

    PostgreSQL draws them from the table's sequence. SQLite continues after the largest id: call it once the
    transaction has written (SQLite then holds its single write lock, so no one else inserts meanwhile).
    """
    if is_postgres():
        return list(db.session.execute(text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
                                       {"sequence": f"{table.name}_id_seq", "count": count}).scalars())
    start = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
    return list(range(start, start + count))


def _json_text(value) -> str | None:
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value, ensure_ascii=False)


def is_postgres() -> bool:
    """Whether the bound database is PostgreSQL (row locking and advisory locks exist)."""
    return db.engine.dialect.name == "postgresql"
