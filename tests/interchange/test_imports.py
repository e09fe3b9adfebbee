"""The two bulk imports as the command line and the window call them: backup first, progress, cancel, one transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan.errors import Cancelled, CycleRefused, DatabaseError, Refused
from accountplan.interchange.contact_formats import read_contacts
from accountplan.interchange.contact_import import LoopsNotAccepted
from accountplan.interchange.demo import demo_for
from accountplan.interchange.imports import import_contacts, import_plan_file, preview_contacts
from accountplan.interchange.planfile import Document
from accountplan.model import Account, Stakeholder
from accountplan.plan.accounts import create_account
from accountplan.store.backup import default_backup_dir
from accountplan.store.database import Database

Counts = Callable[[], dict[str, int]]
LOOP = "Name,Email,Manager email\r\nAnn Lee,ann@x.example,cid@x.example\r\nCid Ho,cid@x.example,ann@x.example\r\n"


def _contacts(folder: Path, people: int, *, managers: bool = True, name: str = "people.csv") -> Path:
    """``people`` people, each (but the first) reporting to the one of half their number when ``managers``."""
    lines = ["Name,Email,Manager email"]
    for n in range(people):
        manager = f"p{n // 2}@x.example" if n and managers else ""
        lines.append(f"Person {n},p{n}@x.example,{manager}")
    path = folder / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _accounts(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


@pytest.fixture
def document() -> Document:
    return demo_for(dt.date(2027, 3, 1))


def test_a_plan_file_is_imported_after_todays_backup_with_its_progress(
    db: Database, db_path: Path, document: Document
) -> None:
    seen: list[tuple[int, int]] = []
    done = import_plan_file(db, document, progress=lambda *report: seen.append(report))
    assert (done.name, done.people, done.notices) == (document["account"]["name"], 162, ())
    assert _accounts(db) == [done.name]
    total = seen[-1][1]
    assert seen[0] == (500, total) and seen[-1] == (total, total) and total > 1_000
    (backup,) = default_backup_dir(db_path).glob("daily-*.sqlite")
    with sqlite3.connect(backup) as made_before:  # the backup holds the database as it was before
        assert made_before.execute("SELECT count(*) FROM accounts").fetchone() == (0,)


def test_a_cancelled_plan_import_leaves_the_database_as_it_was(
    db: Database, document: Document, table_counts: Counts
) -> None:
    before = table_counts()
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled, match="nothing was changed"):
        import_plan_file(
            db, document, progress=lambda *report: seen.append(report), cancelled=lambda: len(seen) >= 2
        )
    assert seen[-1][0] == 1_000  # two chunks had been written when the cancel came
    assert table_counts() == before


def test_an_import_is_refused_when_todays_backup_cannot_be_made(
    db: Database, db_path: Path, document: Document, tmp_path: Path
) -> None:
    default_backup_dir(db_path).write_text("in the way", encoding="utf-8")
    with pytest.raises(DatabaseError, match="Could not make today's backup"):
        import_plan_file(db, document)
    with pytest.raises(DatabaseError, match="Could not make today's backup"):
        import_contacts(db, read_contacts(_contacts(tmp_path, 3)), "Customer AG")
    assert _accounts(db) == []
    import_plan_file(db, document, backup=False)  # the window made it when it opened the database
    assert _accounts(db) == [document["account"]["name"]]


def test_contacts_go_into_the_account_of_that_name_made_by_the_import_when_there_is_none(
    db: Database, tmp_path: Path
) -> None:
    contacts = read_contacts(_contacts(tmp_path, 3))
    first = import_contacts(db, contacts, "Customer AG")
    assert first.created and first.account_name == "Customer AG"
    assert (len(first.result.added), first.plan.account_id) == (3, first.account_id)
    again = import_contacts(db, contacts, "Customer AG")
    assert not again.created and again.account_id == first.account_id
    assert (len(again.result.added), again.result.unchanged) == (0, 3)
    with db.transaction() as session:
        other = create_account(session, "Other AG")
    into = import_contacts(db, contacts, "ignored when the id is given", account_id=other)
    assert (into.account_id, into.created) == (other, False)


def test_a_cancelled_contact_import_writes_nothing_not_even_the_new_account(
    db: Database, tmp_path: Path, table_counts: Counts
) -> None:
    contacts = read_contacts(_contacts(tmp_path, 1_200, managers=False))  # written 500 at a time
    before = table_counts()
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled, match="nothing was changed"):
        import_contacts(
            db,
            contacts,
            "Customer AG",
            progress=lambda *report: seen.append(report),
            cancelled=lambda: bool(seen),
        )
    assert seen == [(500, 1_200)]
    assert table_counts() == before
    done = import_contacts(db, contacts, "Customer AG", progress=lambda *report: seen.append(report))
    assert seen[-1] == (1_200, 1_200) and len(done.result.added) == 1_200


def test_loops_are_refused_with_the_preview_unless_leaving_their_links_out_is_accepted(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "loop.csv"
    path.write_text(LOOP, encoding="utf-8")
    contacts = read_contacts(path)
    with pytest.raises(LoopsNotAccepted) as refused:
        import_contacts(db, contacts, "Customer AG")
    assert isinstance(refused.value, CycleRefused) and set(refused.value.names) == {"Ann Lee", "Cid Ho"}
    assert len(refused.value.plan.cycles) == 1 and _accounts(db) == []
    assert not preview_contacts(db, contacts, "Customer AG").can_apply
    assert preview_contacts(db, contacts, "Customer AG", accept_cycles=True).can_apply
    done = import_contacts(db, contacts, "Customer AG", accept_cycles=True)
    with db.session() as session:
        managers = {
            name: boss for name, boss in session.execute(select(Stakeholder.name, Stakeholder.reports_to_id))
        }
    assert len(done.result.added) == 2 and list(managers.values()).count(None) == 1


def test_the_preview_the_user_saw_is_carried_out_and_refused_once_the_people_changed(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        account_id = create_account(session, "Customer AG")
    contacts = read_contacts(_contacts(tmp_path, 3))
    seen = preview_contacts(db, contacts, "Customer AG")
    assert seen.account_id == account_id
    someone_else = _contacts(tmp_path, 4, name="more.csv")
    import_contacts(db, read_contacts(someone_else), "Customer AG")
    with pytest.raises(Refused, match="changed since the preview"):
        import_contacts(db, contacts, "Customer AG", account_id=account_id, plan=seen)
