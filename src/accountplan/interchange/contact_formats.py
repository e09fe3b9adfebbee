"""The contact file formats: Salesforce and LinkedIn exports, any CSV or workbook through a mapping, vCards.

Salesforce exports are recognised by their API names (Data Loader) or their field labels (report exports).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from accountplan.errors import InvalidValue
from accountplan.interchange.contact_files import Decoded, Table, decode_file, parse_table, read_bytes
from accountplan.interchange.contact_records import Contact, ManagerRef, clean, full_name
from accountplan.interchange.contact_vcard import vcard_contacts
from accountplan.interchange.contact_workbooks import is_workbook, read_workbook, sheet_names
from accountplan.model.enums import LabelledEnum


class ContactFormat(LabelledEnum):
    """Where a contact file comes from; each CSV kind has its own column names."""

    SALESFORCE = "salesforce"
    LINKEDIN = "linkedin"
    VCARD = "vcard"
    CSV = "csv"

    @property
    def label(self) -> str:
        """How a user calls it: "Salesforce export", "LinkedIn export", "vCard", "CSV"."""
        names = {
            "salesforce": "Salesforce export",
            "linkedin": "LinkedIn export",
            "vcard": "vCard",
            "csv": "CSV",
        }
        return names[self.value]


#: What a column can hold, for ``--map COLUMN=FIELD`` and the window's mapping step.
FIELDS: dict[str, str] = {
    "name": "full name",
    "first_name": "given name",
    "last_name": "family name",
    "title": "job title",
    "department": "department (becomes an org unit)",
    "email": "email address",
    "phone": "phone number",
    "location": "location",
    "external_id": "the person's id in the file's system",
    "manager_id": "the manager's id in the file's system",
    "manager_email": "the manager's email address",
    "manager_name": "the manager's name",
    "notes": "internal notes",
    "company": "company (a LinkedIn export's people of other companies are left out)",
    "ignore": "leave the column out",
}
#: Other names accepted for a field in a mapping.
FIELD_ALIASES = {
    "id": "external_id",
    "manager": "manager_name",
    "reports_to": "manager_name",
    "internal_notes": "notes",
    "description": "notes",
}

_SALESFORCE = {
    # API names (Data Loader, Data Export)
    "id": "external_id",
    "firstname": "first_name",
    "lastname": "last_name",
    "name": "name",
    "title": "title",
    "department": "department",
    "email": "email",
    "phone": "phone",
    "mobilephone": "phone",
    "reportstoid": "manager_id",
    "reportstoemail": "manager_email",
    "reportstoname": "manager_name",
    "description": "notes",
    # field labels (report exports): "Contact ID", "Reports To", "Reports To: Full Name"...
    "contactid": "external_id",
    "fullname": "name",
    "contactfullname": "name",
    "mobile": "phone",
    "businessphone": "phone",
    "mailingcity": "location",
    "reportsto": "manager_name",
    "reportstofullname": "manager_name",
    "reportstocontactid": "manager_id",
    "reportstoemailaddress": "manager_email",
}
_LINKEDIN = {
    "firstname": "first_name",
    "lastname": "last_name",
    "emailaddress": "email",
    "email": "email",
    "position": "title",
    "title": "title",
    "jobtitle": "title",
    "url": "external_id",
    "profileurl": "external_id",
    "linkedinurl": "external_id",
    "phone": "phone",
    "phonenumber": "phone",
    "location": "location",
    "company": "company",
}
_GENERIC = {
    **_LINKEDIN,
    **_SALESFORCE,
    "fullname": "name",
    "displayname": "name",
    "givenname": "first_name",
    "surname": "last_name",
    "familyname": "last_name",
    "dept": "department",
    "mail": "email",
    "telephone": "phone",
    "mobile": "phone",
    "city": "location",
    "office": "location",
    "externalid": "external_id",
    "contactid": "external_id",
    "manager": "manager_name",
    "managername": "manager_name",
    "reportsto": "manager_name",
    "manageremail": "manager_email",
    "managerid": "manager_id",
    "notes": "notes",
    "note": "notes",
    "comments": "notes",
    # the column names of Japanese, Chinese and Korean spreadsheets
    "氏名": "name",
    "名前": "name",
    "姓": "last_name",
    "名": "first_name",
    "役職": "title",
    "部署": "department",
    "所属": "department",
    "メール": "email",
    "メールアドレス": "email",
    "電話番号": "phone",
    "上司": "manager_name",
    "会社名": "company",
    "備考": "notes",
    "姓名": "name",
    "职位": "title",
    "職位": "title",
    "部门": "department",
    "이름": "name",
    "직위": "title",
    "부서": "department",
}
_COLUMNS = {
    ContactFormat.SALESFORCE: _SALESFORCE,
    ContactFormat.LINKEDIN: _LINKEDIN,
    ContactFormat.CSV: _GENERIC,
}
_SALESFORCE_NAMES = frozenset({"FirstName", "LastName", "ReportsToId", "ReportsTo.Email"})
#: Columns of a Salesforce report export (field labels), beside "First Name" and "Last Name".
_SALESFORCE_LABELS = frozenset(
    {"contactid", "reportsto", "reportstofullname", "accountname", "contactowner", "mailingcity", "accountid"}
)
_LINKEDIN_SIGNS = frozenset({"emailaddress", "connectedon", "url", "profileurl", "linkedinurl", "position"})


@dataclass(frozen=True)
class ContactSource:
    """A contact file read and checked, before its columns are mapped: what the mapping step shows."""

    source: str
    format: ContactFormat
    encoding: str  # or, for a workbook, "Excel workbook" and the sheet
    table: Table | None  # None for vCards
    cards: tuple[Contact, ...] = ()  # the people of a vCard file
    sheets: tuple[str, ...] = ()  # a workbook's sheets, in order

    @property
    def header(self) -> tuple[str, ...]:
        return self.table.header if self.table is not None else ()

    @property
    def footer_line(self) -> int | None:
        """Where the report footer left out of the file starts (None: it has none)."""
        return self.table.footer_line if self.table is not None else None


@dataclass(frozen=True)
class ContactFile:
    """The people of a contact file, and how its columns were read (column → field; ignored columns)."""

    source: str
    format: ContactFormat
    encoding: str
    contacts: tuple[Contact, ...]
    columns: tuple[tuple[str, str], ...] = ()
    ignored: tuple[str, ...] = ()
    #: Where the report footer left out of the file starts (None: it has none).
    footer_line: int | None = None

    @property
    def description(self) -> str:
        """What was read, for a user: "Salesforce export, UTF-8 with BOM"."""
        return f"{self.format.label}, {self.encoding}"

    @property
    def names_companies(self) -> bool:
        """Whether a column of the file says which company each person works at."""
        return any(name == "company" for _, name in self.columns)


def column_key(name: str) -> str:
    """A column name reduced to letters and digits: "Email Address", "email_address" → "emailaddress"."""
    return re.sub(r"[\W_]", "", name.casefold())


def parse_mapping(entries: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``COLUMN=FIELD`` entries as {column: field}; refused with the fields known when one is not."""
    mapping: dict[str, str] = {}
    for entry in entries:
        column, equals, name = entry.rpartition("=")
        if not equals or not column.strip():
            raise InvalidValue(f"{entry!r} is not COLUMN=FIELD (for example 'Job Role=title').")
        mapping[column.strip()] = field_name(name)
    return mapping


