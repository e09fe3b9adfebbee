"""Who a contact is: people found by id, email, then name (and title), and org units by name.

Everything is read once per import into memory (a 20,000-row file makes no query per row). A person is a
*node*: an id (> 0) for someone already in the account, minus the line number for a row the import adds.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from accountplan.interchange.contact_records import ManagerRef
from accountplan.model import OrgUnit, Stakeholder

Node = int


#: The accents folded away for matching (Latin, Greek, Cyrillic diacritics; the kana voicing marks are kept).
_ACCENTS = re.compile("[\u0300-\u036f]")


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Text compared without case, accents, width or extra blanks ("José  GARCÍA" is "jose garcia").

    Only for matching: what is stored keeps the spelling it was given.
    """
    folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", text)).casefold()
    return " ".join(folded.split())


#: Legal forms left out when company names are compared ("Customer AG" is "Customer AS" is "Customer").
_LEGAL_FORMS = frozenset(
    ("ab", "ag", "as", "asa", "bv", "co", "company", "corp", "corporation", "gmbh", "inc", "incorporated")
    + ("kg", "kk", "limited", "llc", "llp", "ltd", "nv", "oy", "oyj", "plc", "pte", "pty", "sa", "sarl")
    + ("sas", "spa", "srl")
)
_LEGAL_FORMS_CJK = re.compile(r"株式会社|有限会社|合同会社|\(株\)|\(有\)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def company_key(name: str) -> str:
    """A company name compared without case, accents, punctuation or its legal form ("ACME, Inc." is "acme")."""
    text = _LEGAL_FORMS_CJK.sub(" ", norm(name))
    words = re.sub(r"[.,()\"'’]", " ", text).split()
    return " ".join(word for word in words if word not in _LEGAL_FORMS)


def same_company(company: str, account: str) -> bool:
    """Whether someone who works at ``company`` works at the account named ``account``.

    The same name, or one the start of the other ("Toyota" and "Toyota Motor Corporation"); a blank company
    is nobody's.
    """
    ours, theirs = company_key(account), company_key(company)
    if not ours or not theirs:
        return False
    if ours == theirs:
        return True
    shorter, longer = sorted((ours, theirs), key=len)
    if _CJK.search(shorter):
        return longer.startswith(shorter)
    return longer.startswith(shorter + " ")


def unit_key(path: tuple[str, ...]) -> tuple[str, ...]:
    """A department path compared without case, accents or extra blanks."""
    return tuple(norm(part) for part in path)


@dataclass(frozen=True)
class Known:
    """A person already in the account, with the fields an import may change."""

    id: int
    name: str
    title: str
    email: str
    phone: str
    location: str
    external_id: str
    internal_notes: str
    org_unit_id: int | None
    reports_to_id: int | None


_KNOWN_COLUMNS = (
    Stakeholder.id,
    Stakeholder.name,
    Stakeholder.title,
    Stakeholder.email,
    Stakeholder.phone,
    Stakeholder.location,
    Stakeholder.external_id,
    Stakeholder.internal_notes,
    Stakeholder.org_unit_id,
    Stakeholder.reports_to_id,
)


def load_people(session: Session, account_id: int | None) -> dict[int, Known]:
    """The account's people by id, in one query (none for an account still to be created)."""
    if account_id is None:
        return {}
    query = select(*_KNOWN_COLUMNS).where(Stakeholder.account_id == account_id).order_by(Stakeholder.id)
    return {row.id: Known(**row._asdict()) for row in session.execute(query)}


@dataclass(frozen=True)
class AccountNames:
    """The account's people as the preview names them: by external id and email, and each one's manager."""

    by_key: dict[str, str] = field(default_factory=dict)
    manager_of: dict[int, str] = field(default_factory=dict)


def account_names(session: Session, account_id: int | None) -> AccountNames:
    """Who is in the account (to name the managers a file refers to) and whom each reports to now."""
    names = AccountNames()
    if account_id is None:
        return names
    boss = aliased(Stakeholder)
    query = (
        select(Stakeholder.id, Stakeholder.external_id, Stakeholder.email, Stakeholder.name, boss.name)
        .outerjoin(boss, boss.id == Stakeholder.reports_to_id)
        .where(Stakeholder.account_id == account_id)
    )
    for person_id, external_id, email, name, manager in session.execute(query):
        for key in (external_id, norm(email)):
            if key:
                names.by_key.setdefault(key, name)
        if manager:
            names.manager_of[person_id] = manager
    return names


def account_state(session: Session, account_id: int | None) -> tuple[int, ...]:
    """A token that changes whenever the account's people or org units do: counts, last ids, versions."""
    if account_id is None:
        return ()
    state: list[int] = []
    for entity in (Stakeholder, OrgUnit):
        row = session.execute(
            select(func.count(), func.max(entity.id), func.sum(entity.version)).where(
                entity.account_id == account_id
            )
        ).one()
        state.extend(int(value or 0) for value in row)
    return tuple(state)


class PeopleIndex:
    """Nodes by external id, email, name, and name with title: the keys a file names people by."""

    def __init__(self) -> None:
        self.by_id: dict[str, list[Node]] = {}
        self.by_email: dict[str, list[Node]] = {}
        self.by_name: dict[str, list[Node]] = {}
        self.by_name_title: dict[tuple[str, str], list[Node]] = {}

    def add(self, node: Node, external_id: str, email: str, name: str, title: str) -> None:
        if external_id:
            self.by_id.setdefault(external_id.strip(), []).append(node)
        if email:
            self.by_email.setdefault(norm(email), []).append(node)
        if name:
            key = norm(name)
            self.by_name.setdefault(key, []).append(node)
            self.by_name_title.setdefault((key, norm(title)), []).append(node)

    def same_person(self, external_id: str, email: str, name: str, title: str) -> tuple[list[Node], str]:
        """Who this is: by external id, else by email, else by name and title; and by which."""
        if external_id and (found := self.by_id.get(external_id.strip())):
            return found, "id"
        if email and (found := self.by_email.get(norm(email))):
            return found, "email"
        found = self.by_name_title.get((norm(name), norm(title)), [])
        return found, "name and title" if found else ""


def find_manager(ref: ManagerRef, indexes: Iterable[PeopleIndex]) -> list[Node]:
    """The nodes a manager reference may mean, by id, then email, then name (several: ambiguous)."""
    indexes = tuple(indexes)
    for key, pick in (
        (ref.external_id.strip(), lambda index: index.by_id),
        (norm(ref.email), lambda index: index.by_email),
        (norm(ref.name), lambda index: index.by_name),
    ):
        if not key:
            continue
        found: list[Node] = []
        for index in indexes:
            for node in pick(index).get(key, ()):
                if node not in found:
                    found.append(node)
        if found:
            return found
    return []


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    parent_id: int | None


class OrgUnits:
    """The account's org units, found by name (a department path: the first part anywhere, then below it)."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = {unit.id: unit for unit in units}
        self._by_name: dict[str, list[Unit]] = {}
        for unit in sorted(self.units.values(), key=lambda unit: (unit.parent_id is not None, unit.id)):
            self._by_name.setdefault(norm(unit.name), []).append(unit)

    @classmethod
    def load(cls, session: Session, account_id: int | None) -> OrgUnits:
        if account_id is None:
            return cls(())
        query = select(OrgUnit.id, OrgUnit.name, OrgUnit.parent_id).where(OrgUnit.account_id == account_id)
        return cls(Unit(**row._asdict()) for row in session.execute(query))

    def find(self, path: tuple[str, ...]) -> int | None:
        """The existing unit a department path names, or None when some part of it is new."""
        parent: int | None = None
        for depth, part in enumerate(path):
            candidates = self._by_name.get(norm(part), [])
            if depth:
                candidates = [unit for unit in candidates if unit.parent_id == parent]
            if not candidates:
                return None
            parent = candidates[0].id
        return parent

    def missing(self, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The prefixes of ``path`` to create, parents first."""
        return [path[: depth + 1] for depth in range(len(path)) if self.find(path[: depth + 1]) is None]

    def name(self, unit_id: int | None) -> str:
        unit = self.units.get(unit_id) if unit_id is not None else None
        return unit.name if unit is not None else ""
