"""vCard 3.0 and 4.0 files (2.1 read as well as it can be): one contact per card, at the line it begins.

Each content line is parsed by vobject's line parser (names, groups, quoted parameters). Values are
unescaped here rather than by vobject's vCard reader, which keeps only what precedes the first
unescaped comma of a single text value ("TITLE:VP, Sales" would become "VP") and miscounts lines.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

from vobject.base import ParseError, parseLine

from accountplan.errors import ImportRejected
from accountplan.interchange.contact_files import MAX_FIELD
from accountplan.interchange.contact_records import Contact, ManagerRef, clean, full_name

#: Properties that hold a manager's name (Evolution, KAddressBook, Outlook, and a plain X-MANAGER).
MANAGER_PROPERTIES = frozenset(
    {"X-MANAGER", "X-EVOLUTION-MANAGER", "X-KADDRESSBOOK-X-MANAGERSNAME", "X-MS-MANAGER"}
)
#: Properties read; any other (PHOTO, ADR, ...) is passed over, however long.
_READ = frozenset(
    {"FN", "N", "TITLE", "ORG", "EMAIL", "TEL", "NOTE", "UID", "RELATED", "X-ABRELATEDNAMES", "X-ABLABEL"}
    | MANAGER_PROPERTIES
)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n"}
_URI = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_STRUCTURE = re.compile(r"(?<!\\)((?:\\\\)*);")


@dataclass
class _Property:
    line: int
    name: str
    group: str
    params: dict[str, list[str]]
    value: str


@dataclass
class _Card:
    line: int
    properties: list[_Property] = field(default_factory=list)

    def all(self, name: str) -> list[_Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> str:
        found = self.all(name)
        return found[0].value if found else ""


def _physical_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with the line each starts on (folding: a leading blank; QP: a trailing "=")."""
    logical: list[tuple[int, str]] = []
    quoted_printable = False
    for number, line in enumerate(_physical_lines(text), start=1):
        if logical and (line[:1] in (" ", "\t") or quoted_printable):
            start, previous = logical[-1]
            joined = previous[:-1] + line if quoted_printable else previous + line[1:]
            logical[-1] = (start, joined)
        elif line.strip():
            logical.append((number, line))
        else:
            quoted_printable = False
            continue
        current = logical[-1][1]
        quoted_printable = current.endswith("=") and "QUOTED-PRINTABLE" in current.split(":", 1)[0].upper()
    return logical


def _parse(number: int, line: str, source: str) -> _Property:
    try:
        name, params, value, group = parseLine(line, number)
    except ParseError:
        shown = line if len(line) <= 40 else f"{line[:40]}…"
        raise ImportRejected(source, number, f"this vCard line cannot be read ({shown!r})") from None
    named: dict[str, list[str]] = {}
    for param in params:
        if len(param) == 1:  # vCard 2.1: "EMAIL;WORK;INTERNET:..."
            named.setdefault("TYPE", []).append(param[0])
        else:
            for item in param[1:]:
                named.setdefault(param[0].upper(), []).extend(item.split(","))
    return _Property(number, name.upper(), (group or "").upper(), named, value)


def _cards(text: str, source: str) -> list[_Card]:
    cards: list[_Card] = []
    current: _Card | None = None
    for number, line in _logical_lines(text):
        prop = _parse(number, line, source)
        if prop.name == "BEGIN" and prop.value.upper() == "VCARD":
            if current is not None:
                raise ImportRejected(source, number, "a vCard begins inside another one")
            current = _Card(number)
        elif prop.name == "END" and prop.value.upper() == "VCARD":
            if current is None:
                raise ImportRejected(source, number, "a vCard ends here that never began")
            cards.append(current)
            current = None
        elif current is None:
            raise ImportRejected(source, number, "this line is outside any vCard (BEGIN:VCARD … END:VCARD)")
        elif prop.name in _READ:
            prop.value = _decode(prop, source)
            current.properties.append(prop)
    if current is not None:
        raise ImportRejected(source, current.line, "a vCard begins here but never ends (no END:VCARD)")
    if not cards:
        raise ImportRejected(source, 1, "there is no vCard in this file")
    return cards


