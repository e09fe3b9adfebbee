"""PostgreSQL as the team server: how transactions run, what its errors mean to a user, change notifications.

Transactions run at READ COMMITTED. Lost updates are prevented by the version counter every editable row
carries (``Versioned``): an UPDATE or DELETE names the version it read (``WHERE version = :v``), so a
concurrent save makes it match no row; PostgreSQL makes the second writer wait for the first to commit and
then re-checks that condition, so exactly one of two concurrent saves wins and the other is refused
(SQLAlchemy's StaleDataError, turned into :class:`EditConflict` here). A deadlock or serialization failure
(two transactions saving the same rows in opposite orders) is refused the same way: nothing of it is saved.

After every committed write transaction the server tells every listening window which rows changed, by
NOTIFY on :data:`CHANNEL`. Every user of the server can read notifications, so the payload carries only
numbers and table names (``{"o": origin, "a": [account ids] | null, "r": {table: [ids]}}``), never text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import URL, ExceptionContext
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.exc import StaleDataError

from accountplan.errors import AccountPlanError, DatabaseError, EditConflict, ServerUnreachable
from accountplan.model import Account, Base
from accountplan.model.base import Versioned
from accountplan.store.team_server import access_refused

CHANNEL = "accountplan_changes"
#: Seconds to wait for the server before calling it unreachable.
CONNECT_TIMEOUT_S = 5
#: PostgreSQL refuses payloads of 8000 bytes or more; past this the row ids are left out.
MAX_PAYLOAD = 7000
_CHANGED = "accountplan_changed"
_SAVING = "accountplan_saving"
#: SQLSTATEs of a deadlock and a serialization failure: the transaction was undone, nothing saved.
_CONCURRENT = frozenset({"40001", "40P01"})


def require_driver(url: URL) -> None:
    """Refuse, in one sentence, a server URL whose driver (the ``team`` extra) is not installed."""
    if url.get_driver_name() != "psycopg":
        return  # another driver named in the URL: SQLAlchemy says what is missing
    try:
        import psycopg  # noqa: F401 - only whether it is there
    except ImportError:
        raise DatabaseError(
            f"{url.render_as_string(hide_password=True)} is a team server, and the PostgreSQL driver it needs "
            "is not installed: install it with pip install 'accountplan[team]' and try again."
        ) from None


def engine_options() -> dict[str, Any]:
    """``create_engine`` options for a PostgreSQL URL."""
    return {
        "isolation_level": "READ COMMITTED",
        # A connection the server dropped (a restart) is noticed and replaced before it is used.
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "accountplan"},
    }


def unreachable_message(name: str, reason: str = "") -> str:
    because = f" ({reason})" if reason else ""
    return f"The team server ({name}) is not reachable{because}."


def _reason(error: BaseException | None) -> str:
    lines = str(error or "").strip().splitlines()
    return lines[0].rstrip(".") if lines else ""


def lost_connection(error: BaseException | None) -> bool:
    """Whether a driver error means the server cannot be reached (down, restarting, network gone)."""
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate in ("57P01", "57P02", "57P03") or (sqlstate or "").startswith("08"):
        return True
    return sqlstate is None and type(error).__name__ in ("OperationalError", "InterfaceError")


def handle_error(name: str) -> Callable[[ExceptionContext], BaseException | None]:
    """An engine ``handle_error`` hook: a lost server, on any read or write, is :class:`ServerUnreachable`."""

    def handle(context: ExceptionContext) -> BaseException | None:
        if context.is_pre_ping:  # the pool's own check: it replaces the connection by itself
            return None
        if context.is_disconnect or lost_connection(context.original_exception):
            return ServerUnreachable(unreachable_message(name, _reason(context.original_exception)))
        return None

    return handle


def translate(error: BaseException, name: str, session: Session) -> AccountPlanError | None:
    """The user's error for a failure of the server, or None if it is not one of those."""
    if isinstance(error, StaleDataError):
        return _stale(error, session)
    if not isinstance(error, DBAPIError):
        return None
    if getattr(error.orig, "sqlstate", None) in _CONCURRENT:
        return EditConflict(
            "Another user saved the same rows at the same moment; nothing of yours was saved. Try again."
        )
    if error.connection_invalidated or lost_connection(error.orig):
        return ServerUnreachable(unreachable_message(name, _reason(error.orig)))
    return access_refused(error)  # team mode: the deal team's row-level security refused it


