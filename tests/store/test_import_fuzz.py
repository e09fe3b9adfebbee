"""Fuzzing the two imports of someone else's file: a plan file and a contact file.

Property: any input either imports and comes back out exactly as it went in, or is refused with one
sentence and leaves the database exactly as it was. Hypothesis runs a fixed, derandomised budget here (the
same examples on every run, CI included); ``HYPOTHESIS_PROFILE=explore`` runs ten times as many, at random.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import sqlite3
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from accountplan.errors import AccountPlanError, InvalidPlanFile
from accountplan.interchange.contact_formats import read_contacts
from accountplan.interchange.contact_import import apply, preview
from accountplan.interchange.plancodec import SECTIONS
from accountplan.interchange.planfile import export_account, find_account, import_plan, read_plan, write_plan
from accountplan.model import Account, Base, CoSeller, ExchangeRate, Stakeholder
from accountplan.model.text_rules import clean_text
from accountplan.model.types import Money, Rate
from accountplan.plan.accounts import create_account
from accountplan.store.database import Database

settings.register_profile(
    "ci",
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=1200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

#: What a hostile or careless file holds where text belongs.
HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cs", "Zl", "Zp"]), max_size=8),
    st.sampled_from(
        [
            "",
            "\x00",
            "a\x1b[31mb",
            "\ud800",
            "line\r\nbreak",
            "=cmd|' /C calc'!A0",
            "<a href='file:///etc/passwd'>x</a>",
            "井上 大輔",
            "x" * 301,
        ]
    ),
)
#: And where anything else belongs.
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
VALUES = st.one_of(
    HOSTILE_TEXT,
    st.integers(),
    st.sampled_from([2**31 - 1, 2**31, -(2**31), 2**63, -1, 0]),
    st.sampled_from(["2026-12-07", "9999-12-31", "0001-01-01", "2026-02-30", "2026-12-07T10:00:00Z"]),
    st.sampled_from(["1.5", "12345678901234567.00", "-0.01", "1e3"]),
    ANY_JSON,
)
SECTION_NAMES = [entity.__tablename__ for entity in SECTIONS]
#: The fields of amounts and rates, compared as numbers ("1.5" is "1.50").
NUMBER_FIELDS = frozenset(
    column.name
    for table in Base.metadata.tables.values()
    for column in table.columns
    if isinstance(column.type, Money | Rate)
)


def _kept(text: str) -> str:
    """Text as a contact import keeps it: NFC, control characters out, no surrounding blanks."""
    return unicodedata.normalize("NFC", clean_text(text)).strip()


def _dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: what "the database is unchanged" means, byte for byte."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return list(connection.iterdump())


@st.composite
def damaged_documents(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """The rich plan with one to three fields changed, added or removed, anywhere."""
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.sampled_from(["account", *SECTION_NAMES, "top"]))
        if where == "top":
            key = draw(st.sampled_from(["format", "format_version", "generator", "anchor_date", "extra"]))
            document[key] = draw(VALUES)
            continue
        if where == "account":
            row = document["account"]
        else:
            rows = document[where]
            if not isinstance(rows, list) or not rows or draw(st.integers(0, 9)) == 0:
                document[where] = draw(ANY_JSON)
                continue
            row = rows[draw(st.integers(0, len(rows) - 1))]
        if not isinstance(row, dict):
            continue
        field = draw(st.sampled_from([*sorted(row), "unknown_field"]))
        if draw(st.integers(0, 9)) == 0:
            row.pop(field, None)
        else:
            row[field] = draw(VALUES)
    return document


def _same(exported: dict[str, Any], document: dict[str, Any]) -> None:
    """The exported plan is the imported one: amounts compared as amounts ("1.5" is "1.50")."""
    for section in ["account", *SECTION_NAMES]:
        got, sent = exported[section], document[section]
        rows = [(got, sent)] if section == "account" else list(zip(got, sent, strict=True))
        for out, came in rows:
            for key, value in came.items():
                if key == "login":
                    assert out[key] == ""  # logins are the admin's to give, never a file's
                elif isinstance(value, str) and key in NUMBER_FIELDS:
                    assert Decimal(out[key]) == Decimal(value), (section, key)
                else:
                    assert out[key] == value, (section, key, out[key], value)


@pytest.fixture(scope="module")
def plan_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "target.sqlite"
    with Database.open(path, user="fuzz") as database, database.transaction() as session:
        create_account(session, "Already here")
    return path


def test_a_damaged_plan_file_imports_exactly_or_changes_nothing(
    rich_document: dict[str, Any], plan_target: Path, tmp_path: Path
) -> None:
    @settings(settings.get_profile(PROFILE))
    @given(document=damaged_documents(rich_document))
    def check(document: dict[str, Any]) -> None:
        file = tmp_path / "plan.json"
        try:
            file.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
        except ValueError:  # a float json cannot write (infinity): not a file anyone can make
            assume(False)
        before = _dump(plan_target)
        with Database.open(plan_target, user="fuzz") as database:
            try:
                read = read_plan(file)
                with database.transaction(audit=False) as session:
                    account_id = import_plan(session, read, rename="Fuzzed")
            except AccountPlanError as refused:
                message = str(refused)
                assert message and "\n" not in message and len(message) < 1000
                assert _dump(plan_target) == before
                return
            with database.session() as session:
                exported = export_account(session, account_id)
            _same(exported, {**read, "account": {**read["account"], "name": "Fuzzed"}})
            # What came out goes back in, and out again, unchanged.
            write_plan(exported, tmp_path / "again.json")
            assert read_plan(tmp_path / "again.json") == exported
            with database.transaction(audit=False) as session:  # as it was, for the next example
                session.execute(delete(Account).where(Account.id == account_id))
                session.execute(delete(CoSeller))
                session.execute(delete(ExchangeRate))
            assert _dump(plan_target) == before

    check()


def test_the_plan_file_fuzzer_reaches_both_outcomes(rich_document: dict[str, Any], plan_target: Path) -> None:
    # A check of the fuzzer itself: an untouched plan imports, and a NUL in a name is refused.
    with Database.open(plan_target, user="fuzz") as database:
        with database.transaction(audit=False) as session:
            import_plan(session, copy.deepcopy(rich_document), rename="Untouched")
        with database.transaction(audit=False) as session:
            session.execute(delete(Account).where(Account.id == find_account(session, "Untouched").id))
            session.execute(delete(CoSeller))
            session.execute(delete(ExchangeRate))
        broken = copy.deepcopy(rich_document)
        broken["stakeholders"][0]["name"] = "A\x00"
        refused = pytest.raises(InvalidPlanFile, match=r"\$\.stakeholders\[0\]\.name")
        with refused, database.transaction(audit=False) as session:
            import_plan(session, broken, rename="Broken")


# --- contacts ---------------------------------------------------------------------------------------

CONTACT_TEXT = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(["", "Ann Lee", "井上 大輔", '"quoted", comma', "multi\nline", "x" * 250, "=SUM(A1)"]),
)
PEOPLE = st.lists(st.tuples(CONTACT_TEXT, CONTACT_TEXT, CONTACT_TEXT), min_size=1, max_size=12)


@pytest.fixture(scope="module")
def contacts_target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "contacts.sqlite"
    Database.open(path, user="fuzz").close()
    return path


def test_a_contact_file_imports_what_it_says_or_changes_nothing(
    contacts_target: Path, tmp_path: Path
) -> None:
    @settings(settings.get_profile(PROFILE))
    @given(people=PEOPLE, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    def check(people: list[tuple[str, str, str]], encoding: str) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["Name", "Title", "Department"])
        writer.writerows(people)
        file = tmp_path / "contacts.csv"
        file.write_bytes(buffer.getvalue().encode(encoding, "surrogatepass"))
        before = _dump(contacts_target)
        with Database.open(contacts_target, user="fuzz") as database:
            try:
                contacts = read_contacts(file)
                with database.transaction() as session:
                    account_id = create_account(session, "Contacts")
                    plan = preview(session, account_id, contacts)
                    apply(session, plan)
            except AccountPlanError as refused:
                message = str(refused)
                assert message and len(message) < 1000
                assert _dump(contacts_target) == before
                return
            with database.session() as session:
                stored = sorted(
                    tuple(row)
                    for row in session.execute(
                        select(Stakeholder.name, Stakeholder.title).where(
                            Stakeholder.account_id == account_id
                        )
                    )
                )
            with database.transaction() as session:
                session.execute(delete(Account).where(Account.id == account_id))
        # Every row but the blank ones is planned (added, or skipped with its reason), in the file's order...
        rows = [person for person in people if any(cell.strip() for cell in person)]
        planned = sorted(plan.rows, key=lambda row: row.line)
        assert len(planned) == len(rows)
        assert all(row.reason for row in plan.skipped)
        # ...and each person added holds what the file said, as the text rules keep text.
        expected = sorted(
            (" ".join(_kept(name).split()), _kept(title))
            for row, (name, title, _) in zip(planned, rows, strict=True)
            if row in plan.added
        )
        assert stored == expected

    check()
