"""The command line: every command, its output, and its exit status (0 ok, 1 a user error, 2 a usage error)."""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from accountplan import __version__
from accountplan.interchange.planfile import read_plan
from accountplan.model import Account, Stakeholder
from accountplan.model.enums import BuyingRole
from accountplan.plan.accounts import create_account
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database


def seed(path: Path, name: str = "Acme Corporation") -> None:
    with Database.open(path) as database, database.transaction() as session:
        account = create_account(session, name)
        boss = add_stakeholder(session, account, "Ольга Петрова", roles=[BuyingRole.ECONOMIC_BUYER])
        add_stakeholder(session, account, "田中 愛子", reports_to_id=boss)
        add_opportunity(session, account, "Pilot", amount="50000")


def account_names(path: Path) -> list[str]:
    with Database.open(path) as database, database.session() as session:
        return list(session.scalars(select(Account.name).order_by(Account.name)))


@pytest.fixture
def plan_db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.sqlite"
    seed(path)
    return path


@pytest.fixture
def plan_file(plan_db: Path, tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> Path:
    target = tmp_path / "acme.json"
    code, _, err = cli(
        "--db", str(plan_db), "export", "plan", "--account", "Acme Corporation", "-o", str(target)
    )
    assert code == 0, err
    return target


# --- version and usage ------------------------------------------------------------------------------


def test_version(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("--version")
    assert code == 0
    assert out.strip() == f"accountplan {__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["backup"],  # -o is required
        ["export", "plan", "-o", "x.json"],  # --account is required
        ["export"],
        ["export", "pdf"],
        ["import", "plan"],
        ["restore"],
        ["accounts", "--verbose"],
    ],
)
def test_usage_errors_exit_2(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path, argv: list[str]
) -> None:
    db = tmp_path / "plan.sqlite"
    code, out, err = cli("--db", str(db), *argv)
    assert code == 2
    assert "usage: accountplan" in err
    assert "Traceback" not in err
    assert not db.exists()  # a usage error touches nothing


def test_replace_and_rename_together_are_a_usage_error(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, plan_file: Path
) -> None:
    code, _, err = cli("--db", str(plan_db), "import", "plan", str(plan_file), "--replace", "--rename", "X")
    assert code == 2
    assert "not allowed with argument" in err
    assert account_names(plan_db) == ["Acme Corporation"]


# --- accounts ---------------------------------------------------------------------------------------


