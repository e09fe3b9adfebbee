"""The plan file: one account with everything in it, as a versioned JSON document, and back.

Every row of the account is written with a local ``id`` (1, 2, 3... in database order) and its
references as those local ids, so a file imports into any database and a round trip gives the same
document. Import validates everything first and writes in one transaction: a bad file changes nothing.

Three sections hold rows of no account: the co-sellers the account refers to, their seller plans (every
fiscal year), and the exchange rates between the currencies the plan uses (the account's, its deals', its
sellers'). On import a co-seller is matched with the people already there, and a seller plan or rate of the
same key already there is kept (a notice says so when the file's differs).

A file of format 1–3 carries the quota, commission tiers and big-deal threshold in ``numbers_plans``: they
become the seller plan of the file's account executive for the current calendar year (see
:func:`_upgrade_moved_numbers`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, CursorResult, Date, Insert, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accountplan import __version__
from accountplan.analysis.loops import find_loops
from accountplan.errors import AlreadyExists, InvalidPlanFile, NotFound
from accountplan.interchange.plancodec import (
    ADDED_LATER,
    FORMAT_NAME,
    FORMAT_VERSION,
    GLOBAL_SECTIONS,
    MOVED_IN_4,
    MOVED_IN_VERSION,
    SECTIONS,
    SECTIONS_ADDED_LATER,
    added_later_default,
    check_value,
    data_columns,
    decode,
    encode,
    plan_schema,
    reference_target,
)
from accountplan.interchange.progress import Cancel, Progress, Work
from accountplan.model import Account, ChangeLogEntry, CoSeller, ExchangeRate, Opportunity, SellerPlan
from accountplan.model.enums import CoSellerRole
from accountplan.model.seller import DEFAULT_COMMISSION_TIERS
from accountplan.model.text_rules import PLAN_FILE_MAX_BYTES
from accountplan.model.types import UTCDateTime
from accountplan.store.output_files import write_output

if TYPE_CHECKING:
    import jsonschema

Document = dict[str, Any]
SCHEMA_RESOURCE = "plan-format.schema.json"
_ACCOUNT: Table = Account.__table__  # type: ignore[assignment]
_CO_SELLERS: Table = CoSeller.__table__  # type: ignore[assignment]
_CHANGE_LOG: Table = ChangeLogEntry.__table__  # type: ignore[assignment]
_SELLER_PLANS: Table = SellerPlan.__table__  # type: ignore[assignment]
_EXCHANGE_RATES: Table = ExchangeRate.__table__  # type: ignore[assignment]
_OPPORTUNITIES: Table = Opportunity.__table__  # type: ignore[assignment]
#: The columns that name a row of a section of no account (beside its id), which an import matches on.
_GLOBAL_KEYS = {
    "seller_plans": ("co_seller_id", "fiscal_year"),
    "exchange_rates": ("fiscal_year", "currency", "to_currency"),
}
#: Self-references, written after all rows of their section exist (a manager may come after a report).
_SELF_REFERENCES = {("org_units", "parent_id"), ("stakeholders", "reports_to_id")}


def _tables() -> list[Table]:
    return [entity.__table__ for entity in SECTIONS]  # type: ignore[misc]


@cache
def shipped_schema() -> dict[str, Any]:
    """The JSON Schema shipped in the package (kept equal to the generated one by a test)."""
    text = resources.files("accountplan.interchange").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# --- export -----------------------------------------------------------------------------------------


def find_account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        names = session.scalars(select(Account.name).order_by(Account.name)).all()
        known = ", ".join(names) if names else "none yet"
        raise NotFound(f"There is no account named {name!r} (accounts: {known}).")
    return account


def export_account(session: Session, account_id: int) -> Document:
    """Everything about one account as a plan document."""
    account_row = session.execute(select(_ACCOUNT).where(_ACCOUNT.c.id == account_id)).one()
    rows_by_table: dict[str, list[Any]] = {}
    for table in _tables():
        if table.name in GLOBAL_SECTIONS:
            continue
        query = select(table).where(table.c.account_id == account_id).order_by(table.c.id)
        rows_by_table[table.name] = list(session.execute(query))
    sellers = _referenced_co_sellers(rows_by_table)
    rows_by_table[_CO_SELLERS.name] = list(
        session.execute(select(_CO_SELLERS).where(_CO_SELLERS.c.id.in_(sellers)).order_by(_CO_SELLERS.c.id))
    )
    rows_by_table[_SELLER_PLANS.name] = list(
        session.execute(
            select(_SELLER_PLANS)
            .where(_SELLER_PLANS.c.co_seller_id.in_(sellers))
            .order_by(_SELLER_PLANS.c.id)
        )
    )
    currencies = {str(account_row.currency)}
    currencies.update(str(row.currency) for row in rows_by_table[_OPPORTUNITIES.name])
    currencies.update(str(row.currency) for row in rows_by_table[_SELLER_PLANS.name])
    rates = _EXCHANGE_RATES
    rows_by_table[rates.name] = list(
        session.execute(
            select(rates)
            .where(rates.c.currency.in_(currencies), rates.c.to_currency.in_(currencies))
            .order_by(rates.c.id)
        )
    )
    local_ids = {
        name: {row.id: index for index, row in enumerate(rows, start=1)}
        for name, rows in rows_by_table.items()
    }
    document: Document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generator": f"accountplan {__version__}",
        "account": {
            c.name: encode(c, account_row._mapping[c.name]) for c in data_columns(_ACCOUNT) if c.name != "id"
        },
    }
    for table in _tables():
        document[table.name] = [_export_row(table, row, local_ids) for row in rows_by_table[table.name]]
    return document


def _referenced_co_sellers(rows_by_table: dict[str, list[Any]]) -> set[int]:
    ids: set[int] = set()
    for table in _tables():
        for column in table.columns:
            if reference_target(column) == _CO_SELLERS.name:
                ids.update(row._mapping[column.name] for row in rows_by_table.get(table.name, []))
    ids.discard(None)
    return ids


def _export_row(table: Table, row: Any, local_ids: dict[str, dict[int, int]]) -> dict[str, Any]:
    values = row._mapping
    out: dict[str, Any] = {}
    for column in data_columns(table):
        value = values[column.name]
        if column.primary_key:
            out[column.name] = local_ids[table.name][value]
        elif (target := _reference_of(table, column, values)) is not None:
            out[column.name] = None if value is None else local_ids.get(target, {}).get(value)
        elif table is _CHANGE_LOG and column.name == "entity_id":
            out[column.name] = None  # the account itself: a plan file holds just one
        else:
            out[column.name] = encode(column, value)
    return out


def _reference_of(table: Table, column: Column[Any], values: Any) -> str | None:
    """The section a column refers to; the change log's entity id refers to its entity's table."""
    if table is _CHANGE_LOG and column.name == "entity_id":
        # A change to the account itself needs no reference: there is one account in a plan file.
        return None if values["entity_type"] == _ACCOUNT.name else str(values["entity_type"])
    return reference_target(column)


def write_plan(document: Document, path: Path, *, database: Path | None = None) -> None:
    r"""Write a plan document to ``path`` whole (a crash leaves the old file or the new one).

    A lone surrogate, which UTF-8 cannot encode, is written as its JSON escape (``\ud800``): the file stays
    UTF-8 and valid JSON, and reads back as it was written.

    ``database`` is the open database's file, which the plan file may not replace (nor one of its backups,
    nor anything that is not a regular file): see :func:`~accountplan.store.output_files.write_output`.
    """
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_output(path, text.encode("utf-8", errors="backslashreplace"), database=database)


# --- reading and validation -------------------------------------------------------------------------


def read_plan(path: Path) -> Document:
    """Read and fully validate a plan file; raise InvalidPlanFile naming the place and the reason."""
    try:
        size = path.stat().st_size
        if size > PLAN_FILE_MAX_BYTES:
            raise InvalidPlanFile(
                f"{path.name} is too large for a plan file ({size / 2**20:,.0f} MB, at most "
                f"{PLAN_FILE_MAX_BYTES // 2**20} MB)."
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidPlanFile(f"There is no plan file at {path}.") from None
    except UnicodeDecodeError as exc:
        raise InvalidPlanFile(f"{path} is not a plan file: it is not UTF-8 text ({exc.reason}).") from None
    except OSError as exc:
        raise InvalidPlanFile(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidPlanFile(
            f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise InvalidPlanFile(f"{path.name} is not a plan file: its values are nested too deeply.") from None
    validate(document)
    return document


def _json_path(parts: Iterable[Any]) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate(document: Any) -> None:
    """Check a plan document against the schema and the plan's rules; raise InvalidPlanFile if bad.

    Fields added in a later format version and left out of an older file are filled in with their defaults.
    """
    if isinstance(document, dict):
        version = document.get("format_version")
        if document.get("format") == FORMAT_NAME and isinstance(version, int) and version > FORMAT_VERSION:
            raise InvalidPlanFile(
                f"This plan file has format version {version}, written by a newer Account Plan; "
                f"this version reads format {FORMAT_VERSION}.",
                "$.format_version",
            )
    import jsonschema  # here, not at the top: the window imports this module and seldom validates

    validator = jsonschema.Draft202012Validator(shipped_schema())
    try:
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    except RecursionError:
        raise InvalidPlanFile("This is not a plan file: its values are nested too deeply.") from None
    if error is not None:
        path = _json_path(error.absolute_path)
        raise InvalidPlanFile(f"{path}: {_schema_message(error)}", path)
    _fill_added_later(document)
    _upgrade_moved_numbers(document)
    _check_values(document)
    ids = _check_ids(document)
    _check_references(document, ids)
    _check_trees(document)
    _check_distinct_co_sellers(document)
    _check_global_keys(document)


def _schema_message(error: jsonschema.ValidationError) -> str:
    """The reason in a user's words, never quoting more than a few dozen characters of the file."""
    kind, expected, found = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties":
        extra = sorted(str(key) for key in found if key not in error.schema.get("properties", {}))
        return f"unknown field {_short(extra[0]) if extra else ''}".rstrip()
    if kind == "required":
        return error.message.replace("is a required property", "is missing")
    if kind == "maxLength":
        return f"is too long ({len(found):,} characters, at most {expected:,})"
    if kind in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        between = (
            f"between {low} and {high}" if low is not None and high is not None else f"{kind} {expected}"
        )
        return f"{_short(found)} is out of range (must be {between})"
    if kind == "type":
        wanted = [
            _TYPE_WORDS.get(t, str(t)) for t in (expected if isinstance(expected, list) else [expected])
        ]
        return f"must be {' or '.join(wanted)}, not {_json_kind(found)}"
    if kind in ("enum", "const"):
        allowed = expected if isinstance(expected, list) else [expected]
        return f"{_short(found)} is not one of {', '.join(_short(a) for a in allowed)}"
    if kind == "pattern":
        return f"{_short(found)} is not in the expected form"
    message = str(error.message)
    return message if len(message) <= 200 else message[:200] + "…"