def _decode(prop: _Property, source: str) -> str:
    value = prop.value
    encoding = [item.upper() for item in prop.params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" in encoding:
        charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
        try:
            value = quopri.decodestring(value.encode("latin-1", "replace")).decode(charset, "replace")
        except LookupError:
            raise ImportRejected(source, prop.line, f"unknown character set {charset!r}") from None
    if len(value) > MAX_FIELD:
        raise ImportRejected(
            source,
            prop.line,
            f"the {prop.name} value is {len(value):,} characters long (at most {MAX_FIELD:,})",
        )
    return value


def unescape(value: str) -> str:
    r"""A vCard text value as written: "\n" a line break; "\," "\;" "\\" the character itself."""
    return _ESCAPE.sub(lambda match: _UNESCAPED.get(match.group(1), match.group(1)), value)


def components(value: str) -> list[str]:
    """The parts of a structured value (N, ORG), split on unescaped semicolons, each unescaped."""
    parts: list[str] = []
    last = 0
    for match in _STRUCTURE.finditer(value):
        parts.append(value[last : match.end() - 1])
        last = match.end()
    parts.append(value[last:])
    return [clean(unescape(part)) for part in parts]


def _preferred(card: _Card, name: str) -> str:
    """The work or preferred value of a repeated property (EMAIL, TEL), else the first."""
    found = card.all(name)
    for prop in found:
        kinds = {kind.upper() for kind in prop.params.get("TYPE", [])}
        if kinds & {"WORK", "PREF"} or "PREF" in prop.params:
            return prop.value
    return found[0].value if found else ""


def _manager(card: _Card) -> ManagerRef:
    for prop in card.all("RELATED"):
        kinds = {kind.lower() for kind in prop.params.get("TYPE", [])}
        if not any("manager" in kind for kind in kinds):
            continue
        value = clean(unescape(prop.value))
        if value.lower().startswith("mailto:"):
            return ManagerRef(email=value[len("mailto:") :])
        is_text = [kind.lower() for kind in prop.params.get("VALUE", [])] == ["text"]
        if not is_text and _URI.match(value):
            return ManagerRef(external_id=value)
        return ManagerRef(name=value)
    labels = {prop.group: prop.value for prop in card.all("X-ABLABEL") if prop.group}
    for prop in card.all("X-ABRELATEDNAMES"):
        if prop.group and "manager" in labels.get(prop.group, "").lower():
            return ManagerRef(name=clean(unescape(prop.value)))
    for prop in card.properties:
        if prop.name in MANAGER_PROPERTIES:
            value = clean(unescape(prop.value))
            return ManagerRef(email=value) if "@" in value and " " not in value else ManagerRef(name=value)
    return ManagerRef()


def _contact(card: _Card) -> Contact:
    name = clean(unescape(card.first("FN")))
    if not name and card.first("N"):
        family, given, *_ = [*components(card.first("N")), "", ""]
        name = full_name(given, family)
    organisation = components(card.first("ORG")) if card.first("ORG") else []
    phone = clean(unescape(_preferred(card, "TEL")))
    return Contact(
        line=card.line,
        name=" ".join(name.split()),
        title=clean(unescape(card.first("TITLE"))),
        department=tuple(part for part in organisation[1:] if part),
        email=clean(unescape(_preferred(card, "EMAIL"))).removeprefix("mailto:"),
        phone=phone.removeprefix("tel:"),
        external_id=clean(unescape(card.first("UID"))),
        notes="\n".join(clean(unescape(prop.value)) for prop in card.all("NOTE")).strip(),
        manager=_manager(card),
    )


def vcard_contacts(text: str, source: str) -> list[Contact]:
    """The people of a vCard file; refused with the line and the reason when a card is malformed."""
    return [_contact(card) for card in _cards(text, source)]