def test_accounts_on_an_empty_database(cli: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    code, out, err = cli("--db", str(db), "accounts")
    assert (code, err) == (0, "")
    assert "No accounts" in out and "accountplan demo" in out
    assert db.exists()  # a new database is created on first use


def test_accounts_lists_each_account_with_its_counts(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path
) -> None:
    seed(plan_db, "Zeta Bank")
    with Database.open(plan_db) as database, database.transaction() as session:
        create_account(session, "Beta Logistics", status="avoid_bad_fit")
    code, out, err = cli("--db", str(plan_db), "accounts")
    assert (code, err) == (0, "")
    header, *rows = out.strip().splitlines()
    assert header.split() == ["Account", "Status", "People", "Deals", "Actions"]
    assert [row.split("  ")[0] for row in rows] == ["Acme Corporation", "Beta Logistics", "Zeta Bank"]
    assert rows[0].split()[-3:] == ["2", "1", "0"]
    assert "Avoid – bad fit" in rows[1] and rows[1].split()[-3:] == ["0", "0", "0"]


# --- export and import ------------------------------------------------------------------------------


def test_export_plan_writes_a_valid_plan_file(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    code, out, err = cli(
        "--db", str(plan_db), "export", "plan", "--account", "Acme Corporation", "-o", str(target)
    )
    assert (code, err) == (0, "")
    assert "Exported 'Acme Corporation'" in out and str(target) in out
    document = read_plan(target)
    assert document["account"]["name"] == "Acme Corporation"
    assert sorted(p["name"] for p in document["stakeholders"]) == ["Ольга Петрова", "田中 愛子"]


def test_export_of_an_unknown_account_is_one_clear_sentence(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    code, out, err = cli("--db", str(plan_db), "export", "plan", "--account", "Nope", "-o", str(target))
    assert code == 1
    assert out == ""
    cli.one_clear_sentence(err)
    assert "'Nope'" in err and "Acme Corporation" in err
    assert not target.exists()


def test_export_to_a_folder_that_does_not_exist_is_a_user_error(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    code, _, err = cli(
        "--db", str(plan_db), "export", "plan", "--account", "Acme Corporation", "-o", str(target)
    )
    assert code == 1
    cli.one_clear_sentence(err)
    assert "Cannot write" in err


def test_import_plan_into_another_database(
    cli: Callable[..., tuple[int, str, str]], plan_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite"
    code, out, err = cli("--db", str(other), "import", "plan", str(plan_file))
    assert (code, err) == (0, "")
    assert "Imported 'Acme Corporation' (2 stakeholders)" in out
    assert account_names(other) == ["Acme Corporation"]


def test_import_of_an_existing_account_is_refused(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, plan_file: Path
) -> None:
    code, out, err = cli("--db", str(plan_db), "import", "plan", str(plan_file))
    assert code == 1
    cli.one_clear_sentence(err)
    assert "--replace" in err and "--rename" in err
    assert account_names(plan_db) == ["Acme Corporation"]


def test_import_replace(cli: Callable[..., tuple[int, str, str]], plan_db: Path, plan_file: Path) -> None:
    document = json.loads(plan_file.read_text(encoding="utf-8"))
    document["stakeholders"] = [p for p in document["stakeholders"] if p["name"] == "Ольга Петрова"]
    document["stakeholder_roles"] = []
    document["change_log"] = []
    plan_file.write_text(json.dumps(document), encoding="utf-8")

    code, out, err = cli("--db", str(plan_db), "import", "plan", str(plan_file), "--replace")
    assert (code, err) == (0, "")
    assert "(replaced)" in out
    assert account_names(plan_db) == ["Acme Corporation"]
    with Database.open(plan_db) as database, database.session() as session:
        assert session.scalars(select(Stakeholder.name)).all() == ["Ольга Петрова"]


def test_import_rename(cli: Callable[..., tuple[int, str, str]], plan_db: Path, plan_file: Path) -> None:
    code, out, err = cli("--db", str(plan_db), "import", "plan", str(plan_file), "--rename", "Acme (2024)")
    assert (code, err) == (0, "")
    assert "Imported 'Acme (2024)'" in out
    assert account_names(plan_db) == ["Acme (2024)", "Acme Corporation"]


def test_import_backs_up_the_database_first(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, plan_file: Path
) -> None:
    code, _, err = cli("--db", str(plan_db), "import", "plan", str(plan_file), "--rename", "Copy")
    assert code == 0, err
    (backup,) = (plan_db.parent / "backups").glob("daily-*.sqlite")
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT name FROM accounts").fetchall() == [("Acme Corporation",)]


def test_import_of_a_bad_file_names_the_json_path(
    cli: Callable[..., tuple[int, str, str]], plan_file: Path, tmp_path: Path
) -> None:
    document = json.loads(plan_file.read_text(encoding="utf-8"))
    document["stakeholders"][1]["influence"] = 9
    plan_file.write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite"

    code, out, err = cli("--db", str(fresh), "import", "plan", str(plan_file))

    assert code == 1
    cli.one_clear_sentence(err)
    assert "$.stakeholders[1].influence" in err
    assert not fresh.exists()  # the file is checked before the database is even opened


def test_import_of_a_file_that_is_not_json(cli: Callable[..., tuple[int, str, str]], tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("Meeting notes, not a plan\n", encoding="utf-8")
    code, _, err = cli("--db", str(tmp_path / "plan.sqlite"), "import", "plan", str(bad))
    assert code == 1
    cli.one_clear_sentence(err)
    assert "not valid JSON" in err and "line 1, column 1" in err


def test_import_of_a_file_only_the_database_can_refuse_is_a_user_error(
    cli: Callable[..., tuple[int, str, str]], plan_file: Path, tmp_path: Path
) -> None:
    document = json.loads(plan_file.read_text(encoding="utf-8"))
    role = document["stakeholder_roles"][0]
    document["stakeholder_roles"].append(
        {**role, "id": 77}
    )  # the same role twice: only a UNIQUE constraint sees it
    plan_file.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other.sqlite"
    seed(other, "Bystander")

    code, _, err = cli("--db", str(other), "import", "plan", str(plan_file))

    assert code == 1
    cli.one_clear_sentence(err)
    assert "$.stakeholder_roles[1]" in err
    assert account_names(other) == ["Bystander"]


# --- backup, restore, check -------------------------------------------------------------------------


def test_backup_and_restore(cli: Callable[..., tuple[int, str, str]], plan_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "saved" / "acme-backup.sqlite"
    code, out, err = cli("--db", str(plan_db), "backup", "-o", str(backup))
    assert (code, err) == (0, "")
    assert str(backup) in out
    seed(plan_db, "Added after the backup")

    code, out, err = cli("--db", str(plan_db), "restore", str(backup))

    assert (code, err) == (0, "")
    assert "Restored" in out and "kept as" in out
    assert account_names(plan_db) == ["Acme Corporation"]
    (kept,) = (plan_db.parent / "backups").glob("*before-restore*")
    assert account_names(kept) == ["Acme Corporation", "Added after the backup"]


def test_restore_of_a_damaged_backup_is_refused(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(random.Random(11).randbytes(8192))
    code, _, err = cli("--db", str(plan_db), "restore", str(damaged))
    assert code == 1
    cli.one_clear_sentence(err)
    assert account_names(plan_db) == ["Acme Corporation"]


def test_backup_to_an_unwritable_place_is_a_user_error(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = cli("--db", str(plan_db), "backup", "-o", str(blocker / "backup.sqlite"))
    assert code == 1
    assert "Traceback" not in err and "Cannot write the backup" in err


def test_check_a_sound_database(cli: Callable[..., tuple[int, str, str]], plan_db: Path) -> None:
    code, out, err = cli("--db", str(plan_db), "check")
    assert (code, err) == (0, "")
    assert "no problems found" in out


def test_check_a_corrupt_database(cli: Callable[..., tuple[int, str, str]], plan_db: Path) -> None:
    data = bytearray(plan_db.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 2 * 4096] = random.Random(4).randbytes(2 * 4096)
    plan_db.write_bytes(bytes(data))
    before = plan_db.read_bytes()

    code, out, err = cli("--db", str(plan_db), "check")

    assert code == 1
    cli.one_clear_sentence(err)
    assert "restore" in err
    assert plan_db.read_bytes() == before


def test_check_finds_broken_references(cli: Callable[..., tuple[int, str, str]], plan_db: Path) -> None:
    with contextlib.closing(sqlite3.connect(plan_db)) as conn:
        conn.execute("UPDATE stakeholders SET org_unit_id = 999")
        conn.commit()
    code, _, err = cli("--db", str(plan_db), "check")
    assert code == 1
    assert "refers to a missing row of org_units" in err
    assert "accountplan restore" in err


def test_check_a_database_that_does_not_exist(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.sqlite"
    code, _, err = cli("--db", str(missing), "check")
    assert code == 1
    cli.one_clear_sentence(err)
    assert not missing.exists()  # checking does not create


@pytest.mark.parametrize("problem", ["damaged", "newer version", "not ours"])
def test_a_database_that_cannot_be_opened_is_a_user_error(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, problem: str
) -> None:
    if problem == "damaged":
        plan_db.write_bytes(random.Random(9).randbytes(16384))
        expected = "restore"
    elif problem == "newer version":
        with contextlib.closing(sqlite3.connect(plan_db)) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9999'")
            conn.commit()
        expected = "newer version"
    else:
        with contextlib.closing(sqlite3.connect(plan_db)) as conn:
            conn.execute("DROP TABLE alembic_version")
            conn.commit()
        expected = "not an Account Plan"
    code, out, err = cli("--db", str(plan_db), "accounts")
    assert code == 1
    cli.one_clear_sentence(err)
    assert expected in err
    assert out == ""


# --- where the database is ----------------------------------------------------------------------------


def test_db_takes_a_sqlalchemy_url(cli: Callable[..., tuple[int, str, str]], plan_db: Path) -> None:
    code, out, err = cli("--db", f"sqlite:///{plan_db}", "accounts")
    assert (code, err) == (0, "")
    assert "Acme Corporation" in out
    code, out, _ = cli("--db", f"sqlite:///{plan_db}", "check")
    assert code == 0 and str(plan_db) in out


def test_the_environment_variable_stands_for_db(
    cli: Callable[..., tuple[int, str, str]], plan_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ACCOUNTPLAN_DB", str(plan_db))
    code, out, _ = cli("accounts")
    assert code == 0 and "Acme Corporation" in out
    other = tmp_path / "explicit.sqlite"
    code, out, _ = cli("--db", str(other), "accounts")  # --db wins over the environment
    assert code == 0 and "No accounts" in out


def test_the_default_database_is_in_the_users_data_folder(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("accounts")
    assert code == 0
    expected = Path(os.environ["XDG_DATA_HOME"]) / "AccountPlan" / "accountplan.sqlite"
    assert expected.is_file()
    assert str(expected) in out


# --- the real entry point ---------------------------------------------------------------------------


def _python_m(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accountplan", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )


def test_python_m_accountplan_version_and_a_usage_error() -> None:
    done = _python_m("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"accountplan {__version__}"
    wrong = _python_m("frobnicate")
    assert wrong.returncode == 2
    assert "invalid choice" in wrong.stderr


def test_python_m_accountplan_export_import_and_a_user_error(plan_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "acme.json"
    done = _python_m(
        "--db", str(plan_db), "export", "plan", "--account", "Acme Corporation", "-o", str(target)
    )
    assert done.returncode == 0, done.stderr
    other = tmp_path / "other.sqlite"
    done = _python_m("--db", str(other), "import", "plan", str(target))
    assert done.returncode == 0, done.stderr
    assert "Imported 'Acme Corporation'" in done.stdout

    refused = _python_m("--db", str(other), "import", "plan", str(target))
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    missing = _python_m(
        "--db", str(other), "export", "plan", "--account", "Nope", "-o", str(tmp_path / "x.json")
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("accountplan: There is no account named 'Nope'")
