"""Reference tables: localities (34 provinces and the evaluated ministries) and the former provinces."""

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_app.core.db import db


class Locality(db.Model):
    """A unit that has accounts and a list, and is evaluated: a province or a ministry."""

    __tablename__ = "localities"
    __table_args__ = (CheckConstraint("kind IN ('province', 'ministry')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    official_domains: Mapped[list] = mapped_column(JSON, default=list)

    def to_dict(self) -> dict:
        return {"code": self.code, "kind": self.kind, "name": self.name,
                "official_domains": list(self.official_domains or [])}


class FormerProvince(db.Model):
    """One of the 63 provinces before 1 July 2025: used to read old names and mail domains."""

    __tablename__ = "former_provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    mail_domains: Mapped[list] = mapped_column(JSON, default=list)

    locality: Mapped[Locality] = relationship()


class DepartmentMinistry(db.Model):
    """A provincial department's name and its managing ministry (DOMAIN.md §4)."""

    __tablename__ = "department_ministries"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_name: Mapped[str] = mapped_column(String(160), unique=True)
    ministry_code: Mapped[str] = mapped_column(String(10))
    is_former_name: Mapped[bool] = mapped_column(default=False)


def list_localities(kind: str | None = None) -> list[Locality]:
    """Localities ordered provinces first, then by code."""
    query = select(Locality).order_by(Locality.kind.desc(), Locality.code)
    if kind:
        query = query.where(Locality.kind == kind)
    return list(db.session.scalars(query))


def get_locality(code: str) -> Locality | None:
    return db.session.scalar(select(Locality).where(Locality.code == code))