def _short(value: Any) -> str:
    """A value as the file holds it, cut to a few dozen characters."""
    if isinstance(value, list | dict):
        return _json_kind(value)
    shown = repr(value) if isinstance(value, str) else json.dumps(value)
    return shown if len(shown) <= 60 else shown[:57] + "…"


_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _json_kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "null"}
    return names.get(type(value), "a number")


def _fill_added_later(document: Document) -> None:
    for section in SECTIONS_ADDED_LATER:
        document.setdefault(section, [])
    tables = _tables_by_name()
    for section, name in ADDED_LATER:
        default = added_later_default(tables[section].columns[name])
        for row in document[section]:
            row.setdefault(name, default)


def _upgrade_moved_numbers(document: Document) -> None:
    """Give an older file's account quota, tiers and big-deal threshold to its seller, as format 4 keeps them.

    A file of format 1–3 keeps them in ``numbers_plans``; format 4 keeps them in the seller plan of the
    account's account executive (the first active member of the team whose role is account executive, by
    the file's order; else one who holds that role among others) for the current calendar year, a fiscal year
    starting in January, in the account's currency: that plan is added to the file, unless the numbers are
    the defaults. A team without an account executive gets one named after the account (as migration 0008
    does), so that no quota is lost. A file of format 4 may not carry them at all.
    """
    for section, names in MOVED_IN_4.items():
        for index, row in enumerate(document[section]):
            carried = [name for name in names if name in row]
            if carried and document["format_version"] >= MOVED_IN_VERSION:
                path = f"$.{section}[{index}].{carried[0]}"
                raise InvalidPlanFile(
                    f"{path}: format {MOVED_IN_VERSION} keeps it in seller_plans, not in {section}", path
                )
            moved = {name: row.pop(name) for name in carried}
            if not moved or _are_default_numbers(moved):
                continue
            seller = _file_account_executive(document)
            if any(plan["co_seller_id"] == seller for plan in document["seller_plans"]):
                continue  # the first plan of the file wins, as in the migration
            document["seller_plans"].append(
                {
                    "id": _next_id(document["seller_plans"]),
                    "co_seller_id": seller,
                    "fiscal_year": dt.date.today().year,
                    "year_starts_month": 1,
                    "currency": document["account"]["currency"],
                    "quota": moved.get("quota"),
                    "commission_tiers": moved.get("commission_tiers", DEFAULT_COMMISSION_TIERS),
                    "cap": None,
                    "big_deal_percent": moved.get("big_deal_percent", 50),
                }
            )


