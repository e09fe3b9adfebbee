"""One person as read from a contact file, whatever its format, and how names are cleaned and composed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from accountplan.model.text_rules import clean_text

_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class ManagerRef:
    """How a file names someone's manager: by id, email or name (any of them may be empty)."""

    external_id: str = ""
    email: str = ""
    name: str = ""

    def __bool__(self) -> bool:
        return bool(self.external_id or self.email or self.name)

    def describe(self) -> str:
        """The reference as a user reads it: "id 0035e00000AbCd", "bo@example.com", "'Bo Ray'"."""
        if self.external_id:
            return f"id {self.external_id}"
        return self.email or repr(self.name)


@dataclass(frozen=True)
class Contact:
    """One person read from a file, at the line they start on; empty strings where the file says nothing."""

    line: int
    name: str
    title: str = ""
    department: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    location: str = ""
    external_id: str = ""
    notes: str = ""
    manager: ManagerRef = field(default_factory=ManagerRef)
    #: The company the file says they work at (a LinkedIn export's connections work at many).
    company: str = ""


def clean(text: str) -> str:
    """Text as stored: NFC-normalised, without surrounding blanks or control characters (the text rules).

    A quoted-printable vCard value may decode to ``=01`` or ``=00``; someone else's export is cleaned, not
    refused, for the sake of one stray character.
    """
    return unicodedata.normalize("NFC", clean_text(text)).strip()


def full_name(first: str, last: str) -> str:
    """A name from its parts: family name first when both are written in CJK script (井上 大輔)."""
    first, last = clean(first), clean(last)
    if first and last and _CJK.search(first) and _CJK.search(last):
        return f"{last} {first}"
    return " ".join(part for part in (first, last) if part)
