"""The preview of a contact import: who would be added, updated or skipped and why, unresolved managers, loops.

``preview`` reads the account once and decides every row in memory; nothing is written. People already in
the account are matched by external id, then email, then name and title (names and titles compared without
case, accents or extra blanks), so importing the same file twice adds nobody. Within one file, rows with
different ids are different people whatever their names; rows with the same name and title that no id tells
apart are imported as separate people and listed as possible duplicates. Managers are resolved by id, then
email, then name, in the file and in the account.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from accountplan.analysis.loops import find_loops
from accountplan.errors import InvalidValue
from accountplan.interchange.contact_formats import ContactFile, ContactFormat
from accountplan.interchange.contact_matching import (
    Known,
    Node,
    OrgUnits,
    PeopleIndex,
    account_state,
    find_manager,
    load_people,
    norm,
    same_company,
    unit_key,
)
from accountplan.interchange.contact_records import Contact
from accountplan.model import Account, OrgUnit, Stakeholder
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
#: The fields whose stored spelling is kept when the file's differs only in case, accents or blanks.
_FOLDED = frozenset({"name", "title", "email"})


class RowAction(enum.Enum):
    """What the import does with one row of the file."""

    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"
    #: A LinkedIn connection at another company than the account (imported only when asked for).
    LEFT_OUT = "left out"


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
class PossibleDuplicate:
    """People of one name and title that no id tells apart: the file's lines, and how many were already in."""

    name: str
    title: str
    lines: tuple[int, ...]
    existing: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """The group as the preview lists it: "Ann Lee, Analyst: lines 4 and 9, and 1 already in the account; …"."""
        who = f"{self.name}, {self.title}" if self.title else self.name
        lines = [str(line) for line in self.lines]
        where = f"line{'s' if len(lines) > 1 else ''} {_and(lines)}"
        if self.existing:
            where += f", and {len(self.existing)} already in the account"
        return f"{who}: {where}; all are imported, merge them later if they are one person"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


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
    #: People of the same name and title that no id tells apart, imported as separate people.
    duplicates: tuple[PossibleDuplicate, ...] = ()
    #: Whether a LinkedIn export's people of other companies are imported too (see ``left_out``).
    all_companies: bool = False

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
    def possible_duplicates(self) -> tuple[PlannedRow, ...]:
        """The people added who may be someone else of the same name and title (see ``duplicates``)."""
        lines = {line for duplicate in self.duplicates for line in duplicate.lines}
        return tuple(row for row in self.added if row.line in lines)

    @property
    def left_out(self) -> tuple[PlannedRow, ...]:
        """The people of a LinkedIn export who work at another company than the account."""
        return self._with(RowAction.LEFT_OUT)

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
    def __init__(self, people: dict[int, Known], units: OrgUnits, contacts: tuple[Contact, ...]) -> None:
        self.people = people
        self.units = units
        self.account = PeopleIndex()
        for known in people.values():
            self.account.add(known.id, known.external_id, known.email, known.name, known.title)
        self.file = PeopleIndex()
        self.file_ids: dict[Node, str] = {}  # the id each row of the file gives (node → id)
        #: How many rows of the file have each name and title (to pair them with as many in the account).
        self.name_titles = Counter(_name_title(contact) for contact in contacts)
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
        earlier = self._earlier(contact)
        if earlier is not None:
            node, how = earlier
            return self.skip(contact, f"the same person as {self.where(node)} (same {how})")
        keys = (contact.external_id, contact.email, contact.name, contact.title)
        found, how = self.account.same_person(*keys)
        if how == "name and title":
            # Several people of one name and title: matched one to one, in order, when the file has as many.
            if len(found) > 1 and self.name_titles[_name_title(contact)] < len(found):
                names = ", ".join(self.people[node].name for node in found[:5])
                return self.skip(contact, f"{len(found)} people in the account have this {how} ({names})")
            found = [node for node in found if node not in self.drafts][:1]
            how = how if found else ""
        elif len(found) > 1:
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
        self.file_ids[node] = contact.external_id.strip()
        self.drafts[node] = draft
        self.rows.append(draft)

    def _earlier(self, contact: Contact) -> tuple[Node, str] | None:
        """An earlier row of the file that is this person, and by what.

        The same id, or the same email unless both rows carry ids: rows with different ids are different
        people, whatever else they share.
        """
        external_id = contact.external_id.strip()
        if external_id and (found := self.file.by_id.get(external_id)):
            return found[0], "id"
        if contact.email:
            for node in self.file.by_email.get(norm(contact.email), ()):
                if not (external_id and self.file_ids.get(node)):
                    return node, "email"
        return None

    def possible_duplicates(self) -> list[PossibleDuplicate]:
        """Each name and title the import adds someone to while another has it and no id tells them apart.

        The reasons of the rows added say so too.
        """
        groups: dict[tuple[str, str], list[_Draft]] = {}
        for draft in self.drafts.values():
            groups.setdefault(_name_title(draft.contact), []).append(draft)
        found: list[PossibleDuplicate] = []
        for key, drafts in groups.items():
            matched = {draft.known.id for draft in drafts if draft.known is not None}
            others = [
                self.people[node]
                for node in self.account.by_name_title.get(key, ())
                if node not in matched and node in self.people
            ]
            added = [draft for draft in drafts if draft.known is None]
            ids = [bool(d.contact.external_id or (d.known and d.known.external_id)) for d in drafts]
            ids += [bool(known.external_id) for known in others]
            if not added or len(ids) < 2 or all(ids):
                continue
            first = drafts[0].contact
            lines = tuple(draft.contact.line for draft in drafts)
            found.append(PossibleDuplicate(first.name, first.title, lines, tuple(k.name for k in others)))
            for draft in added:
                same = [f"line {line}" for line in lines if line != draft.contact.line]
                same += ["someone already in the account"] if others else []
                draft.reason += f"; maybe the same person as {_and(same)} (same name and title)"
        return found

    def _fill(self, draft: _Draft) -> None:
        contact, known = draft.contact, draft.known
        for name in _PLAIN:
            new = getattr(contact, name)
            if not new:
                continue
            old = getattr(known, name) if known else ""
            if known and (
                new == old or name in _FOLDED and norm(new) == norm(old) or name == "external_id" and old
            ):
                continue  # a spelling that differs only in case, accents or blanks never replaces the stored one
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
        for loop in find_loops(manager_of.items()):
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