def _are_default_numbers(moved: dict[str, Any]) -> bool:
    return (
        moved.get("quota") is None
        and moved.get("commission_tiers", DEFAULT_COMMISSION_TIERS) == DEFAULT_COMMISSION_TIERS
        and moved.get("big_deal_percent", 50) == 50
    )


def _next_id(rows: list[dict[str, Any]]) -> int:
    return max((row["id"] for row in rows if isinstance(row.get("id"), int)), default=0) + 1


def _file_account_executive(document: Document) -> int:
    """The local id of the file's account executive, adding a stand-in to the team when it has none."""
    sellers = {row["id"]: row for row in document["co_sellers"] if isinstance(row, dict)}
    team = sorted(
        row["co_seller_id"]
        for row in document["deal_team_members"]
        if row.get("active") and row.get("co_seller_id") in sellers
    )
    role = CoSellerRole.ACCOUNT_EXECUTIVE.value
    for holds in (
        lambda person: person.get("role") == role,
        lambda person: role in str(person.get("other_roles", "")).split(","),
    ):
        found = next((seller for seller in team if holds(sellers[seller])), None)
        if found is not None:
            return int(found)
    stand_in = _next_id(document["co_sellers"])
    name = f"Account executive of {document['account'].get('name', '')}"[:200]
    document["co_sellers"].append(
        {
            "id": stand_in,
            "name": name,
            "email": "",
            "role": role,
            "other_roles": "",
            "firm_kind": "ours",
            "organisation": "",
            "title": "",
            "login": "",
        }
    )
    document["deal_team_members"].append(
        {
            "id": _next_id(document["deal_team_members"]),
            "co_seller_id": stand_in,
            "responsibility": "Holds the quota of this account (from a plan file of an older format)",
            "active": True,
            "joined_on": None,
            "left_on": None,
        }
    )
    return stand_in


