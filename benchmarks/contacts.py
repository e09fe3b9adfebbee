"""Importing 20,000 contacts (a Salesforce export with a reporting forest) against raw sqlite3 executemany.

The anchor writes the same rows into a bare table of the same columns with one executemany: no reading,
no matching, no org units, no change log. The ratio says how far the whole import is from that floor.
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.layout import org_forest
from benchmarks.report import Row

SIZE, QUICK_SIZE = 20_000, 1_000
GOAL_S = 10.0
NAMES = (("Aiko", "Tanaka"), ("Zoë", "Lefèvre"), ("Дмитрий", "Соколов"), ("大輔", "井上"), ("José", "Núñez"))
HEADER = (
    "Id",
    "FirstName",
    "LastName",
    "Title",
    "Department",
    "Email",
    "Phone",
    "ReportsToId",
    "Description",
)


def contact_rows(people: int) -> list[tuple[str, ...]]:
    """A Salesforce export of ``people`` contacts in a realistic forest, with 40 departments and notes."""
    rows: list[tuple[str, ...]] = []
    for node in org_forest(people, seed=people):
        first, last = NAMES[node.id % len(NAMES)]
        manager = f"003{node.parent:012d}" if node.parent is not None else ""
        rows.append(
            (
                f"003{node.id:012d}",
                first,
                f"{last} {node.id}",
                "Director" if node.id % 5 == 0 else "Manager",
                f"Department {node.id % 40}",
                f"person{node.id}@customer.example",
                f"+49 30 {node.id:07d}",
                manager,
                f'Met at the "Summit", {node.id % 28 + 1} May.\nPrefers email.' if node.id % 3 == 0 else "",
            )
        )
    return rows


def write_export(rows: list[tuple[str, ...]], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def time_import(export: Path, database_path: Path) -> tuple[float, str]:
    """Seconds to read, preview and apply the export into a new account; and the plan's counts."""
    from accountplan.interchange.contact_import import apply, preview, read_contacts, summary
    from accountplan.plan.accounts import create_account
    from accountplan.store.database import Database

    with Database.open(database_path) as database:
        start = time.perf_counter()
        contacts = read_contacts(export)
        with database.transaction() as session:
            account_id = create_account(session, "Synthetic import")
            plan = preview(session, account_id, contacts)
            apply(session, plan)
        return time.perf_counter() - start, summary(plan)


def time_again(export: Path, database_path: Path) -> tuple[float, str]:
    """Seconds to import the same export a second time (everyone matched, nobody added)."""
    from sqlalchemy import select

    from accountplan.interchange.contact_import import apply, preview, read_contacts, summary
    from accountplan.model import Account
    from accountplan.store.database import Database

    with Database.open(database_path) as database:
        start = time.perf_counter()
        contacts = read_contacts(export)
        with database.transaction() as session:
            account_id = session.scalar(select(Account.id).where(Account.name == "Synthetic import"))
            plan = preview(session, account_id, contacts)
            apply(session, plan)
        return time.perf_counter() - start, summary(plan)


def time_executemany(rows: list[tuple[str, ...]], path: Path) -> float:
    """Seconds for sqlite3 to insert the same rows into a bare table in one executemany and commit."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(
            f"CREATE TABLE contacts (id INTEGER PRIMARY KEY, {', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})"
        )
        marks = ", ".join("?" for _ in HEADER)
        start = time.perf_counter()
        with connection:
            connection.executemany(
                f"INSERT INTO contacts ({', '.join(f'c{i}' for i in range(len(HEADER)))}) VALUES ({marks})",
                rows,
            )
        return time.perf_counter() - start
    finally:
        connection.close()


def run(quick: bool = False) -> list[Row]:
    size = QUICK_SIZE if quick else SIZE
    with tempfile.TemporaryDirectory() as folder:
        warm_up = Path(folder) / "warm-up.csv"  # the first import in a process also imports the code
        write_export(contact_rows(50), warm_up)
        time_import(warm_up, Path(folder) / "warm-up.sqlite")
        half_export = Path(folder) / "half.csv"
        write_export(contact_rows(size // 2), half_export)
        half, _ = time_import(half_export, Path(folder) / "half.sqlite")
        rows = contact_rows(size)
        export = Path(folder) / "contacts.csv"
        write_export(rows, export)
        anchor = time_executemany(rows, Path(folder) / "raw.sqlite")
        first, first_counts = time_import(export, Path(folder) / "plan.sqlite")
        again, again_counts = time_again(export, Path(folder) / "plan.sqlite")
    judged = not quick
    return [
        Row(
            f"import contacts, {size:,} rows",
            first,
            anchor,
            f"< {GOAL_S:.0f} s" if judged else "",
            first < GOAL_S if judged else None,
            f"{size / first:,.0f} rows/s; executemany {size / anchor:,.0f} rows/s; {first_counts}",
            first / half,
        ),
        Row(
            f"import the same {size:,} rows again",
            again,
            anchor,
            f"< {GOAL_S:.0f} s, nobody added" if judged else "nobody added",
            (again < GOAL_S or not judged) and again_counts.startswith("0 added"),
            f"{size / again:,.0f} rows/s; {again_counts}",
        ),
    ]
