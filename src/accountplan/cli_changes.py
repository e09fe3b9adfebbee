"""The ``changes`` command: what changed in the customer's organisation between two days (issue #18)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from typing import Any

COLUMNS = ("kind", "person", "before", "after", "co_seller")


def add_changes_parser(commands: Any) -> None:
    """Add ``changes --account NAME [--since DAY] [--until DAY] [--format text|csv|json]``."""
    from accountplan.cli import ACCOUNT_HELP, _day, add_command

    changes = add_command(
        commands,
        "changes",
        "who joined, left, changed title or manager; stance, influence and coverage changes between two days",
        'accountplan changes --account "Acme Corporation"',
        'accountplan changes --account "Acme Corporation" --since 2026-01-01 --until 2026-03-31 --format csv',
        after="Both days are rebuilt from the change log as they stood at their end (this computer's local day).\n"
        "Coverage gained or lost: a co-seller's relationship crossing working strength. By default from the\n"
        "last held alignment meeting (else 30 days ago) to today. What the log cannot rebuild is said.",
    )
    changes.add_argument("--account", required=True, metavar="NAME", help=ACCOUNT_HELP)
    changes.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="default: the last held meeting")
    changes.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="default: today")
    changes.add_argument("--format", choices=("text", "csv", "json"), default="text", help="default: text")


def cmd_changes(args: argparse.Namespace) -> int:
    from accountplan.analysis.change_window import medium_day
    from accountplan.analysis.org_changes import changes_between, default_since
    from accountplan.cli import EXIT_OK, _account_session

    today = dt.date.today()
    with _account_session(args) as (session, account):
        since = args.since or default_since(session, account.id, today)
        until = args.until or today
        found = changes_between(session, account.id, since, until, today)
    rows = [
        {"kind": c.kind, "person": c.person, "before": c.before, "after": c.after, "co_seller": c.co_seller}
        for c in found.changes
    ]
    if args.format == "json":
        document = {
            "account": account.name,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "changes": rows,
            "notes": found.notes,
        }
        print(json.dumps(document, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        for note in found.notes:
            print(note, file=sys.stderr)
    else:
        print(
            f"{account.name}: changes from the end of {medium_day(since)} to the end of {medium_day(until)}"
        )
        if not rows:
            print("Nothing changed.")
        for change in found.changes:
            print(f"  {_sentence(change)}")
        for note in found.notes:
            print(f"Note: {note}")
    return int(EXIT_OK)


def _sentence(change: Any) -> str:
    from accountplan.analysis import org_changes as kinds

    who, before, after = change.person, change.before, change.after
    if change.kind == kinds.JOINED:
        return f"Joined: {who}" + (f" ({after})" if after else "")
    if change.kind == kinds.LEFT:
        return f"Left: {who} ({after})"
    if change.kind in (kinds.COVERAGE_GAINED, kinds.COVERAGE_LOST):
        verb = "Coverage gained" if change.kind == kinds.COVERAGE_GAINED else "Coverage lost"
        return f"{verb}: {change.co_seller} – {who} ({before} → {after})"
    label = {kinds.TITLE: "Title", kinds.MANAGER: "Manager", kinds.STANCE: "Stance"}.get(
        change.kind, "Influence"
    )
    return f"{label}: {who}: {before or '—'} → {after or '—'}"
