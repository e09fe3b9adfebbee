"""Search across an account: people, actions, deals, meetings, red flags and the success plan, best first.

Text is compared folded: without case, accents or width ("zoe lefevre" finds "Zoë Lefèvre", "ＡＢＣ" is "abc"),
while the marks that make a letter in other scripts (kana's voicing marks, Hangul syllables) are kept. Chinese,
Japanese and Korean have no spaces between words, so every word of the query is matched as a substring.
Each kind of record is read with one query (meetings' decisions with a second), never one query per row.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accountplan.model import (
    Action,
    Meeting,
    MeetingDecision,
    Opportunity,
    OrgUnit,
    RedFlag,
    Responsibility,
    Stakeholder,
    SuccessMilestone,
    SuccessObjective,
)
from accountplan.model.enums import StakeholderStatus

__all__ = ["KINDS", "SearchHit", "fold", "search"]

#: Accents on Latin, Greek and Cyrillic letters (only there: elsewhere a combining mark is part of the letter).
_ACCENTS = re.compile(
    r"(?<=[\x00-\u052f])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
#: Letters with a stroke or ligatures, which have no decomposition but which people type without it.
_PLAIN_LETTERS = {"đ": "d", "ø": "o", "ł": "l", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe"}
_STROKED = re.compile("[" + "".join(_PLAIN_LETTERS) + "]")
_BLANKS = re.compile(r"\s+")
#: How much of a long field a snippet shows around the match.
SNIPPET_BEFORE, SNIPPET_LENGTH = 30, 90

#: The kinds of hit, in the order they are listed at equal rank, with the word a user reads and their page.
KINDS: dict[str, tuple[str, str]] = {
    "person": ("Person", "stakeholders"),
    "opportunity": ("Opportunity", "opportunities"),
    "action": ("Action", "actions"),
    "meeting": ("Meeting", "meetings"),
    "red-flag": ("Red flag", "qualification"),
    "objective": ("Objective", "success"),
    "milestone": ("Success milestone", "success"),
    "responsibility": ("Responsibility", "success"),
}
_KIND_ORDER = {kind: position for position, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class SearchHit:
    """One record found: what it is, its id, its name, a line of context, and the page that shows it."""

    kind: str
    id: int
    title: str
    snippet: str
    page: str

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]


@dataclass(frozen=True)
class _Record:
    """A searchable record: its name, the line shown when the name matched, and its other labelled fields."""

    kind: str
    id: int
    title: str
    detail: str
    fields: tuple[tuple[str, str], ...]


def fold(text: str) -> str:
    """``text`` as search compares it: no case, no accents, compatibility forms unified."""
    if text.isascii():
        return text.lower()
    stripped = _ACCENTS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    folded = unicodedata.normalize("NFC", stripped.casefold())
    return _STROKED.sub(lambda found: _PLAIN_LETTERS[found.group()], folded)


def search(session: Session, account_id: int, text: str, limit: int = 50) -> list[SearchHit]:
    """The records of the account matching every word of ``text``, best first, at most ``limit`` of them.

    Best: the name equal to the query, then starting with it, then a word of the name starting with it, then
    the query inside the name, then matches in the other fields; at equal rank people first, then by name.
    """
    query = fold(" ".join(text.split()))
    words = query.split()
    if not words or limit <= 0:
        return []
    ranked: list[tuple[tuple[int, int, str, int], _Record]] = []
    for loader in _LOADERS:
        for record in loader(session, account_id):
            haystack = fold("\n".join([record.title, *(value for _, value in record.fields)]))
            if all(word in haystack for word in words):
                title = fold(record.title)
                rank = _rank(title, query, words)
                ranked.append(((rank, _KIND_ORDER[record.kind], title, record.id), record))
    ranked.sort(key=lambda item: item[0])
    return [_hit(record, words, in_title=key[0] < _IN_FIELDS) for key, record in ranked[:limit]]


#: The rank of a record matched only outside its name.
_IN_FIELDS = 5


def _rank(title: str, query: str, words: list[str]) -> int:
    if title == query:
        return 0
    if title.startswith(query):
        return 1
    if re.search(r"(?<!\w)" + re.escape(query), title):
        return 2
    if query in title:
        return 3
    return 4 if all(word in title for word in words) else _IN_FIELDS


def _hit(record: _Record, words: list[str], *, in_title: bool) -> SearchHit:
    snippet = record.detail
    if not in_title:
        title = fold(record.title)
        wanted = next((word for word in words if word not in title), words[0])
        for label, value in record.fields:
            start = _find(value, wanted)
            if start >= 0:
                snippet = f"{label}: {_excerpt(value, start)}"
                break
    return SearchHit(record.kind, record.id, record.title, snippet, KINDS[record.kind][1])


def _find(text: str, word: str) -> int:
    """Where ``word`` (folded) starts in ``text`` (not folded), or -1."""
    folded, starts = "", []
    for char in text:
        starts.append(len(folded))
        folded += fold(char)
    found = folded.find(word)
    if found < 0:  # folding the whole text joined what folding each character could not
        return -1 if word not in fold(text) else 0
    return bisect.bisect_right(starts, found) - 1


def _excerpt(text: str, start: int) -> str:
    """About SNIPPET_LENGTH characters of ``text`` around ``start``, on one line, with "…" where cut."""
    begin = max(0, start - SNIPPET_BEFORE)
    blank = text.find(" ", begin, start)
    if begin and blank >= 0:  # start at a word
        begin = blank + 1
    end = begin + SNIPPET_LENGTH
    if end < len(text) and (last := text.rfind(" ", start, end)) > start:
        end = last  # end after a whole word
    part = _BLANKS.sub(" ", text[begin:end]).strip()
    return ("…" if begin else "") + part + ("…" if end < len(text) else "")


def _joined(*parts: object) -> str:
    return " · ".join(str(part) for part in parts if part not in (None, ""))


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _due(day: dt.date | None) -> str:
    return f"due {day.isoformat()}" if day else ""


def _people(session: Session, account_id: int) -> Iterator[_Record]:
    rows = session.execute(
        select(
            Stakeholder.id,
            Stakeholder.name,
            Stakeholder.title,
            Stakeholder.email,
            Stakeholder.status,
            OrgUnit.name,
        )
        .outerjoin(OrgUnit, OrgUnit.id == Stakeholder.org_unit_id)
        .where(Stakeholder.account_id == account_id)
    )
    for person_id, name, title, email, status, unit in rows:
        departed = "departed" if status is StakeholderStatus.DEPARTED else ""
        yield _Record(
            "person",
            person_id,
            name,
            _joined(title, unit, departed),
            (("Title", title), ("Email", email), ("Org unit", unit or "")),
        )


def _of_account(session: Session, account_id: int, entity: Any, *names: str) -> Iterable[Any]:
    """The columns ``names`` of the account's rows of ``entity``, the id first."""
    columns = [getattr(entity, name) for name in ("id", *names)]
    return session.execute(select(*columns).where(entity.account_id == account_id))


