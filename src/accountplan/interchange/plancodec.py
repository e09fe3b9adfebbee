"""How each column of a plan is written in the plan file, and the JSON Schema that follows from it."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Column, Date, Enum, Integer, String, Table, Text

from accountplan import model
from accountplan.model import Base
from accountplan.model.ranges import INTEGER_RANGE, value_range
from accountplan.model.text_rules import text_limit, text_problem
from accountplan.model.types import Money, Rate, UTCDateTime

FORMAT_NAME = "accountplan-plan"
FORMAT_VERSION = 4

#: The sections of a plan file, in the order they are written and read (targets before references).
SECTIONS: list[type[Base]] = [
    model.CoSeller,
    model.SellerPlan,
    model.ExchangeRate,
    model.OrgUnit,
    model.Stakeholder,
    model.StakeholderRole,
    model.InfluenceLink,
    model.DealTeamMember,
    model.Coverage,
    model.Initiative,
    model.SpendZone,
    model.Competitor,
    model.ProductLine,
    model.AccountFit,
    model.Opportunity,
    model.OpportunityCompetitor,
    model.StageChange,
    model.ForecastChange,
    model.DecisionStep,
    model.DecisionDependency,
    model.MeddpiccItem,
    model.RedFlag,
    model.Milestone,
    model.WhitespaceCell,
    model.Meeting,
    model.MeetingAttendee,
    model.MeetingDecision,
    model.Action,
    model.SuccessPlan,
    model.SuccessObjective,
    model.SuccessMilestone,
    model.Responsibility,
    model.NegotiationPlan,
    model.NegotiationTerm,
    model.Negotiator,
    model.DealApproval,
    model.NumbersPlan,
    model.ChangeLogEntry,
]

#: Columns never written: the database's own bookkeeping.
SKIPPED = frozenset({"account_id", "version"})

#: Columns added after format version 1 (2: the funnel's rates; 3: a co-seller's other roles; 4: a deal's
#: forecast category and owner): an older file leaves them out and gets their defaults.
ADDED_LATER = frozenset(
    {
        ("numbers_plans", "stage1_to_qualified_percent"),
        ("numbers_plans", "meeting_to_stage1_percent"),
        ("numbers_plans", "outreach_to_meeting_percent"),
        ("co_sellers", "other_roles"),
        ("opportunities", "forecast_category"),
        ("opportunities", "owner_id"),
    }
)

#: Sections added in format version 4 (the seller's year, issue #17): an older file has none and gets them empty.
SECTIONS_ADDED_LATER = frozenset(
    {
        "seller_plans",
        "exchange_rates",
        "account_fit",
        "forecast_changes",
        "negotiation_plans",
        "negotiation_terms",
        "negotiators",
        "deal_approvals",
    }
)

#: Sections of rows that belong to no account: a file carries those its account uses (see planfile).
GLOBAL_SECTIONS = frozenset({"co_sellers", "seller_plans", "exchange_rates"})

#: Fields that format version 4 moved elsewhere, by section: a file of format 1–3 may carry them (and only
#: such a file). ``numbers_plans``' quota, tiers and big-deal threshold became the seller plan's of the same
#: names (:class:`~accountplan.model.seller.SellerPlan`).
MOVED_IN_4: dict[str, tuple[str, ...]] = {"numbers_plans": ("quota", "commission_tiers", "big_deal_percent")}
#: The format version that moved them.
MOVED_IN_VERSION = 4


def added_later_default(column: Column[Any]) -> Any:
    """The value a file without this later column gets (the model's default), as the file writes it."""
    value = getattr(column.default, "arg", None)
    return value.value if isinstance(value, enum.Enum) else value


def moved_column(section: str, name: str) -> Column[Any]:
    """The column a field of an older file's section moved to (its values are checked as that column's)."""
    assert name in MOVED_IN_4.get(section, ()), f"{section}.{name} did not move"
    table: Table = model.SellerPlan.__table__  # type: ignore[assignment]
    return table.columns[name]


def section_name(entity: type[Base]) -> str:
    return entity.__tablename__


def data_columns(table: Table) -> list[Column[Any]]:
    """The columns a plan file carries for ``table`` (the id included, as the row's local reference)."""
    columns = [c for c in table.columns if c.name not in SKIPPED]
    return sorted(columns, key=lambda c: not c.primary_key)  # the id first, then the table's order


def reference_target(column: Column[Any]) -> str | None:
    """The table a foreign-key column points to, or None for a plain value."""
    for foreign_key in column.foreign_keys:
        return foreign_key.column.table.name
    return None


def encode(column: Column[Any], value: Any) -> Any:
    """A column value as JSON (references are translated by the caller)."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(column.type, UTCDateTime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # never an exponent: a rate of 0.00000001 is not written 1E-8
    return value


def decode(column: Column[Any], value: Any) -> Any:
    """A JSON value (already checked against the schema) as the column's Python value."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Money | Rate):
        return Decimal(value)
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class(value)
    return value


def check_value(column: Column[Any], value: Any) -> str | None:
    """Why ``value`` cannot be parsed for ``column`` (for what the schema cannot say), or None."""
    is_text = isinstance(column.type, String | Text) and not isinstance(column.type, Enum)
    if is_text and isinstance(value, str) and (problem := text_problem(value)) is not None:
        return problem
    try:
        decode(column, value)
    except (ValueError, InvalidOperation):
        return f"{value!r} is not a valid {_describe(column)}"
    return None


def _describe(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "UTC time (YYYY-MM-DDTHH:MM:SSZ)"
    if isinstance(kind, Date):
        return "date (YYYY-MM-DD)"
    if isinstance(kind, Money):
        return "amount"
    if isinstance(kind, Rate):
        return "rate"
    return str(kind)


def column_schema(table: Table, column: Column[Any]) -> dict[str, Any]:
    """The JSON Schema of one column's value."""
    kind = column.type
    schema: dict[str, Any]
    if (
        column.primary_key
        or reference_target(column)
        or (table.name, column.name) == ("change_log", "entity_id")
    ):
        schema = {"type": "integer", "minimum": 1, "maximum": INTEGER_RANGE[1]}
    elif isinstance(kind, Enum):
        schema = {"type": "string", "enum": list(kind.enums)}
    elif isinstance(kind, UTCDateTime):
        schema = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"}
    elif isinstance(kind, Date):
        schema = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d$"}
    elif isinstance(kind, Money):
        schema = {"type": "string", "pattern": r"^-?\d{1,16}(\.\d{1,2})?$"}
    elif isinstance(kind, Rate):
        schema = {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,8})?$"}
    elif isinstance(kind, Boolean):
        schema = {"type": "boolean"}
    elif isinstance(kind, Integer):
        schema = {"type": "integer"}
        schema["minimum"], schema["maximum"] = value_range(column)
    elif isinstance(kind, String | Text):
        schema = {"type": "string", "maxLength": text_limit(column)}
    else:  # pragma: no cover - a new column type must be taught to the plan file
        raise TypeError(f"no plan-file encoding for {table.name}.{column.name} ({kind!r})")
    if (table.name, column.name) in ADDED_LATER:
        schema["default"] = added_later_default(column)
    if column.nullable and not column.primary_key:
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
        schema["type"] = [schema["type"], "null"]
    return schema


def row_schema(table: Table, *, with_id: bool = True) -> dict[str, Any]:
    columns = [c for c in data_columns(table) if with_id or not c.primary_key]
    properties = {c.name: column_schema(table, c) for c in columns}
    for name in MOVED_IN_4.get(table.name, ()):
        moved = moved_column(table.name, name)
        properties[name] = {
            **column_schema(moved.table, moved),
            "description": f"Format 1–3 only: format {MOVED_IN_VERSION} moved it to seller_plans.",
        }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [c.name for c in columns if (table.name, c.name) not in ADDED_LATER],
        "properties": properties,
    }


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file, generated from the model."""
    sections: dict[str, Any] = {
        section_name(entity): {"type": "array", "items": row_schema(entity.__table__)}  # type: ignore[arg-type]
        for entity in SECTIONS
    }
    for name in SECTIONS_ADDED_LATER:
        sections[name]["default"] = []
    account_table: Table = model.Account.__table__  # type: ignore[assignment]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://accountplan.example/schemas/plan-format-{FORMAT_VERSION}.json",
        "title": f"Account Plan plan file, format version {FORMAT_VERSION} (reads every older version)",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "format",
            "format_version",
            "account",
            *(s for s in sections if s not in SECTIONS_ADDED_LATER),
        ],
        "properties": {
            "format": {"const": FORMAT_NAME},
            "format_version": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
            "generator": {"type": "string"},
            "anchor_date": {
                "description": "The day the plan was written for; a demo is moved in time so this day is today.",
                "type": "string",
                "pattern": r"^\d{4}-\d\d-\d\d$",
            },
            "account": row_schema(account_table, with_id=False),
            **sections,
        },
    }