def _check_global_keys(document: Document) -> None:
    """Refuse two rows of a section of no account with the same key: an import would keep only one."""
    for section, key in _GLOBAL_KEYS.items():
        seen: dict[tuple[Any, ...], int] = {}
        for index, row in enumerate(document[section]):
            values = tuple(row[name] for name in key)
            if values in seen:
                path = f"$.{section}[{index}]"
                raise InvalidPlanFile(
                    f"{path}: the same {', '.join(key)} as $.{section}[{seen[values]}]", path
                )
            seen[values] = index


def _check_values(document: Document) -> None:
    columns = {c.name: c for c in data_columns(_ACCOUNT)}
    for name, value in document["account"].items():
        if (problem := check_value(columns[name], value)) is not None:
            raise InvalidPlanFile(f"$.account.{name}: {problem}", f"$.account.{name}")
    for table in _tables():
        columns = {c.name: c for c in data_columns(table)}
        for index, row in enumerate(document[table.name]):
            for name, value in row.items():
                if (problem := check_value(columns[name], value)) is not None:
                    path = f"$.{table.name}[{index}].{name}"
                    raise InvalidPlanFile(f"{path}: {problem}", path)


def _check_ids(document: Document) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = {}
    for table in _tables():
        seen: set[int] = set()
        for index, row in enumerate(document[table.name]):
            if row["id"] in seen:
                path = f"$.{table.name}[{index}].id"
                raise InvalidPlanFile(f"{path}: the id {row['id']} is used twice in {table.name}", path)
            seen.add(row["id"])
        ids[table.name] = seen
    return ids