def _actions(session: Session, account_id: int) -> Iterator[_Record]:
    for action_id, title, description, status, due in _of_account(
        session, account_id, Action, "title", "description", "status", "due"
    ):
        detail = _joined(status.label, _due(due))
        yield _Record("action", action_id, title, detail, (("Description", description),))


def _opportunities(session: Session, account_id: int) -> Iterator[_Record]:
    for deal_id, name, event, differentiators, stage, close in _of_account(
        session,
        account_id,
        Opportunity,
        "name",
        "compelling_event",
        "differentiators",
        "sales_stage",
        "expected_close",
    ):
        detail = _joined(stage.label, f"closes {_day(close)}" if close else "")
        fields = (("Compelling event", event), ("Differentiators", differentiators))
        yield _Record("opportunity", deal_id, name, detail, fields)


def _meetings(session: Session, account_id: int) -> Iterator[_Record]:
    decisions: dict[int, list[tuple[str, str]]] = {}
    for meeting_id, text in session.execute(
        select(MeetingDecision.meeting_id, MeetingDecision.text)
        .where(MeetingDecision.account_id == account_id)
        .order_by(MeetingDecision.position, MeetingDecision.id)
    ):
        decisions.setdefault(meeting_id, []).append(("Decision", text))
    for meeting_id, title, held_on, status, location, notes in _of_account(
        session, account_id, Meeting, "title", "held_on", "status", "location", "notes"
    ):
        fields = (("Notes", notes), *decisions.get(meeting_id, ()), ("Location", location))
        yield _Record("meeting", meeting_id, title, _joined(_day(held_on), status.label), fields)


def _red_flags(session: Session, account_id: int) -> Iterator[_Record]:
    for flag_id, title, description, severity, status in _of_account(
        session, account_id, RedFlag, "title", "description", "severity", "status"
    ):
        detail = _joined(severity.label, status.label)
        yield _Record("red-flag", flag_id, title, detail, (("Description", description),))


def _success_items(session: Session, account_id: int) -> Iterator[_Record]:
    for item_id, metric, baseline, target in _of_account(
        session, account_id, SuccessObjective, "metric", "baseline", "target"
    ):
        detail = f"{baseline or '?'} → {target or '?'}" if baseline or target else ""
        yield _Record("objective", item_id, metric, detail, (("Today", baseline), ("Target", target)))
    for item_id, title, phase, due in _of_account(
        session, account_id, SuccessMilestone, "title", "phase", "due"
    ):
        yield _Record("milestone", item_id, title, _joined(phase.label, _day(due)), ())
    for item_id, description, due in _of_account(session, account_id, Responsibility, "description", "due"):
        yield _Record("responsibility", item_id, description, _due(due), ())


_LOADERS: tuple[Callable[[Session, int], Iterable[_Record]], ...] = (
    _people,
    _opportunities,
    _actions,
    _meetings,
    _red_flags,
    _success_items,
)
