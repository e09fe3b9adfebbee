"""The preview of a contact import: who would be added, updated or skipped and why, unresolved managers, loops.

``preview`` reads the account once and decides every row in memory; nothing is written. People already in
the account are matched by external id, then email, then name and title, so importing the same file twice
adds nobody. Managers are resolved by id, then email, then name, in the file and in the account.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from accountplan.errors import InvalidValue
from accountplan.interchange.contact_formats import ContactFile
from accountplan.interchange.contact_matching import (
    Known,
    Node,
    OrgUnits,
    PeopleIndex,
    account_state,
    find_manager,
    load_people,
    norm,
    reporting_loops,
    unit_key,
)
from accountplan.interchange.contact_records import Contact
from accountplan.model import OrgUnit, Stakeholder
from accountplan.plan import fields

#: The fields a file sets, in the order a change is shown; each with how a user calls it.
FIELD_LABELS = {
    "name": "name",
    "title": "title",
    "email": "email",
    "phone": "phone",
    "location": "location",
    "external_id": "external id",
    "internal_notes": "internal notes",
    "org_unit_id": "org unit",
    "reports_to_id": "manager",
}
_PLAIN = ("name", "title", "email", "phone", "location", "external_id")


class RowAction(enum.Enum):
    """What the import does with one row of the file."""

    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"


@dataclass(frozen=True)
class Change:
    """One field of a person as it is and as the import leaves it (names for the org unit and manager)."""

    field: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


@dataclass(frozen=True)
class PlannedRow:
    """One row of the file and what the import does with it."""

    contact: Contact
    action: RowAction
    reason: str
    person_id: int | None = None  # the person in the account the row matches
    changes: tuple[Change, ...] = ()
    unit_id: int | None = None  # an existing org unit to put them in (a new one: see the department)
    manager: Node | None = None  # their manager after the import (None: none, or left as it is)

    @property
    def line(self) -> int:
        return self.contact.line

    @property
    def name(self) -> str:
        return self.contact.name

    def value(self, name: str) -> str:
        return next((change.new for change in self.changes if change.field == name), "")


@dataclass(frozen=True)
class ManagerIssue:
    """A manager the file names who could not be settled: nobody by that reference, or several people."""

    line: int
    name: str
    reference: str
    candidates: tuple[str, ...]
    message: str

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass(frozen=True)
class ReportingCycle:
    """A loop the file makes in the reporting lines; ``line`` is the row whose manager link closes it."""

    names: tuple[str, ...]
    line: int
    message: str


@dataclass(frozen=True)
class ImportPlan:
    """What importing a file into an account would do; :func:`contact_import.apply` carries it out."""

    account_id: int | None
    file: ContactFile
    rows: tuple[PlannedRow, ...]
    new_units: tuple[tuple[str, ...], ...]
    manager_issues: tuple[ManagerIssue, ...]
    cycles: tuple[ReportingCycle, ...]
    accept_cycles: bool = False
    #: The account's people and org units as the preview saw them (see ``account_state``).
    state: tuple[int, ...] = ()

    def _with(self, action: RowAction) -> tuple[PlannedRow, ...]:
        return tuple(row for row in self.rows if row.action is action)

    @property
    def added(self) -> tuple[PlannedRow, ...]:
        return self._with(RowAction.ADD)

    @property
    def updated(self) -> tuple[PlannedRow, ...]:
        return self._with(RowAction.UPDATE)

    @property
    def unchanged(self) -> tuple[PlannedRow, ...]:
        return self._with(RowAction.UNCHANGED)

    @property
    def skipped(self) -> tuple[PlannedRow, ...]:
        return self._with(RowAction.SKIP)

    @property
    def can_apply(self) -> bool:
        """Whether the import may go ahead: no loop, or the user accepted leaving their closing links out."""
        return not self.cycles or self.accept_cycles

    def accepting_cycles(self) -> ImportPlan:
        """The same plan, the user having accepted that the links closing loops are left out."""
        return replace(self, accept_cycles=True)


@dataclass
class _Draft:
    contact: Contact
    node: Node
    reason: str
    known: Known | None = None
    changes: dict[str, Change] = field(default_factory=dict)
    unit_id: int | None = None
    manager: Node | None = None

    def freeze(self) -> PlannedRow:
        if self.known is None:
            action = RowAction.ADD
        else:
            action = RowAction.UPDATE if self.changes else RowAction.UNCHANGED
        reason = self.reason if action is not RowAction.UNCHANGED else f"{self.reason}; already up to date"
        changes = tuple(self.changes[name] for name in FIELD_LABELS if name in self.changes)
        person = self.known.id if self.known else None
        return PlannedRow(self.contact, action, reason, person, changes, self.unit_id, self.manager)


def merged_notes(current: str, imported: str) -> str:
    """Internal notes after an import: the file's text added below the seller's own, never twice."""
    if not imported or imported in current:
        return current
    return f"{current.rstrip()}\n\n{imported}" if current.strip() else imported


def _longest(entity: type[Stakeholder] | type[OrgUnit], name: str) -> int:
    length = entity.__table__.columns[name].type.length  # type: ignore[attr-defined]
    return int(length)


#: The longest value each field takes, checked up front so that a 20,000-row file costs no per-value call.
_LONGEST = {name: _longest(Stakeholder, name) for name in _PLAIN}
_LONGEST_UNIT = _longest(OrgUnit, "name")


def _problem(contact: Contact) -> str:
    """Why the row cannot be imported as it is (a value too long for its field), or ""."""
    try:
        for name, longest in _LONGEST.items():
            if len(getattr(contact, name)) > longest:
                fields.coerce(Stakeholder, name, getattr(contact, name))  # says so in the usual words
        for part in contact.department:
            if len(part) > _LONGEST_UNIT:
                fields.coerce(OrgUnit, "name", part)
    except InvalidValue as exc:
        return str(exc).rstrip(".")
    return ""


class _Planner:
    def __init__(self, people: dict[int, Known], units: OrgUnits) -> None:
        self.people = people
        self.units = units
        self.account = PeopleIndex()
        for known in people.values():
            self.account.add(known.id, known.external_id, known.email, known.name, known.title)
        self.file = PeopleIndex()
        self.rows: list[PlannedRow | _Draft] = []
        self.drafts: dict[Node, _Draft] = {}
        self.new_units: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.unit_of: dict[tuple[str, ...], int | None] = {}
        self.issues: list[ManagerIssue] = []
        self.cycles: list[ReportingCycle] = []

    def name_of(self, node: Node) -> str:
        draft = self.drafts.get(node)
        return draft.contact.name if draft is not None else self.people[node].name

    def where(self, node: Node) -> str:
        draft = self.drafts.get(node)
        return f"line {draft.contact.line}" if draft is not None else "already in the account"

    def skip(self, contact: Contact, reason: str) -> None:
        self.rows.append(PlannedRow(contact, RowAction.SKIP, reason))

    def add_row(self, contact: Contact) -> None:
        if not contact.name:
            return self.skip(contact, "the row has no name")
        problem = _problem(contact)
        if problem:
            return self.skip(contact, problem)
        keys = (contact.external_id, contact.email, contact.name, contact.title)
        earlier, how = self.file.same_person(*keys)
        if earlier:
            return self.skip(contact, f"the same person as {self.where(earlier[0])} (same {how})")
        found, how = self.account.same_person(*keys)
        if len(found) > 1:
            names = ", ".join(self.people[node].name for node in found[:5])
            return self.skip(contact, f"{len(found)} people in the account have this {how} ({names})")
        if found and found[0] in self.drafts:
            where = self.where(found[0])
            return self.skip(contact, f"{self.people[found[0]].name} is already matched by {where}")
        known = self.people[found[0]] if found else None
        node = known.id if known else -contact.line
        reason = f"matches {known.name} by {how}" if known else "new in the account"
        draft = _Draft(contact, node, reason, known)
        self._fill(draft)
        self.file.add(node, *keys)
        self.drafts[node] = draft
        self.rows.append(draft)

    def _fill(self, draft: _Draft) -> None:
        contact, known = draft.contact, draft.known
        for name in _PLAIN:
            new = getattr(contact, name)
            if not new:
                continue
            old = getattr(known, name) if known else ""
            if known and (
                new == old or name == "email" and norm(new) == norm(old) or name == "external_id" and old
            ):
                continue
            draft.changes[name] = Change(name, old, new)
        current_notes = known.internal_notes if known else ""
        notes = merged_notes(current_notes, contact.notes)
        if notes != current_notes:
            draft.changes["internal_notes"] = Change("internal_notes", current_notes, notes)
        if contact.department:
            draft.unit_id = self._unit(contact.department)
            current = known.org_unit_id if known else None
            if draft.unit_id is None or draft.unit_id != current:
                new_unit = " / ".join(contact.department)
                draft.changes["org_unit_id"] = Change("org_unit_id", self.units.name(current), new_unit)

    def _unit(self, path: tuple[str, ...]) -> int | None:
        """The existing unit of a department path, else None with the units to create noted (once per path)."""
        key = unit_key(path)
        if key not in self.unit_of:
            self.unit_of[key] = self.units.find(path)
            if self.unit_of[key] is None:
                for missing in self.units.missing(path):
                    self.new_units.setdefault(unit_key(missing), missing)
        return self.unit_of[key]

    def resolve_managers(self) -> None:
        for draft in self.drafts.values():
            ref = draft.contact.manager
            if not ref:
                continue
            found = find_manager(ref, (self.file, self.account))
            keeps = "keeps their manager" if draft.known else "is added without a manager"
            said = f"{draft.contact.name} (line {draft.contact.line}) reports to {ref.describe()}"
            if len(found) > 1:
                candidates = tuple(f"{self.name_of(node)} ({self.where(node)})" for node in found)
                message = f"{said}, who could be any of {len(found)} people: {', '.join(candidates)}; {draft.contact.name} {keeps}"
                self.issues.append(
                    ManagerIssue(draft.contact.line, draft.contact.name, ref.describe(), candidates, message)
                )
            elif not found:
                message = (
                    f"{said}, who is neither in the file nor in the account; {draft.contact.name} {keeps}"
                )
                self.issues.append(
                    ManagerIssue(draft.contact.line, draft.contact.name, ref.describe(), (), message)
                )
            else:
                current = draft.known.reports_to_id if draft.known else None
                if found[0] != current:
                    draft.manager = found[0]
                    old = self.name_of(current) if current is not None else ""
                    draft.changes["reports_to_id"] = Change("reports_to_id", old, self.name_of(found[0]))

    def break_cycles(self) -> None:
        manager_of = {known.id: known.reports_to_id for known in self.people.values() if known.reports_to_id}
        manager_of.update({node: d.manager for node, d in self.drafts.items() if d.manager is not None})
        for loop in reporting_loops(manager_of):
            links = [node for node in loop if node in self.drafts and self.drafts[node].manager is not None]
            if not links:
                continue  # not the file's doing
            cut = max(links, key=lambda node: self.drafts[node].contact.line)
            draft = self.drafts[cut]
            start = loop.index(cut)
            names = tuple(self.name_of(node) for node in loop[start:] + loop[:start])
            shown = " → ".join((*names, names[0]))
            manager = self.name_of(draft.manager) if draft.manager is not None else ""
            message = (
                f"the reporting line loops ({shown}); left out: {draft.contact.name} reporting to "
                f"{manager} (line {draft.contact.line})"
            )
            self.cycles.append(ReportingCycle(names, draft.contact.line, message))
            draft.manager = None
            draft.changes.pop("reports_to_id", None)
            draft.reason += f"; their manager link is left out (it closes a loop: {shown})"


def preview(
    session: Session, account_id: int | None, file: ContactFile, *, accept_cycles: bool = False
) -> ImportPlan:
    """What importing ``file`` into the account would do (``None``: an account still to be created).

    Nothing is written. The plan lists every row with its action and reason, the org units to create,
    the managers that could not be settled, and the loops the file would make in the reporting lines
    (each with the link left out to break it, which the user must accept before :func:`apply`).
    """
    planner = _Planner(load_people(session, account_id), OrgUnits.load(session, account_id))
    for contact in file.contacts:
        planner.add_row(contact)
    planner.resolve_managers()
    planner.break_cycles()
    rows = tuple(row.freeze() if isinstance(row, _Draft) else row for row in planner.rows)
    return ImportPlan(
        account_id,
        file,
        rows,
        tuple(planner.new_units.values()),
        tuple(planner.issues),
        tuple(planner.cycles),
        accept_cycles,
        account_state(session, account_id),
    )
