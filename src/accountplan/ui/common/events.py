"""The model side announces what changed; every page connects once and redraws what concerns it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from accountplan.store.touched import EVERYTHING, Touched


class PlanEvents(QObject):
    """Announcements about the open database.

    Signals:
        plan_changed(int, Touched): something in this account changed, and what (the pages listen to this).
        account_changed(int): something in this account changed (id of the account); after plan_changed.
        accounts_changed(): an account was added, renamed or deleted.
        database_replaced(): another database was opened, or this one restored.
        failure(str): an edit was refused; the sentence says why.
        history(RecordRef): a page asks the window for one record's history (the change log, filtered).
        edit_catalog(): a page asks the window for the org units, product lines and competitors dialog.
        import_contacts(): a page asks the window for the contact import wizard (File → Import Contacts).
        navigate(str): a page asks the window to show another page (its key, e.g. "opportunities").
        open_account(int): a page asks the window to show this account (its id), on its overview.
        show_org_chart_as_of(date): a page asks the window for the org chart as it was at the end of that day.
        status(str): something finished that the user should hear about.
    """

    plan_changed = Signal(int, object)
    account_changed = Signal(int)
    accounts_changed = Signal()
    database_replaced = Signal()
    failure = Signal(str)
    history = Signal(object)
    edit_catalog = Signal()
    import_contacts = Signal()
    navigate = Signal(str)
    open_account = Signal(int)
    show_org_chart_as_of = Signal(object)
    status = Signal(str)

    def announce(self, account_id: int, touched: Touched = EVERYTHING) -> None:
        """Say that ``account_id`` changed: what was touched to the pages, then to everyone else."""
        self.plan_changed.emit(account_id, touched)
        self.account_changed.emit(account_id)