def _check_references(document: Document, ids: dict[str, set[int]]) -> None:
    for table in _tables():
        for index, row in enumerate(document[table.name]):
            for column in data_columns(table):
                if column.primary_key or row[column.name] is None:
                    continue
                target = _reference_of(table, column, row)
                if target is None:
                    continue
                if target not in ids:
                    path = f"$.{table.name}[{index}].entity_type"
                    raise InvalidPlanFile(f"{path}: {target!r} is not a section of a plan file", path)
                if row[column.name] not in ids[target]:
                    path = f"$.{table.name}[{index}].{column.name}"
                    raise InvalidPlanFile(
                        f"{path}: refers to {target} id {row[column.name]}, which is not in the file", path
                    )


def _check_distinct_co_sellers(document: Document) -> None:
    """Refuse two co-sellers an import could not tell apart: it would make one person of them, silently."""
    seen: dict[tuple[str, ...], int] = {}
    roles = {role.value for role in CoSellerRole}
    for index, row in enumerate(document["co_sellers"]):
        odd = [
            value for value in row["other_roles"].split(",") if value.strip() and value.strip() not in roles
        ]
        if odd:
            path = f"$.co_sellers[{index}].other_roles"
            raise InvalidPlanFile(f"{path}: {odd[0]!r} is not a co-seller role", path)
        email = row["email"].strip().lower()
        keys: list[tuple[str, ...]] = (
            [("email", email)] if email else [("person", row["name"], row["organisation"], row["role"])]
        )
        if row.get("login"):
            keys.append(("login", row["login"]))
        for key in keys:
            if key in seen:
                what = {"email": "e-mail address", "login": "login"}.get(key[0], "name, firm and role")
                path = f"$.co_sellers[{index}]"
                raise InvalidPlanFile(
                    f"{path}: the same {what} as $.co_sellers[{seen[key]}]; an import would make one person "
                    "of the two",
                    path,
                )
            seen[key] = index


def _check_trees(document: Document) -> None:
    """Refuse a reporting line or org-unit nesting that loops, naming the loop."""
    for section, column, label in (
        ("stakeholders", "reports_to_id", "name"),
        ("org_units", "parent_id", "name"),
    ):
        loops = find_loops((row["id"], row[column]) for row in document[section] if row[column] is not None)
        if not loops:
            continue
        names = {row["id"]: row[label] for row in document[section]}
        members = [names[node] for node in loops[0]]
        raise InvalidPlanFile(
            f"$.{section}: the {column} links make a loop: {' → '.join([*members, members[0]])}",
            f"$.{section}",
        )
    loops = find_loops((row["step_id"], row["depends_on_id"]) for row in document["decision_dependencies"])
    if not loops:
        return
    names = {row["id"]: row["name"] for row in document["decision_steps"]}
    members = [names[node] for node in loops[0]]
    raise InvalidPlanFile(
        f"$.decision_dependencies: the decision steps depend on each other in a loop: "
        f"{' → '.join([*members, members[0]])}",
        "$.decision_dependencies",
    )


# --- import -----------------------------------------------------------------------------------------


