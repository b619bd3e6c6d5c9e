"""Load the reference tables from the data modules, idempotently (called by a migration)."""

from sqlalchemy import Connection, select

from survey_app.reference.departments import DEPARTMENT_MINISTRY
from survey_app.reference.ministries import MINISTRIES
from survey_app.reference.models import DepartmentMinistry, FormerProvince, Locality
from survey_app.reference.provinces import FORMER_PROVINCES, PROVINCES


def _upsert(conn: Connection, model, key: str, rows: list[dict]) -> None:
    table = model.__table__
    existing = {row[0]: row[1] for row in conn.execute(select(table.c[key], table.c.id))}
    for row in rows:
        if row[key] in existing:
            conn.execute(table.update().where(table.c.id == existing[row[key]]).values(**row))
        else:
            conn.execute(table.insert().values(**row))


def _locality_rows() -> list[dict]:
    return [{"code": unit.code, "kind": kind, "name": unit.name, "official_domains": list(unit.official_domains)}
            for kind, units in (("province", PROVINCES), ("ministry", MINISTRIES)) for unit in units]


def sync_reference(conn: Connection) -> None:
    """Insert or update every locality, former province and department→ministry row."""
    _upsert(conn, Locality, "code", _locality_rows())
    ids = dict(conn.execute(select(Locality.__table__.c.code, Locality.__table__.c.id)).all())
    province_ids = {p.code: ids[p.code] for p in PROVINCES}
    _upsert(conn, FormerProvince, "code", [
        {"code": f.code, "name": f.name, "locality_id": province_ids[f.current_code],
         "mail_domains": list(f.mail_domains)}
        for f in FORMER_PROVINCES
    ])
    _upsert(conn, DepartmentMinistry, "department_name", [
        {"department_name": name, "ministry_code": code, "is_former_name": former}
        for name, code, former in DEPARTMENT_MINISTRY
    ])
