"""What text a plan may hold: no control characters but tab and newline, no lone surrogates, bounded sizes.

One rule for every way text comes in (a plan file, a contact file, a vCard, a field in the window) and one
cleaning for every way it goes out (SVG, PNG, ICS, CSV, PDF), so that a stray ``U+0001`` from someone's export
can neither break a writer nor hide in a name:

- :func:`text_problem` says why a value is refused (the plan file, whose writer never produces such text);
- :func:`clean_text` removes what is not allowed (someone else's contact file, text typed or pasted);
- :func:`printable` is what a writer puts on paper or in XML whatever the database holds.

A short field's cap is its column's length (a stakeholder's name 200 characters, a title 300); a long text
(notes, an agenda, the evidence behind a score) is capped at :data:`LONG_TEXT_MAX` characters.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Column, String, Text

#: The most characters a long text (a note, an agenda, a description) may hold: about a megabyte.
LONG_TEXT_MAX = 1_000_000
#: The most bytes a plan file may have: a 20,000-person account with notes is a few tens of megabytes.
PLAN_FILE_MAX_BYTES = 256 * 1024 * 1024

#: Control characters (C0 but tab and newline, DEL, C1) and lone surrogates: never part of a plan's text.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: What XML 1.0 cannot carry at all (on top of the above, the two non-characters U+FFFE and U+FFFF).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def text_limit(column: Column[Any]) -> int:
    """The most characters a text column holds: its length, or :data:`LONG_TEXT_MAX` for a long text."""
    kind = column.type
    if isinstance(kind, String) and kind.length and not isinstance(kind, Text):
        return int(kind.length)
    return LONG_TEXT_MAX


def text_problem(value: str, limit: int | None = None) -> str | None:
    """Why ``value`` cannot be stored as it is (a sentence fragment after the field's name), or None."""
    if limit is not None and len(value) > limit:
        return f"is too long ({len(value):,} characters, at most {limit:,})"
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    character = found.group()
    position = found.start() + 1
    if _SURROGATE.fullmatch(character):
        return f"holds a broken character (a lone surrogate U+{ord(character):04X}) at character {position}"
    return f"holds the control character U+{ord(character):04X} at character {position}"


def clean_text(value: str) -> str:
    """``value`` with line breaks as newlines and every other control character or lone surrogate removed."""
    if not _FORBIDDEN.search(value) and not _LINE_BREAKS.search(value):
        return value
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", value))


def printable(value: str) -> str:
    """``value`` as any writer may put it out (XML, a PDF, a PNG, a calendar): nothing XML 1.0 forbids.

    Line breaks become newlines and lone surrogates U+FFFD (so that a damaged name still shows where it
    was damaged); other control characters are dropped.
    """
    if not _NOT_XML.search(value) and not _LINE_BREAKS.search(value):
        return value
    value = _LINE_BREAKS.sub("\n", value)
    value = _SURROGATE.sub("\ufffd", value)
    return _NOT_XML.sub("", value)
