"""The people: the buyer's stakeholders and their links, our co-sellers, deal teams and coverage."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from accountplan.model.base import AccountScoped, Base, Versioned
from accountplan.model.enums import (
    BuyingRole,
    CoSellerRole,
    FirmKind,
    InfluenceKind,
    RelationshipStrength,
    StakeholderStatus,
    Stance,
)
from accountplan.model.ranges import in_range
from accountplan.model.types import UTCDateTime, enum_type, utcnow


class Stakeholder(AccountScoped, Versioned, Base):
    """One of the buyer's people, with their place in the org chart and in the pursuit."""

    __tablename__ = "stakeholders"
    __table_args__ = (in_range("influence", 1, 5),)
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id", ondelete="SET NULL"))
    reports_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    #: The id of this person in the CRM or file they were imported from.
    external_id: Mapped[str] = mapped_column(String(100), default="")
    stance: Mapped[Stance] = mapped_column(enum_type(Stance), default=Stance.NEUTRAL)
    influence: Mapped[int] = mapped_column(Integer, default=3)
    business_results: Mapped[str] = mapped_column(Text, default="")
    personal_wins: Mapped[str] = mapped_column(Text, default="")
    concerns: Mapped[str] = mapped_column(Text, default="")
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[StakeholderStatus] = mapped_column(
        enum_type(StakeholderStatus), default=StakeholderStatus.ACTIVE
    )
    departed_on: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    role_links: Mapped[list[StakeholderRole]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin"
    )

    @property
    def roles(self) -> set[BuyingRole]:
        return {link.role for link in self.role_links}

    @property
    def is_departed(self) -> bool:
        return self.status is StakeholderStatus.DEPARTED


class StakeholderRole(AccountScoped, Base):
    """One buying role held by a stakeholder (a person can hold several)."""

    __tablename__ = "stakeholder_roles"
    __table_args__ = (UniqueConstraint("stakeholder_id", "role"),)
    label_attribute = "role"

    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    role: Mapped[BuyingRole] = mapped_column(enum_type(BuyingRole))


class InfluenceLink(AccountScoped, Versioned, Base):
    """Real influence between two stakeholders, which need not follow the reporting lines."""

    __tablename__ = "influence_links"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "kind"),
        in_range("strength", 1, 5),
        CheckConstraint("source_id <> target_id", name="not_self"),
    )
    label_attribute = "kind"

    source_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[InfluenceKind] = mapped_column(enum_type(InfluenceKind), default=InfluenceKind.INFLUENCES)
    strength: Mapped[int] = mapped_column(Integer, default=3)
    note: Mapped[str] = mapped_column(Text, default="")


class CoSeller(Versioned, Base):
    """A member of our side: our company's people and partner firms' people, across accounts."""

    __tablename__ = "co_sellers"
    label_attribute = "name"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="", index=True)
    #: Their main role; ``other_roles`` holds the others they hold too (role values, comma-separated).
    role: Mapped[CoSellerRole] = mapped_column(enum_type(CoSellerRole))
    other_roles: Mapped[str] = mapped_column(String(300), default="", server_default="")
    firm_kind: Mapped[FirmKind] = mapped_column(enum_type(FirmKind), default=FirmKind.OURS)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    #: The database login of this person in team mode.
    login: Mapped[str] = mapped_column(String(100), default="")


class DealTeamMember(AccountScoped, Versioned, Base):
    """A co-seller's membership in an account's deal team."""

    __tablename__ = "deal_team_members"
    __table_args__ = (UniqueConstraint("account_id", "co_seller_id"),)
    label_attribute = None

    co_seller_id: Mapped[int] = mapped_column(ForeignKey("co_sellers.id", ondelete="CASCADE"), index=True)
    responsibility: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    co_seller: Mapped[CoSeller] = relationship(lazy="joined")

    @property
    def label(self) -> str:
        return self.co_seller.name if self.co_seller is not None else super().label


class Coverage(AccountScoped, Versioned, Base):
    """How well one co-seller knows one stakeholder (an internal assessment)."""

    __tablename__ = "coverage"
    __table_args__ = (UniqueConstraint("co_seller_id", "stakeholder_id"),)
    label_attribute = None

    co_seller_id: Mapped[int] = mapped_column(ForeignKey("co_sellers.id", ondelete="CASCADE"), index=True)
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True)
    strength: Mapped[RelationshipStrength] = mapped_column(
        enum_type(RelationshipStrength), default=RelationshipStrength.BRIEF
    )
    #: This co-seller owns the relationship with this stakeholder.
    is_owner: Mapped[bool] = mapped_column(default=False)
    last_touched: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    co_seller: Mapped[CoSeller] = relationship(viewonly=True)
    stakeholder: Mapped[Stakeholder] = relationship(viewonly=True)

    @property
    def label(self) -> str:
        """Who covers whom: "Lars Pettersson – 井上 大輔" (what the change log keeps, even once deleted)."""
        session = object_session(self)
        # Looked up rather than read from the relationships: during a flush those are not loaded yet.
        seller = session.get(CoSeller, self.co_seller_id) if session is not None else None
        person = session.get(Stakeholder, self.stakeholder_id) if session is not None else None
        if seller is None or person is None:
            return super().label
        return f"{seller.name} – {person.name}"