def _stale(error: StaleDataError, session: Session) -> EditConflict:
    saving: list[tuple[str, int, str]] = session.info.get(_SAVING, [])
    message = str(error)
    matching = [row for row in saving if f"'{row[0]}'" in message] or saving
    if not matching:
        return EditConflict(
            "A row you changed was changed by someone else since you opened it; "
            "their version was kept and nothing was overwritten."
        )
    table, row_id, label = matching[0]
    more = f" (and {len(matching) - 1} more)" if len(matching) > 1 else ""
    return EditConflict(
        f"{label}{more} was changed by someone else since you opened it; "
        "their version was kept and nothing was overwritten.",
        rows=[(t, i) for t, i, _ in matching],
    )


def before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    """Name the versioned rows about to be saved, so a refused save can say which one was stale."""
    session.info[_SAVING] = [
        (obj.__tablename__, obj.id, obj.label)
        for obj in (*session.dirty, *session.deleted)
        if isinstance(obj, Versioned) and isinstance(obj, Base) and obj.id is not None
    ]


@dataclass
class Changes:
    """What a transaction wrote: the accounts (None: unknown or every account) and rows by table."""

    accounts: set[int] | None = field(default_factory=set)
    rows: dict[str, set[int]] = field(default_factory=dict)


def note_changed(session: Session, _context: UOWTransaction) -> None:
    """After each flush: remember which accounts and rows the transaction wrote (for the notification)."""
    changes: Changes = session.info.setdefault(_CHANGED, Changes())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, Base) or obj.id is None:
            continue
        changes.rows.setdefault(obj.__tablename__, set()).add(obj.id)
        account_id = obj.id if isinstance(obj, Account) else getattr(obj, "account_id", None)
        if account_id is None:
            changes.accounts = None  # a co-seller, shared by every account
        elif changes.accounts is not None:
            changes.accounts.add(account_id)


def note_statement(state: ORMExecuteState) -> None:
    """Session ``do_orm_execute`` hook: note a plain INSERT, UPDATE or DELETE (an import, a snapshot put back).

    Such a statement writes rows the flush does not see, of accounts it does not say.
    """
    if state.is_insert or state.is_update or state.is_delete:
        changes: Changes = state.session.info.setdefault(_CHANGED, Changes())
        changes.accounts = None
        table = getattr(state.statement, "table", None)
        if table is not None:
            changes.rows.setdefault(table.name, set())


def payload(origin: str, changes: Changes | None) -> str:
    """The notification text: ids only, short enough for PostgreSQL (rows left out when too many)."""
    if changes is None or not changes.rows:
        # Plain SQL only (an import, a restored snapshot): which accounts is not known, so say "all".
        return json.dumps({"o": origin, "a": None}, separators=(",", ":"))
    accounts = None if changes.accounts is None else sorted(changes.accounts)
    body: dict[str, Any] = {"o": origin, "a": accounts, "r": {t: sorted(i) for t, i in changes.rows.items()}}
    text_ = json.dumps(body, separators=(",", ":"))
    if len(text_) <= MAX_PAYLOAD:
        return text_
    body.pop("r")
    text_ = json.dumps(body, separators=(",", ":"))
    return text_ if len(text_) <= MAX_PAYLOAD else json.dumps({"o": origin, "a": None}, separators=(",", ":"))


def notify(session: Session, origin: str) -> None:
    """Queue the notification of this transaction's writes; PostgreSQL sends it only if it commits."""
    if _CHANGED not in session.info:
        return  # it wrote nothing
    session.execute(
        select(text("pg_notify(:channel, :payload)")),
        {"channel": CHANNEL, "payload": payload(origin, session.info.get(_CHANGED))},
    )


@dataclass(frozen=True)
class Notice:
    """One notification: who sent it and which accounts (None: possibly any) and rows it concerns."""

    origin: str
    accounts: frozenset[int] | None
    rows: dict[str, frozenset[int]]


def parse(text_: str) -> Notice | None:
    """The notification sent by :func:`notify`, or None if it is not one of ours."""
    try:
        body = json.loads(text_)
        accounts = body.get("a")
        return Notice(
            str(body["o"]),
            None if accounts is None else frozenset(int(a) for a in accounts),
            {str(t): frozenset(int(i) for i in ids) for t, ids in (body.get("r") or {}).items()},
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def conninfo(url: URL) -> str:
    """A libpq connection string for a SQLAlchemy ``postgresql+psycopg://`` URL."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def affected(notices: Iterable[Notice]) -> frozenset[int] | None:
    """The accounts a batch of notifications concerns (None: possibly any)."""
    found: set[int] = set()
    for notice in notices:
        if notice.accounts is None:
            return None
        found |= notice.accounts
    return frozenset(found)