def import_plan(
    session: Session,
    document: Document,
    *,
    replace: bool = False,
    rename: str | None = None,
    notices: list[str] | None = None,
    progress: Progress | None = None,
    cancelled: Cancel | None = None,
) -> int:
    """Add the account of a (validated) plan document to the database; return its new id.

    An account of the same name is never merged: ``replace`` deletes it first, ``rename`` imports under
    another name, and without either the import is refused. Co-sellers are matched with the people already
    in the database by their team-server login, else by e-mail address among the people who have no login
    (see :func:`_matching_co_seller`); ``notices`` receives a sentence for each person of the file who was
    kept apart from someone with a login. Runs in the caller's transaction. ``progress(done, total)`` is told
    the rows written every few hundred, and ``cancelled()`` asked as often: True raises Cancelled (see
    :mod:`~accountplan.interchange.progress`), and the caller's transaction rolls back.
    """
    validate(document)
    work = Work(sum(len(document[table.name]) for table in _tables()), progress, cancelled)
    work.check()
    values = {
        c.name: decode(c, document["account"][c.name]) for c in data_columns(_ACCOUNT) if c.name != "id"
    }
    if rename is not None:
        values["name"] = rename.strip()
        if not values["name"]:
            raise InvalidPlanFile("The new account name is empty.")
        if (problem := check_value(_ACCOUNT.c.name, values["name"])) is not None:
            raise InvalidPlanFile(f"The new account name {problem}.")
    existing = session.scalar(select(Account.id).where(Account.name == values["name"]))
    if existing is not None:
        if not replace:
            raise AlreadyExists(
                f"An account named {values['name']!r} already exists: import with --replace to overwrite it "
                "or --rename NEW to import it under another name."
            )
        session.execute(delete(_ACCOUNT).where(_ACCOUNT.c.id == existing))
    account_id = _insert(session, insert(_ACCOUNT).values(values))
    new_ids: dict[str, dict[int, int]] = {}
    for table in _tables():
        new_ids[table.name] = _import_section(
            session,
            table,
            document[table.name],
            account_id,
            new_ids,
            [] if notices is None else notices,
            work,
        )
    for section, column in _SELF_REFERENCES:
        table = _tables_by_name()[section]
        for row in document[section]:
            if row[column] is not None:
                session.execute(
                    update(table)
                    .where(table.c.id == new_ids[section][row["id"]])
                    .values({column: new_ids[section][row[column]]})
                )
    session.flush()
    work.check()
    if progress is not None:
        progress(work.total, work.total)
    return int(account_id)


def _insert(session: Session, statement: Insert) -> int:
    """Run an INSERT and return the new row's id."""
    result: CursorResult[Any] = session.execute(statement)  # type: ignore[assignment]
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _tables_by_name() -> dict[str, Table]:
    return {table.name: table for table in _tables()}


def _import_section(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    account_id: int,
    new_ids: dict[str, dict[int, int]],
    notices: list[str],
    work: Work,
) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for index, row in enumerate(rows):
        if table is _CO_SELLERS and (found := _matching_co_seller(session, row, notices)) is not None:
            mapping[row["id"]] = found
            work.step()
            continue
        if (
            table.name in _GLOBAL_KEYS
            and (found := _kept_row(session, table, row, new_ids, notices)) is not None
        ):
            mapping[row["id"]] = found
            work.step()
            continue
        values: dict[str, Any] = {} if table.name in GLOBAL_SECTIONS else {"account_id": account_id}
        if table is _CO_SELLERS:
            # Only the admin gives logins ('team add-user'): a file never does, or a crafted one could.
            row = {**row, "login": ""}
        for column in data_columns(table):
            value = row[column.name]
            if column.primary_key:
                continue
            if (table.name, column.name) in _SELF_REFERENCES:
                values[column.name] = None
            elif (target := _reference_of(table, column, row)) is not None:
                values[column.name] = None if value is None else new_ids[target][value]
            elif table is _CHANGE_LOG and column.name == "entity_id":
                values[column.name] = account_id if row["entity_type"] == _ACCOUNT.name else None
            else:
                values[column.name] = decode(column, value)
        try:
            mapping[row["id"]] = _insert(session, insert(table).values(values))
        except IntegrityError as exc:
            # A rule only the database knows (a unique pair, a check): the caller's transaction rolls back.
            path = f"$.{table.name}[{index}]"
            raise InvalidPlanFile(f"{path}: the database refuses this row ({exc.orig}).", path) from None
        work.step()
    return mapping


