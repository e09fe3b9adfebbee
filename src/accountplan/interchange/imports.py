"""The two bulk imports, each one function from what was read to a committed transaction: contacts, a plan file.

The command line and the window both call them, and each tells the outcome its own way. Reading the file is
the caller's first step (the window's wizard reads it page by page; the command line reads it before opening
the database, so that a bad file creates nothing). Then each import makes today's backup, unless the caller
made it already (the window, when it opened the database), and writes in one transaction: it tells
``progress(done, total)`` as rows are written and asks ``cancelled()`` between chunks; a cancel raises
:class:`~accountplan.errors.Cancelled`, the transaction rolls back and the database is exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from accountplan.interchange.contact_formats import ContactFile
from accountplan.interchange.contact_import import ImportPlan, ImportResult
from accountplan.interchange.contact_plan import preview
from accountplan.interchange.contact_undo import ContactImport
from accountplan.interchange.planfile import Document, import_plan
from accountplan.interchange.progress import Cancel, Progress
from accountplan.plan.accounts import account_named
from accountplan.store.backup import daily_backup
from accountplan.store.database import Database
from accountplan.store.row_versions import RowKey, written_rows


@dataclass(frozen=True)
class ContactsImported:
    """What a contact import did: into which account, by which plan, with what result, and how to take it back.

    ``created``: the import made the account. ``change`` takes the whole import back (and makes it again);
    ``written`` holds the rows it wrote at their versions (an undo refuses if someone changed them since).
    """

    account_id: int
    account_name: str
    created: bool
    plan: ImportPlan
    result: ImportResult
    change: ContactImport
    written: dict[RowKey, int | None]


@dataclass(frozen=True)
class PlanImported:
    """What a plan file import did: the account it added, under which name, with how many people, and notices.

    ``notices``: a sentence for each person of the file kept apart from a co-seller who has a login.
    """

    account_id: int
    name: str
    people: int
    notices: tuple[str, ...]


def preview_contacts(
    database: Database,
    contacts: ContactFile,
    account_name: str,
    *,
    account_id: int | None = None,
    accept_cycles: bool = False,
    all_companies: bool = False,
) -> ImportPlan:
    """What :func:`import_contacts` would do with the same arguments, written nowhere."""
    with database.session() as session:
        if account_id is None:
            account_id = account_named(session, account_name)
        return preview(
            session,
            account_id,
            contacts,
            accept_cycles=accept_cycles,
            all_companies=all_companies,
            account_name=account_name,
        )


def import_contacts(
    database: Database,
    contacts: ContactFile,
    account_name: str,
    *,
    account_id: int | None = None,
    plan: ImportPlan | None = None,
    accept_cycles: bool = False,
    all_companies: bool = False,
    progress: Progress | None = None,
    cancelled: Cancel | None = None,
    backup: bool = True,
) -> ContactsImported:
    """Import ``contacts`` into an account in one write transaction; raise, with nothing written, when it cannot.

    The account is ``account_id``, or when None the account named ``account_name``, which the import makes
    (and rolls back with it) when there is none. ``plan`` is the preview the user saw, carried out as it
    is (refused if the account's people changed since); without one the file is previewed in the same
    transaction. A file that makes loops in the reporting lines is refused with
    :class:`~accountplan.interchange.contact_import.LoopsNotAccepted` (which holds the preview) unless
    ``accept_cycles``: then the links that close the loops are left out. ``backup``: make today's backup first.
    """
    if backup:
        daily_backup(database)
    with database.transaction() as session:
        if account_id is None:
            account_id = account_named(session, account_name)
        change = ContactImport(
            contacts,
            account_id,
            account_name,
            accept_cycles=accept_cycles,
            all_companies=all_companies,
            plan=plan if plan is not None and plan.account_id == account_id else None,
        )
        change.forward(session, progress=progress, cancelled=cancelled)
        written = written_rows(session)
    assert change.account_id is not None and change.done is not None and change.result is not None
    return ContactsImported(
        change.account_id,
        account_name,
        change.created_account,
        change.done,
        change.result,
        change,
        written,
    )


def import_plan_file(
    database: Database,
    document: Document,
    *,
    replace: bool = False,
    rename: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancel | None = None,
    backup: bool = True,
) -> PlanImported:
    """Add the account of a plan file (as :func:`~accountplan.interchange.planfile.read_plan` read it).

    In one transaction, outside the change log (the file brings its own). An account of the same name is
    replaced with ``replace``, or the file's is imported under another name with ``rename``; else the import is
    refused. ``backup``: make today's backup first.
    """
    if backup:
        daily_backup(database)
    notices: list[str] = []
    with database.transaction(audit=False) as session:
        account_id = import_plan(
            session,
            document,
            replace=replace,
            rename=rename,
            notices=notices,
            progress=progress,
            cancelled=cancelled,
        )
    name = rename or document["account"]["name"]
    return PlanImported(account_id, name, len(document["stakeholders"]), tuple(notices))
