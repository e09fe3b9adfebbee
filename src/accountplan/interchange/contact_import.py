"""Importing contacts: read a file, :func:`preview` what it would do, then :func:`apply` it in one transaction.

The steps a wizard shows::

    source = open_contacts(path)                      # refused with line and reason when malformed
    file = contacts_from(source, {"Role": "title"})   # the column mapping (CSV only)
    plan = preview(session, account_id, file)         # rows to add / update / skip, issues, cycles
    plan = plan.accepting_cycles()                    # only if the user accepts leaving loops' links out
    with database.transaction() as session:
        apply(session, plan, progress=bar.update, cancelled=lambda: stop_requested)

``apply`` writes in the caller's transaction: a cancel or a failure raises, and the transaction rolls
back to the account exactly as it was. New people are inserted in batches, managers before their
reports, so a 20,000-row file takes seconds. The change log records every person and org unit added
and every field changed, as for any edit, and the import itself (kind "imported", on the account).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from accountplan.errors import CycleRefused, InvalidValue, Refused
from accountplan.interchange.contact_formats import (
    ContactFile,
    ContactFormat,
    contacts_from,
    open_contacts,
    read_contacts,
)
from accountplan.interchange.contact_matching import Node, OrgUnits, account_state, unit_key
from accountplan.interchange.contact_plan import ImportPlan, PlannedRow, RowAction, preview
from accountplan.interchange.progress import CHUNK, Cancel, Progress, Work
from accountplan.model import Account, OrgUnit, Stakeholder
from accountplan.model.enums import ChangeKind
from accountplan.plan import fields
from accountplan.plan.stakeholders import new_stakeholder, update_stakeholder
from accountplan.store.audit import log_change

__all__ = [
    "ContactFile",
    "ContactFormat",
    "ImportPlan",
    "ImportResult",
    "LoopsNotAccepted",
    "Progress",
    "RowAction",
    "apply",
    "contacts_from",
    "open_contacts",
    "plan_lines",
    "preview",
    "read_contacts",
    "summary",
]

#: Rows written between two progress reports (and two checks for a cancel).
BATCH = CHUNK
#: Every field a new person gets, so that all rows of a batch are one multi-row INSERT.
_BLANK: dict[str, Any] = {
    "title": "",
    "email": "",
    "phone": "",
    "location": "",
    "external_id": "",
    "internal_notes": "",
    "org_unit_id": None,
}


class LoopsNotAccepted(CycleRefused):
    """The file makes loops in the reporting lines and leaving out their closing links was not accepted.

    ``plan`` is the preview, for the caller to show; ``names`` the first loop.
    """

    def __init__(self, message: str, plan: ImportPlan) -> None:
        super().__init__(message, list(plan.cycles[0].names))
        self.plan = plan


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, to be told and taken back.

    The ids of the people added (by the line they came from), of the org units added (parents first), and
    each updated person's fields as they were before (by person id).
    """

    added: dict[int, int]
    updated: int
    unchanged: int
    skipped: int
    unit_ids: tuple[int, ...] = ()
    previous: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def units_added(self) -> int:
        return len(self.unit_ids)