def field_name(name: str) -> str:
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = FIELD_ALIASES.get(key, key)
    if key not in FIELDS:
        raise InvalidValue(f"{name.strip()!r} is not a contact field; the fields are: {', '.join(FIELDS)}.")
    return key


def guess_format(table: Table) -> ContactFormat:
    """A CSV's format by its header: Salesforce's API names, LinkedIn's columns, else a generic CSV."""
    if _SALESFORCE_NAMES & set(table.header):
        return ContactFormat.SALESFORCE
    keys = {column_key(column) for column in table.header}
    if keys & {"firstname", "lastname", "fullname", "contactfullname"} and keys & _SALESFORCE_LABELS:
        return ContactFormat.SALESFORCE
    if {"firstname", "lastname"} <= keys and keys & _LINKEDIN_SIGNS:
        return ContactFormat.LINKEDIN
    return ContactFormat.CSV


def _looks_like_vcard(path: Path, decoded: Decoded) -> bool:
    return path.suffix.lower() in (".vcf", ".vcard") or decoded.text.lstrip()[:11].upper() == "BEGIN:VCARD"


def open_contacts(
    path: Path,
    format: ContactFormat | None = None,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
) -> ContactSource:
    """Read, decode and check a contact file; the format is guessed when not given.

    A workbook is read on its first sheet, or on ``sheet``; a text file in ``encoding`` when named, else in
    the one its bytes show. Raises ImportRejected (with the line and the reason) for a malformed or binary
    file, and EncodingUnsure, naming the readings, when the encoding cannot be told for sure.
    """
    source = str(path)
    data = read_bytes(path)
    if is_workbook(path, data):
        if format is ContactFormat.VCARD:
            raise InvalidValue(f"{source} is a workbook, not a vCard file.")
        table = read_workbook(path, sheet)
        sheets = tuple(sheet_names(path))
        return ContactSource(source, format or guess_format(table), table.encoding, table, sheets=sheets)
    if sheet is not None:
        raise InvalidValue(f"{source} is not a workbook; only a workbook has sheets to choose from.")
    decoded = decode_file(data, source, encoding)
    if format is ContactFormat.VCARD or (format is None and _looks_like_vcard(path, decoded)):
        cards = vcard_contacts(decoded.text, source)
        return ContactSource(source, ContactFormat.VCARD, decoded.encoding, None, tuple(cards))
    table = parse_table(decoded, source)
    return ContactSource(source, format or guess_format(table), decoded.encoding, table)


