"""The plan file: an exact round trip, no silent merge, and every bad file refused with its JSON path."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from accountplan.errors import AlreadyExists, InvalidPlanFile, NotFound
from accountplan.interchange.plancodec import FORMAT_NAME, FORMAT_VERSION, SECTIONS
from accountplan.interchange.planfile import (
    Document,
    export_account,
    find_account,
    import_plan,
    read_plan,
    shift_dates,
    validate,
    write_plan,
)
from accountplan.model import Account, CoSeller, DealTeamMember, Stakeholder
from accountplan.model.enums import CoSellerRole
from accountplan.plan.accounts import create_account
from accountplan.plan.team import add_co_seller
from accountplan.store.database import Database

Counts = Callable[[Database], dict[str, int]]
Builder = Callable[..., int]


def _export(database: Database, name: str) -> Document:
    with database.session() as session:
        return export_account(session, find_account(session, name).id)


def _import(database: Database, document: Any, **how: Any) -> int:
    with database.transaction(audit=False) as session:
        return import_plan(session, document, **how)


@pytest.fixture
def other_db(tmp_path: Path) -> Any:
    database = Database.open(tmp_path / "other.sqlite", user="someone else")
    yield database
    database.close()


@pytest.fixture
def document(db: Database, rich_document: Document) -> Document:
    """The rich account, in ``db`` and as the document exported from where it was built by hand."""
    _import(db, rich_document)
    document = copy.deepcopy(rich_document)
    for person in document["co_sellers"]:
        person["login"] = ""  # logins are the admin's to give, never a file's
    return document


# --- export and the round trip ----------------------------------------------------------------------


def test_the_round_trip_through_an_empty_database_is_exact(
    db: Database, rich_account: Builder, other_db: Database, tmp_path: Path
) -> None:
    rich_account(db)
    document = _export(db, "Kaiyō Heavy Industries 海洋重工")
    write_plan(document, tmp_path / "kaiyo.json")
    read_back = read_plan(tmp_path / "kaiyo.json")
    assert read_back == document

    _import(other_db, read_back)
    again = _export(other_db, "Kaiyō Heavy Industries 海洋重工")
    # Exact, but for the team-server logins: only the admin gives logins ('team add-user'), never a file.
    assert [person["login"] for person in document["co_sellers"]] == ["sseller", "", ""]
    without_logins = copy.deepcopy(document)
    for person in without_logins["co_sellers"]:
        person["login"] = ""
    assert again == without_logins
    write_plan(again, tmp_path / "again.json")
    # Back into the database it came from, the login finds its person again: the same people, logins kept.
    _import(db, read_back, rename="Kaiyō once more")
    assert _export(db, "Kaiyō once more")["co_sellers"] == document["co_sellers"]
    write_plan(without_logins, tmp_path / "kaiyo.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "kaiyo.json").read_bytes()


def test_an_import_never_gives_a_team_to_a_login_that_took_someone_elses_email(
    db: Database, rich_account: Builder, other_db: Database
) -> None:
    rich_account(db)
    document = _export(db, "Kaiyō Heavy Industries 海洋重工")
    victim = document["co_sellers"][1]
    with other_db.transaction() as session:
        # Mallory, who logs in, wrote the e-mail of a member of the team about to be imported into her row.
        mallory = add_co_seller(session, "Mallory", CoSellerRole.PARTNER, email=victim["email"].upper())
        session.get(CoSeller, mallory).login = "mallory"  # type: ignore[union-attr]
    notices: list[str] = []
    with other_db.transaction(audit=False) as session:
        account_id = import_plan(session, document, notices=notices)
    with other_db.session() as session:
        team = set(
            session.scalars(
                select(DealTeamMember.co_seller_id).where(DealTeamMember.account_id == account_id)
            )
        )
        logins = {
            session.get(CoSeller, member).login
            for member in team  # type: ignore[union-attr]
        }
    assert mallory not in team
    assert logins == {""}  # no login at all: the admin gives them
    assert len(notices) == 1 and victim["name"] in notices[0] and "'mallory'" in notices[0]


def test_the_document_carries_every_section_with_local_references(document: Document) -> None:
    assert (document["format"], document["format_version"]) == (FORMAT_NAME, FORMAT_VERSION)
    assert set(document) == {"format", "format_version", "generator", "account"} | {
        entity.__tablename__ for entity in SECTIONS
    }
    for entity in SECTIONS:
        rows = document[entity.__tablename__]
        assert rows, f"the rich account should use {entity.__tablename__}"
        assert [row["id"] for row in rows] == list(range(1, len(rows) + 1))
    assert "id" not in document["account"]
    assert document["account"]["currency"] == "JPY"
    assert document["account"]["created_at"] == "2023-04-03T00:30:00Z"

    people = {row["name"]: row for row in document["stakeholders"]}
    assert set(people) == {"田中 愛子", "Léa Dubois-Müller", "Ольга Петрова", "Hiroshi Kaiyō"}
    # A manager may come after the report in the file; the reference is the manager's local id.
    assert (
        people["田中 愛子"]["reports_to_id"] == people["Léa Dubois-Müller"]["id"] > people["田中 愛子"]["id"]
    )
    assert people["Ольга Петрова"]["status"] == "departed"
    assert people["Ольга Петрова"]["departed_on"] == "2025-03-31"
    units = {row["name"]: row for row in document["org_units"]}
    assert units["Treasury department"]["parent_id"] == units["Finance division"]["id"]
    assert units["Finance division"]["parent_id"] == units["Kaiyō Group"]["id"]

    deals = {row["name"]: row for row in document["opportunities"]}
    assert deals["Enterprise platform"]["amount"] == "1234567890.12"
    assert deals["Proof: Treasury analytics"]["amount"] == "1500000.00"
    assert deals["Cross-sell: HR"]["amount"] is None
    assert deals["Enterprise platform"]["sales_stage"] == "negotiation"
    # Only the co-sellers this account refers to travel with it.
    assert sorted(row["name"] for row in document["co_sellers"]) == [
        "Nils Ødegård",
        "Priya Raman",
        "Sam Seller",
    ]
    # The change log keeps its story; rows since deleted are named but no longer referred to.
    deleted = [
        e for e in document["change_log"] if e["kind"] == "deleted" and e["entity_type"] == "stakeholders"
    ]
    assert [(e["entity_label"], e["entity_id"]) for e in deleted] == [("Temp Contractor", None)]
    due_change = [e for e in document["change_log"] if e["field"] == "due"]
    assert [(e["old_value"], e["new_value"]) for e in due_change] == [("2025-03-01", "2025-03-15")]
    assert {e["user"] for e in document["change_log"]} == {"tester"}


def test_the_plan_file_is_readable_utf8_json(document: Document, tmp_path: Path) -> None:
    path = tmp_path / "out" / "plan.json"
    path.parent.mkdir()
    write_plan(document, path)
    text = path.read_text(encoding="utf-8")
    assert "田中 愛子" in text and "Ольга Петрова" in text  # not \\u escapes
    assert json.loads(text) == document
    assert [p.name for p in path.parent.iterdir()] == ["plan.json"]  # no temporary file left behind


def test_exporting_an_unknown_account_names_the_ones_there_are(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFound, match="none yet"):
        find_account(session, "Nope")
    with db.transaction() as session:
        create_account(session, "Acme")
    with db.session() as session, pytest.raises(NotFound, match="accounts: Acme"):
        find_account(session, "Nope")


# --- importing next to what is already there --------------------------------------------------------


def test_importing_an_account_that_exists_is_refused_without_replace_or_rename(
    db: Database, document: Document, row_counts: Counts
) -> None:
    before = row_counts(db)
    with pytest.raises(AlreadyExists) as refused:
        _import(db, document)
    assert "--replace" in str(refused.value) and "--rename" in str(refused.value)
    assert row_counts(db) == before


def test_replace_swaps_the_account_without_leaving_duplicates(
    db: Database, document: Document, row_counts: Counts
) -> None:
    with db.transaction() as session:
        create_account(session, "Bystander")
    before = row_counts(db)
    with db.session() as session:
        old_id = find_account(session, "Kaiyō Heavy Industries 海洋重工").id

    changed = copy.deepcopy(document)
    changed["stakeholders"][0]["title"] = "CIO"
    new_id = _import(db, changed, replace=True)

    assert new_id != old_id
    assert row_counts(db) == before  # every old row gone, every co-seller matched, nothing twice
    with db.session() as session:
        assert session.get(Account, old_id) is None
        assert set(session.scalars(select(Stakeholder.account_id))) == {new_id}
        assert session.scalars(select(Stakeholder.title).where(Stakeholder.name == "田中 愛子")).all() == [
            "CIO"
        ]
        assert session.scalars(select(Account.name).order_by(Account.name)).all() == [
            "Bystander",
            "Kaiyō Heavy Industries 海洋重工",
        ]
    assert _export(db, "Kaiyō Heavy Industries 海洋重工") == changed


def test_rename_imports_a_second_copy(db: Database, document: Document, row_counts: Counts) -> None:
    before = row_counts(db)
    _import(db, document, rename="  Kaiyō (copy) ")
    after = row_counts(db)

    assert after["accounts"] == before["accounts"] + 1
    assert after["stakeholders"] == 2 * before["stakeholders"]
    assert after["co_sellers"] == before["co_sellers"]  # the same people, matched by e-mail
    copied = _export(db, "Kaiyō (copy)")
    assert copied["account"]["name"] == "Kaiyō (copy)"
    assert {**copied, "account": document["account"]} == document
    original = _export(db, "Kaiyō Heavy Industries 海洋重工")
    assert original == document


def test_a_co_seller_without_email_is_matched_by_name_firm_and_role_not_duplicated(
    other_db: Database, document: Document
) -> None:
    document = copy.deepcopy(document)
    for seller in document["co_sellers"]:
        seller["email"] = ""
    _import(other_db, document)
    _import(other_db, document, rename="Kaiyō (copy)")
    with other_db.session() as session:
        names = [s.name for s in session.scalars(select(CoSeller).order_by(CoSeller.id))]
    assert names == [s["name"] for s in document["co_sellers"]]  # each person once, shared by both accounts


def test_renaming_to_a_name_in_use_or_to_nothing_is_refused(
    db: Database, document: Document, row_counts: Counts
) -> None:
    with db.transaction() as session:
        create_account(session, "Acme")
    before = row_counts(db)
    with pytest.raises(AlreadyExists, match="Acme"):
        _import(db, document, rename="Acme")
    with pytest.raises(InvalidPlanFile, match="empty"):
        _import(db, document, rename="   ")
    assert row_counts(db) == before


def test_co_sellers_already_in_the_database_are_matched_by_email(
    other_db: Database, document: Document
) -> None:
    with other_db.transaction() as session:
        session.add(
            CoSeller(
                name="Samuel Seller", email="SAM.SELLER@ours.example", role=CoSellerRole.ACCOUNT_EXECUTIVE
            )
        )
        session.add(CoSeller(name="Priya R.", email="priya.raman@partner.example", role=CoSellerRole.PARTNER))
    account_id = _import(other_db, document)
    with other_db.session() as session:
        sellers = session.scalars(select(CoSeller).order_by(CoSeller.id)).all()
        assert [s.name for s in sellers] == ["Samuel Seller", "Priya R.", "Nils Ødegård"]
    exported = _export(other_db, "Kaiyō Heavy Industries 海洋重工")
    assert [s["name"] for s in exported["co_sellers"]] == ["Samuel Seller", "Priya R.", "Nils Ødegård"]
    # Sam's coverage of the president now belongs to the co-seller who was already there.
    people = {p["id"]: p["name"] for p in exported["stakeholders"]}
    sellers_by_id = {s["id"]: s["name"] for s in exported["co_sellers"]}
    coverage = {(sellers_by_id[c["co_seller_id"]], people[c["stakeholder_id"]]) for c in exported["coverage"]}
    assert coverage == {("Samuel Seller", "Hiroshi Kaiyō"), ("Priya R.", "田中 愛子")}
    assert account_id > 0


# --- rejections: each with its JSON path, and the database untouched --------------------------------


def _row(document: Document, section: str, **match: Any) -> tuple[int, dict[str, Any]]:
    for index, row in enumerate(document[section]):
        if all(row[k] == v for k, v in match.items()):
            return index, row
    raise AssertionError(f"no {section} row with {match}")


def _people(document: Document) -> dict[str, tuple[int, dict[str, Any]]]:
    return {row["name"]: (index, row) for index, row in enumerate(document["stakeholders"])}


def _break(document: Document, how: str) -> str:
    """Damage ``document`` in place in one way; return the JSON path the rejection must name."""
    people = _people(document)
    aiko_index, aiko = people["田中 愛子"]
    if how == "wrong format":
        document["format"] = "someone-elses-plan"
        return "$.format"
    if how == "newer format version":
        document["format_version"] = FORMAT_VERSION + 1
        return "$.format_version"
    if how == "missing section":
        del document["meetings"]
        return "$"
    if how == "missing field":
        del document["opportunities"][1]["amount"]
        return "$.opportunities[1]"
    if how == "unknown field":
        document["stakeholders"][aiko_index]["shoe_size"] = 38
        return f"$.stakeholders[{aiko_index}]"
    if how == "unknown top-level field":
        document["comments"] = "hi"
        return "$"
    if how == "wrong type":
        document["stakeholders"][aiko_index]["influence"] = "high"
        return f"$.stakeholders[{aiko_index}].influence"
    if how == "section of the wrong type":
        document["actions"] = {"title": "Call"}
        return "$.actions"
    if how == "enum value not allowed":
        document["stakeholders"][aiko_index]["stance"] = "friendly"
        return f"$.stakeholders[{aiko_index}].stance"
    if how == "account enum value not allowed":
        document["account"]["status"] = "hot"
        return "$.account.status"
    if how == "out-of-range influence":
        document["stakeholders"][aiko_index]["influence"] = 6
        return f"$.stakeholders[{aiko_index}].influence"
    if how == "out-of-range link strength":
        document["influence_links"][1]["strength"] = 0
        return "$.influence_links[1].strength"
    if how == "bad date":
        document["actions"][0]["due"] = "2025-02-30"
        return "$.actions[0].due"
    if how == "date in another format":
        document["actions"][0]["due"] = "15/03/2025"
        return "$.actions[0].due"
    if how == "bad time":
        document["stage_changes"][0]["entered_at"] = "2024-13-28T06:00:00Z"
        return "$.stage_changes[0].entered_at"
    if how == "bad amount":
        document["opportunities"][1]["amount"] = "1,234,567.00"
        return "$.opportunities[1].amount"
    if how == "amount as a number":
        document["opportunities"][1]["amount"] = 1234.5
        return "$.opportunities[1].amount"
    if how == "text too long":
        document["account"]["name"] = "K" * 201
        return "$.account.name"
    if how == "control character in a name":
        aiko["name"] = "田中\x01愛子"
        return f"$.stakeholders[{aiko_index}].name"
    if how == "terminal escape in a title":
        aiko["title"] = "\x1b[31mCEO\x1b[0m"
        return f"$.stakeholders[{aiko_index}].title"
    if how == "NUL in a note":
        aiko["internal_notes"] = "Prefers mornings\x00"
        return f"$.stakeholders[{aiko_index}].internal_notes"
    if how == "carriage return in a name":
        aiko["name"] = "田中\r愛子"
        return f"$.stakeholders[{aiko_index}].name"
    if how == "lone surrogate in a name":
        aiko["name"] = "田中 \ud800"
        return f"$.stakeholders[{aiko_index}].name"
    if how == "note over a million characters":
        aiko["internal_notes"] = "x" * 1_000_001
        return f"$.stakeholders[{aiko_index}].internal_notes"
    if how == "position beyond a 64-bit integer":
        document["meeting_decisions"][0]["position"] = 2**63
        return "$.meeting_decisions[0].position"
    if how == "id beyond the database's integers":
        document["actions"][0]["id"] = 2**31
        return "$.actions[0].id"
    if how == "duplicate id":
        document["stakeholders"][1]["id"] = document["stakeholders"][0]["id"]
        return "$.stakeholders[1].id"
    if how == "dangling reference":
        document["stakeholders"][aiko_index]["reports_to_id"] = 999
        return f"$.stakeholders[{aiko_index}].reports_to_id"
    if how == "dangling co-seller":
        document["coverage"][0]["co_seller_id"] = 999
        return "$.coverage[0].co_seller_id"
    if how == "dangling change-log entity":
        index, _ = _row(document, "change_log", entity_type="opportunities", kind="created")
        document["change_log"][index]["entity_id"] = 999
        return f"$.change_log[{index}].entity_id"
    if how == "change log about an unknown section":
        index, _ = _row(document, "change_log", entity_type="opportunities", kind="created")
        document["change_log"][index]["entity_type"] = "spaceships"
        return f"$.change_log[{index}].entity_type"
    if how == "reporting loop":
        president_index, president = people["Hiroshi Kaiyō"]
        document["stakeholders"][president_index]["reports_to_id"] = aiko["id"]
        return "$.stakeholders"
    if how == "org unit loop":
        _, group = _row(document, "org_units", name="Kaiyō Group")
        _, treasury = _row(document, "org_units", name="Treasury department")
        group["parent_id"] = treasury["id"]
        return "$.org_units"
    if how == "decision dependency loop":
        _, security = _row(document, "decision_steps", name="Security review")
        _, board = _row(document, "decision_steps", name="Board approval")
        document["decision_dependencies"].append(
            {"id": 99, "step_id": security["id"], "depends_on_id": board["id"]}
        )
        return "$.decision_dependencies"
    if how == "a rule only the database knows: one role twice":
        index, role = _row(document, "stakeholder_roles", role="economic_buyer")
        document["stakeholder_roles"].append({**role, "id": 99})
        return f"$.stakeholder_roles[{len(document['stakeholder_roles']) - 1}]"
    if how == "a rule only the database knows: influence on oneself":
        document["influence_links"][0]["target_id"] = document["influence_links"][0]["source_id"]
        return "$.influence_links[0]"
    raise AssertionError(how)


REJECTIONS = [
    "wrong format",
    "newer format version",
    "missing section",
    "missing field",
    "unknown field",
    "unknown top-level field",
    "wrong type",
    "section of the wrong type",
    "enum value not allowed",
    "account enum value not allowed",
    "out-of-range influence",
    "out-of-range link strength",
    "bad date",
    "date in another format",
    "bad time",
    "bad amount",
    "amount as a number",
    "text too long",
    "control character in a name",
    "terminal escape in a title",
    "NUL in a note",
    "carriage return in a name",
    "lone surrogate in a name",
    "note over a million characters",
    "position beyond a 64-bit integer",
    "id beyond the database's integers",
    "duplicate id",
    "dangling reference",
    "dangling co-seller",
    "dangling change-log entity",
    "change log about an unknown section",
    "reporting loop",
    "org unit loop",
    "decision dependency loop",
    "a rule only the database knows: one role twice",
    "a rule only the database knows: influence on oneself",
]


@pytest.mark.parametrize("how", REJECTIONS)
def test_a_bad_plan_file_is_refused_with_its_json_path_and_changes_nothing(
    db: Database, document: Document, row_counts: Counts, tmp_path: Path, how: str
) -> None:
    bad = copy.deepcopy(document)
    expected_path = _break(bad, how)
    before = row_counts(db)

    # Straight into import (which validates by itself), under a new name so only the damage can fail it.
    with pytest.raises(InvalidPlanFile) as refused:
        _import(db, bad, rename="Kaiyō (second copy)")
    assert refused.value.path == expected_path
    assert str(refused.value).startswith(expected_path) or expected_path == "$.format_version"
    assert row_counts(db) == before

    # And through the file, as the command line and the window read it.
    path = tmp_path / "bad.json"
    # (A lone surrogate cannot be written as UTF-8: such a file holds it as a JSON escape, \\ud800.)
    path.write_text(json.dumps(bad, ensure_ascii="surrogate" in how), encoding="utf-8")
    if how.startswith("a rule only"):
        assert read_plan(path) == bad  # only the database can tell, and it did, above
    else:
        with pytest.raises(InvalidPlanFile) as from_file:
            read_plan(path)
        assert from_file.value.path == expected_path


def test_the_rejection_says_what_is_wrong(document: Document) -> None:
    def reason(how: str) -> str:
        bad = copy.deepcopy(document)
        _break(bad, how)
        with pytest.raises(InvalidPlanFile) as refused:
            validate(bad)
        return str(refused.value)

    assert "newer" in reason("newer format version")
    assert "'meetings' is missing" in reason("missing section")
    assert "unknown field" in reason("unknown field") and "shoe_size" in reason("unknown field")
    assert "'friendly' is not one of" in reason("enum value not allowed")
    assert "6 is out of range (must be between 1 and 5)" in reason("out-of-range influence")
    assert "holds the control character U+0001 at character 3" in reason("control character in a name")
    assert "U+001B" in reason("terminal escape in a title")
    assert "lone surrogate U+D800" in reason("lone surrogate in a name")
    assert "too long (1,000,001 characters, at most 1,000,000)" in reason("note over a million characters")
    assert "out of range" in reason("position beyond a 64-bit integer")
    assert len(reason("note over a million characters")) < 200  # the note is not quoted back
    assert "'2025-02-30' is not a valid date (YYYY-MM-DD)" in reason("bad date")
    assert "the id 1 is used twice" in reason("duplicate id")
    assert "refers to stakeholders id 999, which is not in the file" in reason("dangling reference")
    loop = reason("reporting loop")
    for name in ("田中 愛子", "Léa Dubois-Müller", "Hiroshi Kaiyō"):
        assert name in loop
    assert "Ольга Петрова" not in loop
    steps = reason("decision dependency loop")
    assert "Security review" in steps and "Board approval" in steps and "loop" in steps


def test_a_failure_half_way_through_the_insert_leaves_the_database_untouched(
    other_db: Database, document: Document, row_counts: Counts
) -> None:
    bad = copy.deepcopy(document)
    _break(bad, "a rule only the database knows: one role twice")
    validate(bad)  # the schema cannot see it
    _import(other_db, document, rename="Already here")
    before, exported_before = row_counts(other_db), _export(other_db, "Already here")
    with pytest.raises(InvalidPlanFile, match="stakeholder_roles") as refused:
        _import(other_db, bad)
    assert "UNIQUE" in str(refused.value)
    assert row_counts(other_db) == before  # not even the account row written before it
    assert _export(other_db, "Already here") == exported_before
    with other_db.session() as session, pytest.raises(NotFound):
        find_account(session, "Kaiyō Heavy Industries 海洋重工")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{\n  "format": "accountplan-plan",\n  oops\n}\n', "line 3, column 3"),
        (b"", "line 1, column 1"),
        (b"\xff\xfe\xfa not text", "not UTF-8"),
        (b"[1, 2, 3]", "$: must be an object, not a list"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": ' + b"[" * 900 + b"]" * 900 + b"}", "is missing"),
        (b'{"format": "accountplan-plan", "format_version": 18446744073709551616}', "newer"),
    ],
)
def test_a_file_that_is_not_a_plan_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(InvalidPlanFile) as refused:
        read_plan(path)
    assert message in str(refused.value)


def test_a_missing_plan_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidPlanFile, match="no plan file"):
        read_plan(tmp_path / "missing.json")


def test_a_plan_file_with_a_byte_order_mark_is_read(document: Document, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode())
    assert read_plan(path) == document


# --- moving a plan in time ----------------------------------------------------------------------------


def test_shift_dates_moves_every_date_and_time(document: Document) -> None:
    shifted = shift_dates(document, 10)
    assert shifted is not document
    assert document["account"]["created_at"] == "2023-04-03T00:30:00Z"  # the original is untouched
    assert shifted["account"]["created_at"] == "2023-04-13T00:30:00Z"

    _, olga = _people(shifted)["Ольга Петрова"]
    assert olga["departed_on"] == "2025-04-10"
    _, action = _row(shifted, "actions", title="Book the reference call")
    assert action["due"] == "2025-03-25"
    _, undated = _row(shifted, "actions", title="Thank-you note")
    assert (undated["due"], undated["done_on"]) == (None, "2024-04-12")
    assert shifted["stage_changes"][1]["entered_at"] == "2025-02-11T23:59:59Z"
    _, meeting = _row(shifted, "meetings", title="Q1 alignment")
    assert meeting["held_on"] == "2025-02-24"
    assert [e["at"] for e in shifted["change_log"]] == [
        shift_dates({**document, "change_log": [e]}, 10)["change_log"][0]["at"]
        for e in document["change_log"]
    ]

    changes = {
        (e["entity_type"], e["field"]): (e["old_value"], e["new_value"]) for e in shifted["change_log"]
    }
    assert changes[("actions", "due")] == ("2025-03-11", "2025-03-25")
    assert changes[("stakeholders", "departed_on")] == (None, "2025-04-10")
    assert changes[("stakeholders", "title")] == ("Treasurer", "Group Treasurer")  # not a date: untouched
    assert changes[("opportunities", "sales_stage")] == ("proposal", "negotiation")
    assert shifted["opportunities"][0]["amount"] == document["opportunities"][0]["amount"]
    validate(shifted)


def test_shift_dates_backwards_and_by_nothing(document: Document) -> None:
    assert shift_dates(document, 0) == document
    back = shift_dates(document, -366)
    assert back["account"]["created_at"] == "2022-04-02T00:30:00Z"
    assert shift_dates(back, 366) == document


def test_a_shifted_plan_imports_with_the_moved_dates(other_db: Database, document: Document) -> None:
    _import(other_db, shift_dates(document, 7))
    with other_db.session() as session:
        olga = session.scalars(select(Stakeholder).where(Stakeholder.name == "Ольга Петрова")).one()
    assert olga.departed_on is not None and olga.departed_on.isoformat() == "2025-04-07"
