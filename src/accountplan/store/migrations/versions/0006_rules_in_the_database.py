"""the database holds the plan's rules: enumerations and ranges as CHECK constraints, same-account references

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Existing rows that break a rule are repaired first, and every repair is written into the change log (user
"upgrade to schema 0006"), so nothing is lost silently:

* an unknown enumeration value becomes the column's default (the old value is in the log); where the column
  has no default (a buying role, a MEDDPICC letter, a stage change's process) the row is deleted;
* a stage change whose stage is not one of its process's stages is deleted;
* a number out of its range is brought to the nearest end of the range;
* a reference to another account's row is cleared where it may be empty, and otherwise (a coverage row, an
  influence link...) the row is deleted.

A deleted row is logged with all its values as JSON in the old value; rows that referred to it are cleared or
deleted first, as its foreign keys would have done. On SQLite the file was also backed up before the upgrade.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import sqlalchemy as sa
from alembic import op

from accountplan.model.types import UTCDateTime
from accountplan.store.same_account import (
    account_references,
    apply_same_account_rules,
    crossings,
    remove_same_account_rules,
)
from accountplan.store.team_server import apply_team_security

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

#: The user named in the change log for the repairs.
USER = "upgrade to schema 0006"
#: A repair that deletes the row (the column has no default to fall back on).
DELETE = "delete"

_MILESTONE_STATUS = ("planned", "reached", "missed")
_SALES_STAGES = (
    "reaching_out", "initial_meetings", "selling_vision", "vision_match", "qualification", "discovery",
    "demonstration", "proposal", "negotiation", "closed",
)  # fmt: skip
_BUYING_STAGES = (
    "change", "pain", "needs", "search", "evaluate", "decide", "purchase", "implement", "adopt", "renew_expand",
)  # fmt: skip

#: (table, column, the enumeration's name, its values at this revision, the repair of an unknown value).
ENUMS: tuple[tuple[str, str, str, tuple[str, ...], str | None], ...] = (
    ("accounts", "status", "accountstatus", (
        "cold", "working", "nurture_active", "nurture_quarterly", "nurture_dead", "avoid_client", "avoid_bad_fit",
        "avoid_duplicate",
    ), "working"),
    ("actions", "status", "actionstatus", ("open", "in_progress", "done", "cancelled"), "open"),
    ("change_log", "kind", "changekind", ("created", "updated", "deleted", "imported"), "updated"),
    ("co_sellers", "role", "cosellerrole", (
        "account_executive", "solution_consultant", "customer_success_manager", "professional_services",
        "specialist", "partner", "reseller", "sdr_bdr", "executive_sponsor", "renewals", "deal_desk_legal",
    ), "specialist"),
    ("co_sellers", "firm_kind", "firmkind", ("ours", "partner"), "ours"),
    ("coverage", "strength", "relationshipstrength", ("none", "brief", "working", "strong", "trusted_advisor"), "brief"),
    ("decision_steps", "kind", "decisionstepkind", (
        "business_case", "technical_evaluation", "security_review", "procurement", "legal", "board_approval",
        "budget_approval", "pilot", "reference_check", "signature", "other",
    ), "other"),
    ("decision_steps", "status", "stepstatus", ("not_started", "in_progress", "done", "blocked"), "not_started"),
    ("influence_links", "kind", "influencekind", (
        "influences", "trusts", "informally_reports_to", "in_conflict_with",
    ), "influences"),
    ("meddpicc_items", "letter", "meddpiccletter", (
        "metrics", "economic_buyer", "decision_criteria", "decision_process", "paper_process", "identify_pain",
        "champion", "competition",
    ), DELETE),
    ("meetings", "status", "meetingstatus", ("planned", "held"), "planned"),
    ("milestones", "phase", "journeyphase", ("land", "prove", "expand"), "land"),
    ("milestones", "status", "milestonestatus", _MILESTONE_STATUS, "planned"),
    ("opportunities", "type", "opportunitytype", ("new", "expansion", "cross_sell", "renewal"), "new"),
    ("opportunities", "sales_stage", "salesstage", _SALES_STAGES, "reaching_out"),
    ("opportunities", "buying_stage", "buyingstage", _BUYING_STAGES, "change"),
    ("opportunities", "outcome", "outcome", ("won", "lost", "no_decision"), None),
    ("red_flags", "severity", "severity", ("low", "medium", "high", "critical"), "medium"),
    ("red_flags", "status", "redflagstatus", ("open", "countered", "closed"), "open"),
    ("stage_changes", "process", "stageprocess", ("sales", "buying"), DELETE),
    ("stakeholder_roles", "role", "buyingrole", (
        "economic_buyer", "decision_maker", "technical_evaluator", "business_evaluator", "user", "influencer",
        "gatekeeper", "procurement", "legal", "champion", "coach",
    ), DELETE),
    ("stakeholders", "stance", "stance", ("champion", "supporter", "neutral", "skeptic", "detractor"), "neutral"),
    ("stakeholders", "status", "stakeholderstatus", ("active", "departed"), "active"),
    ("success_milestones", "phase", "successphase", ("deployment", "adoption", "business_impact"), "deployment"),
    ("success_milestones", "status", "milestonestatus", _MILESTONE_STATUS, "planned"),
    ("whitespace_cells", "status", "whitespacestatus", (
        "ours", "competitor", "open_opportunity", "not_a_fit", "unknown",
    ), "unknown"),
)  # fmt: skip

#: A stage change names a stage of its own process (repair: the row is deleted).
STAGE_OF_PROCESS = " OR ".join(
    f"(process = '{process}' AND stage IN ({', '.join(repr(stage) for stage in stages)}))"
    for process, stages in (("sales", _SALES_STAGES), ("buying", _BUYING_STAGES))
)

#: (table, column, lowest, highest): numbers the database did not check before (repair: the nearest end).
RANGES: tuple[tuple[str, str, int, int], ...] = (
    ("accounts", "fiscal_year_start_month", 1, 12),
    ("numbers_plans", "win_rate_percent", 0, 100),
    ("numbers_plans", "stage1_to_qualified_percent", 1, 100),
    ("numbers_plans", "meeting_to_stage1_percent", 1, 100),
    ("numbers_plans", "outreach_to_meeting_percent", 1, 100),
    ("numbers_plans", "cycle_months", 0, 120),
    ("numbers_plans", "big_deal_percent", 0, 1000),
)

#: Where the change log finds a row's name (as the model's label_attribute at this revision).
LABELS = {
    "accounts": "name", "actions": "title", "co_sellers": "name", "competitors": "name",
    "decision_steps": "name", "influence_links": "kind", "initiatives": "title", "meddpicc_items": "letter",
    "meeting_decisions": "text", "meetings": "title", "milestones": "title", "opportunities": "name",
    "org_units": "name", "product_lines": "name", "red_flags": "title", "responsibilities": "description",
    "spend_zones": "name", "stakeholder_roles": "role", "stakeholders": "name", "success_milestones": "title",
    "success_objectives": "metric", "success_plans": "title",
}  # fmt: skip

#: Unique together with an enumeration column: setting its default could make a duplicate (then: deleted).
UNIQUE_WITH = {("influence_links", "kind"): ("source_id", "target_id")}

_CHANGE_LOG = sa.table(
    "change_log",
    sa.column("account_id", sa.Integer),
    sa.column("at", UTCDateTime()),
    sa.column("user", sa.String),
    sa.column("kind", sa.String),
    sa.column("entity_type", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("entity_label", sa.String),
    sa.column("field", sa.String),
    sa.column("old_value", sa.Text),
    sa.column("new_value", sa.Text),
)


def checks() -> dict[str, list[tuple[str, str]]]:
    """The CHECK constraints this revision adds, by table: (name, condition)."""
    added: dict[str, list[tuple[str, str]]] = {}
    for table, column, name, values, _repair in ENUMS:
        condition = f"{column} IN ({', '.join(repr(v) for v in values)})"
        added.setdefault(table, []).append((f"ck_{table}_{name}", condition))
    for table, column, low, high in RANGES:
        added.setdefault(table, []).append(
            (f"ck_{table}_{column}_range", f"{column} BETWEEN {low} AND {high}")
        )
    added.setdefault("stage_changes", []).append(("ck_stage_changes_stage_of_process", STAGE_OF_PROCESS))
    return added


def upgrade() -> None:
    bind = op.get_bind()
    repairs = _Repairs(bind)
    repairs.unknown_values()
    repairs.references_across_accounts()
    for table, added in checks().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, condition in added:
                batch_op.create_check_constraint(op.f(name), condition)
    apply_same_account_rules(bind)
    apply_team_security(bind)  # idempotent: the team server's access rules, as they stand now


def downgrade() -> None:
    bind = op.get_bind()
    remove_same_account_rules(bind)  # first: SQLite cannot rebuild a table that other tables' triggers name
    for table, added in checks().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _condition in reversed(added):
                batch_op.drop_constraint(op.f(name), type_="check")


class _Repairs:
    """The repairs of rows that break the new rules, each written into the change log."""

    def __init__(self, bind: sa.Connection) -> None:
        self.bind = bind
        inspector = sa.inspect(bind)
        columns = {name: cols for (_s, name), cols in inspector.get_multi_columns().items()}
        self.columns = {name: [c["name"] for c in cols] for name, cols in columns.items()}
        nullable = {(name, c["name"]): bool(c["nullable"]) for name, cols in columns.items() for c in cols}
        #: (table, column, nullable) of every foreign key, by the table it refers to.
        self.referring: dict[str, list[tuple[str, str, bool]]] = {}
        for (_s, name), keys in inspector.get_multi_foreign_keys().items():
            for key in keys:
                (column,) = key["constrained_columns"]
                self.referring.setdefault(key["referred_table"], []).append(
                    (name, column, nullable[(name, column)])
                )
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    def unknown_values(self) -> None:
        for table, column, _name, values, repair in ENUMS:
            rows = self._select(table, f"{column} IS NOT NULL AND {column} NOT IN ({_sql_list(values)})")
            for row in rows:
                if repair == DELETE or self._would_duplicate(table, column, row, repair):
                    self.delete(table, row, f"{column} {row[column]!r} is not one of its values")
                else:
                    self.set(table, row, column, repair, f"{column} {row[column]!r} is not one of its values")
        for row in self._select("stage_changes", f"NOT ({STAGE_OF_PROCESS})"):
            self.delete("stage_changes", row, f"stage {row['stage']!r} is not a {row['process']} stage")
        for table, column, low, high in RANGES:
            for row in self._select(table, f"{column} NOT BETWEEN {low} AND {high}"):
                nearest = _nearest(row[column], low, high)
                self.set(table, row, column, nearest, f"{column} {row[column]} is out of {low}–{high}")

    def references_across_accounts(self) -> None:
        for reference in account_references(self.bind):
            for crossing in crossings(self.bind, reference):
                found = self._select(reference.table, f"id = {crossing.row_id}")
                if not found:
                    continue  # deleted meanwhile, with a row it referred to
                why = crossing.describe()
                if reference.nullable:
                    old = f"{reference.target} {crossing.target_id} of account {crossing.target_account_id}"
                    self.set(reference.table, found[0], reference.column, None, why, logged_old=old)
                else:
                    self.delete(reference.table, found[0], why)

    def set(
        self,
        table: str,
        row: dict[str, Any],
        column: str,
        value: Any,
        why: str,
        *,
        logged_old: str | None = None,
    ) -> None:
        bump = ", version = version + 1" if "version" in self.columns[table] else ""
        self.bind.execute(
            sa.text(f"UPDATE {self._quote(table)} SET {self._quote(column)} = :value{bump} WHERE id = :id"),
            {"value": value, "id": row["id"]},
        )
        old = logged_old if logged_old is not None else row[column]
        self._log(table, row, "updated", column, None if old is None else str(old), value)
        log.warning("%s row %s: %s; %s set to %r", table, row["id"], why, column, value)

    def delete(self, table: str, row: dict[str, Any], why: str) -> None:
        """Delete a row, first clearing or deleting the rows that refer to it (as its foreign keys would)."""
        for referring, column, nullable in self.referring.get(table, []):
            for dependent in self._select(referring, f"{column} = {int(row['id'])}"):
                reason = f"{table} row {row['id']} it referred to was deleted"
                if nullable:
                    self.set(referring, dependent, column, None, reason)
                else:
                    self.delete(referring, dependent, reason)
        self.bind.execute(sa.text(f"DELETE FROM {self._quote(table)} WHERE id = :id"), {"id": row["id"]})
        values = json.dumps(row, default=str, ensure_ascii=False)
        self._log(table, row, "deleted", "", values, None)
        log.warning("%s row %s deleted: %s", table, row["id"], why)

    def _would_duplicate(self, table: str, column: str, row: dict[str, Any], value: Any) -> bool:
        together = UNIQUE_WITH.get((table, column))
        if together is None:
            return False
        same = " AND ".join(f"{c} = :{c}" for c in together)
        query = f"SELECT 1 FROM {self._quote(table)} WHERE {same} AND {column} = :value AND id <> :id"
        found = self.bind.execute(
            sa.text(query), {**{c: row[c] for c in together}, "value": value, "id": row["id"]}
        )
        return found.first() is not None

    def _select(self, table: str, condition: str) -> list[dict[str, Any]]:
        query = sa.text(f"SELECT * FROM {self._quote(table)} WHERE {condition} ORDER BY id")
        return [dict(row) for row in self.bind.execute(query).mappings()]

    def _log(self, table: str, row: dict[str, Any], kind: str, field: str, old: str | None, new: Any) -> None:
        account = row["id"] if table == "accounts" else row.get("account_id")
        label_column = LABELS.get(table)
        label = str(row[label_column]) if label_column and row.get(label_column) else f"{table} {row['id']}"
        self.bind.execute(
            sa.insert(_CHANGE_LOG).values(
                account_id=account,
                at=self.now,
                user=USER,
                kind=kind,
                entity_type=table,
                entity_id=row["id"],
                entity_label=label[:300],
                field=field,
                old_value=old,
                new_value=None if new is None else str(new),
            )
        )

    def _quote(self, name: str) -> str:
        return str(self.bind.dialect.identifier_preparer.quote(name))


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _nearest(value: Any, low: int, high: int) -> int:
    """The end of the range nearest to ``value`` (the lowest for what is not a number: SQLite keeps any text)."""
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return low