def column_mapping(source: ContactSource, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """Which field each column of a CSV gives (column → field), the format's defaults under ``overrides``."""
    if source.table is None:
        if overrides:
            raise InvalidValue("A column mapping applies to CSV files, not to vCards.")
        return {}
    defaults = _COLUMNS[source.format]
    header = source.table.header
    chosen: dict[str, str] = {}
    for column, name in (overrides or {}).items():
        matches = [c for c in header if c.casefold() == column.casefold()] or [
            c for c in header if column_key(c) == column_key(column)
        ]
        if not matches:
            raise InvalidValue(
                f"{source.source} has no column {column!r}; its columns are: {', '.join(header)}."
            )
        chosen[matches[0]] = field_name(name)
    taken = {name for name in chosen.values() if name != "ignore"}
    mapping: dict[str, str] = {}
    for column in header:
        if column in chosen:
            mapping[column] = chosen[column]
        elif (default := defaults.get(column_key(column))) is not None and default not in taken:
            mapping[column] = default
    return mapping


def contacts_from(source: ContactSource, overrides: Mapping[str, str] | None = None) -> ContactFile:
    """The people of a checked contact file, its columns read through the mapping."""
    if source.table is None:
        column_mapping(source, overrides)
        return ContactFile(source.source, source.format, source.encoding, source.cards)
    mapping = column_mapping(source, overrides)
    used = {name for name in mapping.values()}
    if not used & {"name", "first_name", "last_name"}:
        raise InvalidValue(
            f"No column of {source.source} gives the names; map one, for example "
            f"--map '{source.header[0]}=name' (its columns are: {', '.join(source.header)})."
        )
    header = source.table.header
    indexed = [(index, mapping[column]) for index, column in enumerate(header) if column in mapping]
    indexed = [(index, name) for index, name in indexed if name != "ignore"]
    people = [_contact(record.line, record.cells, indexed) for record in source.table.records]
    return ContactFile(
        source.source,
        source.format,
        source.encoding,
        tuple(people),
        tuple((column, name) for column, name in mapping.items() if name != "ignore"),
        tuple(column for column in header if mapping.get(column, "ignore") == "ignore"),
        source.footer_line,
    )


def _contact(line: int, cells: tuple[str, ...], indexed: list[tuple[int, str]]) -> Contact:
    values: dict[str, str] = {}
    for index, name in indexed:
        if not values.get(name):
            values[name] = clean(cells[index])
    get = values.get
    name = " ".join((get("name") or full_name(get("first_name", ""), get("last_name", ""))).split())
    return Contact(
        line=line,
        name=name,
        title=get("title", ""),
        department=(get("department", ""),) if get("department") else (),
        email=get("email", ""),
        phone=get("phone", ""),
        location=get("location", ""),
        external_id=get("external_id", ""),
        notes=get("notes", ""),
        manager=ManagerRef(get("manager_id", ""), get("manager_email", ""), get("manager_name", "")),
        company=get("company", ""),
    )


def read_contacts(
    path: Path,
    *,
    format: ContactFormat | None = None,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> ContactFile:
    """The people of a contact file in one step (:func:`open_contacts`, then :func:`contacts_from`)."""
    return contacts_from(open_contacts(path, format, encoding=encoding, sheet=sheet), mapping)
