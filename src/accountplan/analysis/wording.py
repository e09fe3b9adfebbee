"""How findings name people, lists, levels and dates in plain sentences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from accountplan.analysis.graphs import AccountGraphs, Person
from accountplan.model.enums import BuyingRole

_KEY_ROLES = (BuyingRole.ECONOMIC_BUYER, BuyingRole.DECISION_MAKER, BuyingRole.CHAMPION)
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Lists longer than this are cut: "A, B, C and 4 others".
LONGEST_LIST = 4


def number_word(count: int) -> str:
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def join_names(names: Sequence[str], *, longest: int = LONGEST_LIST) -> str:
    """The names as a list in a sentence: "A and B", "A, B and C", "A, B, C and 2 others"."""
    items = list(names)
    if len(items) > longest:
        rest = len(items) - (longest - 1)
        items = [*items[: longest - 1], f"{rest} others"]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def names_of(graphs: AccountGraphs, ids: Iterable[int]) -> str:
    return join_names([graphs.people[pid].name for pid in ids])


def co_seller_names(graphs: AccountGraphs, ids: Iterable[int]) -> str:
    return join_names([graphs.co_sellers.get(cid, f"Co-seller {cid}") for cid in ids])


def labelled(person: Person) -> str:
    """The person's name with their title: "黒田 浩 (CFO)"."""
    return f"{person.name} ({person.title})" if person.title.strip() else person.name


def level(depth: int) -> str:
    """Where a depth sits in the org chart: "at the top of the org chart", "two levels below the top"."""
    if depth <= 0:
        return "at the top of the org chart"
    plural = "level" if depth == 1 else "levels"
    return f"{number_word(depth)} {plural} below the top"


def roles_phrase(roles: Iterable[BuyingRole]) -> str:
    """The roles in words, the economic buyer, decision maker and champion first: "champion and user"."""
    order = [*_KEY_ROLES, *(role for role in BuyingRole if role not in _KEY_ROLES)]
    return join_names([role.label.lower() for role in sorted(roles, key=order.index)], longest=len(order))


def day(value: dt.date) -> str:
    """A date as a person writes it, whatever the locale: "31 October 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
