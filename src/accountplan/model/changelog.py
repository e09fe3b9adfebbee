"""The change log: who changed what, when, with the old and the new value."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from accountplan.model.base import Base
from accountplan.model.enums import ChangeKind
from accountplan.model.types import UTCDateTime, enum_type, utcnow


class ChangeLogEntry(Base):
    """One change to one field of one entity (or the creation, deletion or import of a whole one)."""

    __tablename__ = "change_log"
    audited = False

    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[ChangeKind] = mapped_column(enum_type(ChangeKind))
    #: The table of the entity that changed, e.g. "stakeholders".
    entity_type: Mapped[str] = mapped_column(String(60))
    #: The id of the entity in that table (no foreign key: the entity may since have been deleted).
    entity_id: Mapped[int | None] = mapped_column(Integer)
    entity_label: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