def _batches(rows: Sequence[PlannedRow]) -> Iterator[Sequence[PlannedRow]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _waves(rows: Sequence[PlannedRow]) -> list[list[PlannedRow]]:
    """The rows to add by depth below the people already there: every manager is written before their reports."""
    by_node = {-row.line: row for row in rows}
    depth: dict[Node, int] = {}
    for row in rows:
        chain: list[Node] = []
        node = -row.line
        while node not in depth:
            manager = by_node[node].manager
            if manager is None or manager not in by_node:
                depth[node] = 0
                break
            chain.append(node)
            node = manager
        level = depth[node]
        for below in reversed(chain):
            level += 1
            depth[below] = level
    waves: list[list[PlannedRow]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for row in rows:
        waves[depth[-row.line]].append(row)
    return waves


def _create_units(session: Session, plan: ImportPlan) -> dict[tuple[str, ...], int]:
    """Create the plan's new org units, parents first; return their ids by department path (normalised)."""
    assert plan.account_id is not None
    existing = OrgUnits.load(session, plan.account_id)
    created: dict[tuple[str, ...], int] = {}
    for path in plan.new_units:
        parent = created.get(unit_key(path[:-1])) or existing.find(path[:-1]) if len(path) > 1 else None
        unit = OrgUnit(account_id=plan.account_id, name=path[-1], parent_id=parent)
        session.add(unit)
        session.flush()
        created[unit_key(path)] = unit.id
    return created


def _values(row: PlannedRow, units: dict[tuple[str, ...], int]) -> dict[str, Any]:
    values: dict[str, Any] = {
        change.field: change.new
        for change in row.changes
        if change.field not in ("org_unit_id", "reports_to_id")
    }
    if any(change.field == "org_unit_id" for change in row.changes):
        values["org_unit_id"] = (
            row.unit_id if row.unit_id is not None else units[unit_key(row.contact.department)]
        )
    return values


def apply(
    session: Session,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Cancel | None = None,
) -> ImportResult:
    """Carry out a previewed import in the caller's transaction; raise (writing nothing) when it cannot.

    Refused when the file makes loops the user has not accepted (:meth:`ImportPlan.accepting_cycles`),
    and when the account's people changed since the preview. ``progress(done, total)`` is called every
    :data:`BATCH` rows; ``cancelled()`` is asked as often, and True raises :class:`Cancelled`.
    """
    if plan.account_id is None:
        raise InvalidValue("Create the account before importing contacts into it.")
    if not plan.can_apply:
        first = plan.cycles[0]
        more = f" (and {len(plan.cycles) - 1} more)" if len(plan.cycles) > 1 else ""
        raise LoopsNotAccepted(
            f"The file makes a loop in the reporting lines{more}: {first.message}. Nothing was imported; "
            "accept leaving out the links that close the loops to import the rest.",
            plan,
        )
    if account_state(session, plan.account_id) != plan.state:
        raise Refused("The account's people changed since the preview; preview the import again.")
    added, updated = plan.added, plan.updated
    work = Work(len(added) + len(updated), progress, cancelled)
    units = _create_units(session, plan)
    ids: dict[Node, int] = {}
    previous: dict[int, dict[str, Any]] = {}
    for wave in _waves(added):
        for batch in _batches(wave):
            work.check()
            people = []
            for row in batch:
                values = {**_BLANK, **_values(row, units)}
                del values["name"]
                person = new_stakeholder(plan.account_id, row.name, **values)
                person.reports_to_id = ids.get(row.manager, row.manager) if row.manager is not None else None
                people.append(person)
            session.add_all(people)
            session.flush()
            ids.update({-row.line: person.id for row, person in zip(batch, people, strict=True)})
            work.advance(len(batch))
    # Held in the session, so that checking each person's org unit reads (and flushes) nothing.
    held_units = session.scalars(select(OrgUnit).where(OrgUnit.account_id == plan.account_id)).all()
    for batch in _batches(updated):
        work.check()
        wanted = [row.person_id for row in batch]
        loaded = session.scalars(
            select(Stakeholder).where(Stakeholder.id.in_(wanted)).options(lazyload(Stakeholder.role_links))
        )
        people_by_id = {person.id: person for person in loaded}
        for row in batch:
            assert row.person_id is not None
            before = update_stakeholder(session, row.person_id, **_values(row, units))
            if row.manager is not None:
                person = people_by_id[row.person_id]
                before["reports_to_id"] = person.reports_to_id
                person.reports_to_id = ids.get(row.manager, row.manager)
            previous[row.person_id] = before
        session.flush()
        work.advance(len(batch))
    work.check()
    del held_units
    account = fields.get(session, Account, plan.account_id)
    log_change(
        session, account, ChangeKind.IMPORTED, "contacts", None, f"{plan.file.source}: {summary(plan)}"
    )
    return ImportResult(
        {-node: person_id for node, person_id in ids.items()},
        len(updated),
        len(plan.unchanged),
        len(plan.skipped),
        tuple(units.values()),
        previous,
    )


def plan_lines(plan: ImportPlan, *, limit: int = 100) -> list[str]:
    """The preview as text: each section with its rows (at most ``limit`` each) and why."""
    lines: list[str] = []

    def section(title: str, entries: Sequence[str]) -> None:
        if not entries:
            return
        lines.append(f"{title} ({len(entries)}):")
        lines.extend(f"  {entry}" for entry in entries[:limit])
        if len(entries) > limit:
            lines.append(f"  … and {len(entries) - limit} more")

    def person(row: PlannedRow) -> str:
        title = f", {row.contact.title}" if row.contact.title else ""
        return f"line {row.line}: {row.name}{title}"

    def changes(row: PlannedRow) -> str:
        return "; ".join(
            f"{change.label} {_shown(change.old)} → {_shown(change.new)}" for change in row.changes
        )

    section("Added", [person(row) for row in plan.added])
    section("Updated", [f"{person(row)} ({row.reason}): {changes(row)}" for row in plan.updated])
    section("Unchanged", [f"{person(row)} ({row.reason})" for row in plan.unchanged])
    section("Skipped", [f"line {row.line}: {row.name or '(no name)'}: {row.reason}" for row in plan.skipped])
    section(
        "Left out, at other companies (import them with --all-companies)",
        [f"line {row.line}: {row.name}: {row.reason}" for row in plan.left_out],
    )
    section("Possible duplicates", [duplicate.message for duplicate in plan.duplicates])
    section("Managers not found", [issue.message for issue in plan.manager_issues if not issue.ambiguous])
    section("Ambiguous managers", [issue.message for issue in plan.manager_issues if issue.ambiguous])
    section("Reporting loops", [cycle.message for cycle in plan.cycles])
    if plan.new_units:
        lines.append("New org units: " + ", ".join(" / ".join(path) for path in plan.new_units))
    return lines


def _shown(value: str) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= 60 else f"{text[:59]}…") if text else "(none)"


def summary(plan: ImportPlan) -> str:
    """The counts of a plan: "3 added, 1 updated, 2 unchanged, 1 skipped".

    Then, when there are any, the people left out of a LinkedIn export and the possible duplicates:
    "…; 12 left out (at other companies); 2 possible duplicates".
    """
    counts = (len(plan.added), len(plan.updated), len(plan.unchanged), len(plan.skipped))
    text = ", ".join(
        f"{count} {word}"
        for count, word in zip(counts, ("added", "updated", "unchanged", "skipped"), strict=True)
    )
    if plan.left_out:
        text += f"; {len(plan.left_out)} left out (at other companies)"
    flagged = len(plan.possible_duplicates)
    if flagged:
        text += f"; {flagged} possible duplicate{'s' if flagged != 1 else ''}"
    return text
