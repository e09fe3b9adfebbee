"""The demo account: a realistic multi-year pursuit shipped as a plan file, moved in time to today."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from sqlalchemy import select

from accountplan.errors import AccountPlanError
from accountplan.interchange.planfile import import_plan, shift_dates, validate
from accountplan.model import Account
from accountplan.store.database import Database

DEMO_RESOURCE = ("demo", "demo-account.json")


def demo_document() -> dict[str, Any]:
    """The shipped demo plan file, as written (dates as of its anchor day)."""
    folder = resources.files("accountplan.resources")
    try:
        text = folder.joinpath(*DEMO_RESOURCE).read_text(encoding="utf-8")
    except OSError as exc:
        raise AccountPlanError(
            f"The demo account is missing from this installation ({'/'.join(DEMO_RESOURCE)}: {exc.strerror}); "
            "reinstall Account Plan."
        ) from None
    document: dict[str, Any] = json.loads(text)
    return document


def demo_for(today: dt.date) -> dict[str, Any]:
    """The demo plan moved in time (by whole weeks) so that its story ends this week."""
    document = demo_document()
    anchor = dt.date.fromisoformat(document.get("anchor_date") or today.isoformat())
    days = (today - anchor).days
    # Whole weeks: the meetings keep their weekday; the story ends at most six days before today.
    shifted = shift_dates(document, days - days % 7)
    shifted.pop("anchor_date", None)
    return shifted


def load_demo(database: Database, today: dt.date | None = None) -> tuple[str, bool]:
    """Add the demo account unless it is there already; return its name and whether it was added."""
    document = demo_for(today or dt.date.today())
    validate(document)
    name = document["account"]["name"]
    with database.transaction(audit=False) as session:
        if session.scalar(select(Account.id).where(Account.name == name)) is not None:
            return name, False
        import_plan(session, document)
    return name, True
