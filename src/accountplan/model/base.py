"""The declarative base, naming conventions and the column mixins every entity shares."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

#: Constraint names that Alembic's batch mode on SQLite can find again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every entity: an integer id and a readable label for the change log."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    #: The attribute that names a row to a user ("Aiko Tanaka", "Proposal review").
    label_attribute: ClassVar[str | None] = None
    #: Whether changes to this entity are written to the change log.
    audited: ClassVar[bool] = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)

    @property
    def label(self) -> str:
        name = self.label_attribute
        value = getattr(self, name, None) if name else None
        return str(value) if value is not None else f"{type(self).__name__} {self.id}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.label!r}>"


class AccountScoped:
    """A row that belongs to exactly one account and disappears with it."""

    @declared_attr
    def account_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)


class Versioned:
    """An editable row: saves based on stale data are refused (SQLAlchemy's version counter)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