def _kept_row(
    session: Session,
    table: Table,
    row: dict[str, Any],
    new_ids: dict[str, dict[int, int]],
    notices: list[str],
) -> int | None:
    """The seller plan or exchange rate of the row's key already here (kept as it is), or None to add it."""
    key = {
        name: new_ids[refers][row[name]]
        if (refers := reference_target(table.c[name])) is not None
        else decode(table.c[name], row[name])
        for name in _GLOBAL_KEYS[table.name]
    }
    found = session.execute(
        select(table).where(*(table.c[name] == value for name, value in key.items()))
    ).first()
    if found is None:
        return None
    differing = [
        column.name
        for column in data_columns(table)
        if not column.primary_key
        and column.name not in key
        and encode(column, found._mapping[column.name]) != row[column.name]
    ]
    if differing:
        notices.append(
            f"{_global_row_words(session, table, found)} was kept as it is here; the file's differs in "
            f"{', '.join(name.replace('_', ' ') for name in differing)}."
        )
    return int(found.id)


def _global_row_words(session: Session, table: Table, row: Any) -> str:
    if table is _SELLER_PLANS:
        name = session.scalar(select(_CO_SELLERS.c.name).where(_CO_SELLERS.c.id == row.co_seller_id))
        return f"The seller plan of {name} for fiscal year {row.fiscal_year}"
    return f"The exchange rate {row.currency} → {row.to_currency} of fiscal year {row.fiscal_year}"


def _matching_co_seller(session: Session, row: dict[str, Any], notices: list[str]) -> int | None:
    """The co-seller already here who is this row's person, or None to add them as someone new.

    Co-sellers are shared by every account, so a plan imported again (renamed or replacing) reuses them:
    the one with the row's login, when the file names one this server knows; else, among the people without
    a login, the one with the row's e-mail address, or without one, the same name, firm and role. A person
    with a login is never matched by e-mail: a co-seller may write any e-mail address into their own
    details, and a match would put their login on the imported account's team.
    """
    table = _CO_SELLERS
    if row.get("login") and (
        found := session.scalar(select(table.c.id).where(table.c.login == row["login"]))
    ):
        return int(found)
    email = row["email"].strip().lower()
    if email:
        same_email = session.execute(
            select(table.c.id, table.c.login, table.c.name)
            .where(func.lower(table.c.email) == email)
            .order_by(table.c.login != "", table.c.id)
        ).all()
        if same_email and not same_email[0].login:
            return int(same_email[0].id)
        if same_email:
            notices.append(
                f"{row['name']} ({row['email']}) was added as a person of their own: {same_email[0].name} "
                f"has that e-mail address and logs in as {same_email[0].login!r}, and a login is never given "
                f"a team by e-mail; if they are the same person, put {same_email[0].login!r} on the team."
            )
        return None
    return session.scalar(
        select(table.c.id)
        .where(
            table.c.email == "",
            table.c.login == "",
            table.c.name == row["name"],
            table.c.organisation == row["organisation"],
            table.c.role == decode(table.c.role, row["role"]),
        )
        .order_by(table.c.id)
        .limit(1)
    )


# --- moving a plan in time (the demo) ---------------------------------------------------------------


def shift_dates(document: Document, days: int) -> Document:
    """A copy of the document with every date and time moved by ``days`` (keeps the demo current)."""
    delta = dt.timedelta(days=days)
    shifted: Document = json.loads(json.dumps(document))
    date_fields: dict[str, set[str]] = {}
    for table in [_ACCOUNT, *_tables()]:
        date_fields[table.name] = {c.name for c in table.columns if isinstance(c.type, Date | UTCDateTime)}
    rows_of = [("accounts", [shifted["account"]])] + [(t.name, shifted.get(t.name, [])) for t in _tables()]
    for name, rows in rows_of:
        for row in rows:
            for field in date_fields[name]:
                row[field] = _shift(row[field], delta)
    for entry in shifted["change_log"]:
        if entry["field"] in date_fields.get(entry["entity_type"], ()):
            entry["old_value"] = _shift(entry["old_value"], delta)
            entry["new_value"] = _shift(entry["new_value"], delta)
    return shifted


def _shift(value: str | None, delta: dt.timedelta) -> str | None:
    if value is None:
        return None
    if "T" in value:
        moment = dt.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S") + delta
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (dt.date.fromisoformat(value[:10]) + delta).isoformat()


def generated_schema_text() -> str:
    return json.dumps(plan_schema(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # regenerate the shipped schema: python -m accountplan.interchange.planfile
    target = Path(__file__).with_name(SCHEMA_RESOURCE)
    target.write_text(generated_schema_text(), encoding="utf-8")
    print(f"wrote {target}")