def _name_title(contact: Contact) -> tuple[str, str]:
    return norm(contact.name), norm(contact.title)


def preview(
    session: Session,
    account_id: int | None,
    file: ContactFile,
    *,
    accept_cycles: bool = False,
    all_companies: bool = False,
    account_name: str = "",
) -> ImportPlan:
    """What importing ``file`` into the account would do (``None``: an account still to be created).

    Nothing is written. The plan lists every row with its action and reason, the org units to create,
    the managers that could not be settled, the people listed as possible duplicates, and the loops the
    file would make in the reporting lines (each with the link left out to break it, which the user must
    accept before :func:`apply`). The people of a LinkedIn export who work at another company than the
    account (``account_name``, else the account's own) are left out unless ``all_companies``.
    """
    contacts = file.contacts
    left_out: list[PlannedRow] = []
    if file.format is ContactFormat.LINKEDIN and not all_companies and file.names_companies:
        if not account_name and account_id is not None:
            account_name = fields.get(session, Account, account_id).name
        kept = []
        for contact in contacts:
            if contact.name and not same_company(contact.company, account_name):
                at = f"works at {contact.company}" if contact.company else "names no company"
                left_out.append(PlannedRow(contact, RowAction.LEFT_OUT, f"{at}, not {account_name}"))
            else:
                kept.append(contact)
        contacts = tuple(kept)
    planner = _Planner(load_people(session, account_id), OrgUnits.load(session, account_id), contacts)
    for contact in contacts:
        planner.add_row(contact)
    planner.resolve_managers()
    planner.break_cycles()
    duplicates = planner.possible_duplicates()
    rows = [row.freeze() if isinstance(row, _Draft) else row for row in planner.rows]
    return ImportPlan(
        account_id,
        file,
        tuple(sorted((*rows, *left_out), key=lambda row: row.line)),
        tuple(planner.new_units.values()),
        tuple(planner.issues),
        tuple(planner.cycles),
        accept_cycles,
        account_state(session, account_id),
        tuple(duplicates),
        all_companies,
    )
