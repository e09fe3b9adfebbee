"""The command line: with no sub-command it opens the window; the sub-commands work headless."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from accountplan import __version__, log_file, process_clock  # noqa: F401 - the clock starts here without /proc
from accountplan.cli_changes import add_changes_parser, cmd_changes
from accountplan.cli_rates import add_rates_parser, cmd_rates
from accountplan.cli_team import add_team_parser, cmd_team
from accountplan.errors import AccountPlanError, DatabaseError, InvalidValue, NotFound

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


#: ``--account``'s help, the same for every command that names one.
ACCOUNT_HELP = "the account, by its name as 'accountplan accounts' lists it (quote a name with spaces)"
OUTPUT_HELP = "the file to write; an existing one is replaced whole, never the database or one of its backups"
#: The fields a column can be read as (``--map COLUMN=FIELD``): interchange.contact_formats.FIELDS, which a
#: test keeps this in step with (importing it here would slow every start by half a second).
MAP_FIELDS = """\
fields for --map COLUMN=FIELD (the column as the file's header names it; repeat --map for each column):
  name            full name (or first_name and last_name)
  first_name      given name
  last_name       family name
  title           job title
  department      department (becomes an org unit)
  email           email address (matches a person already there)
  phone           phone number
  location        location
  external_id     the person's id in the file's system (also: id)
  manager_id      the manager's id in the file's system
  manager_email   the manager's email address
  manager_name    the manager's name (also: manager, reports_to)
  notes           internal notes (also: internal_notes, description)
  company         company (a LinkedIn export's people of other companies are left out)
  ignore          leave the column out"""


def _examples(*lines: str, before: str = "") -> str:
    """An epilog: ``before`` (if any), then the examples, one command line each."""
    shown = "examples:\n" + "\n".join(f"  {line}" for line in lines)
    return f"{before}\n\n{shown}" if before else shown


def add_command(
    commands: Any, name: str, help: str, *examples: str, after: str = ""
) -> argparse.ArgumentParser:
    """A sub-command whose --help says what it does, shows ``examples`` and then ``after``."""
    return commands.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=_examples(*examples) + (f"\n\n{after}" if after else ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _export(
    export: Any, name: str, help: str, suffix: str, *more: str, metavar: str = ""
) -> argparse.ArgumentParser:
    command = add_command(
        export,
        name,
        help,
        f'accountplan export {name} --account "Acme Corporation" -o acme-{name}{suffix}',
        *more,
    )
    command.add_argument("--account", required=True, metavar="NAME", help=ACCOUNT_HELP)
    command.add_argument(
        "-o", "--output", required=True, metavar=metavar or f"FILE{suffix}", type=Path, help=OUTPUT_HELP
    )
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accountplan",
        description="Account Plan: map the buyer's organisation, coordinate the deal team, plan the pursuit.\n"
        "With no command it opens the window; each command works without one. 'accountplan COMMAND --help'\n"
        "explains a command.",
        epilog=_examples(
            "accountplan                                   open the window on your plan database",
            "accountplan demo                              add the demo account",
            "accountplan accounts                          list the accounts",
            "accountplan portfolio                         every account in a line, and landlocked sellers",
            'accountplan export success-plan --account "Acme Corporation" -o acme.pdf',
            "accountplan --db team.sqlite accounts         the same, on another database file",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"accountplan {__version__}")
    parser.add_argument(
        "--db",
        metavar="DB",
        help="database file or SQLAlchemy URL (default: $ACCOUNTPLAN_DB, else a file in your data folder)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window on the first account, wait until it has painted, print the seconds since the "
        "process started and exit (non-zero, with the reason, if anything failed)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    add_command(
        commands,
        "demo",
        "add the demo account (a second run adds nothing)",
        "accountplan demo",
        "accountplan --db try.sqlite demo           into a database of its own",
    )
    add_command(
        commands,
        "accounts",
        "list the accounts with their counts",
        "accountplan accounts",
        "accountplan accounts | head -5",
    )
    portfolio = add_command(
        commands,
        "portfolio",
        "every account in a line (status, open pipeline by forecast category, next meeting, overdue actions, "
        "uncovered decisive people, last update, fit) and the landlocked warnings",
        "accountplan portfolio",
        "accountplan portfolio --format csv > portfolio.csv",
        "accountplan portfolio --format json",
        'accountplan portfolio --forecast --seller "Lars Pettersson"',
        after="Landlocked: one account holds more than half of a seller's open pipeline or of their expected\n"
        "bookings for the year (commit and closed). CSV holds the accounts; the warnings go to standard error.\n"
        "--forecast prints the forecast by fiscal quarter instead (all accounts, or one seller's deals), and how\n"
        "it moved since each account's last held alignment meeting (or since --since DATE).",
    )
    portfolio.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="default: table"
    )
    portfolio.add_argument("--forecast", action="store_true", help="the forecast roll-up by fiscal quarter")
    portfolio.add_argument(
        "--seller", metavar="NAME", help="with --forecast: one seller's deals (name or email)"
    )
    portfolio.add_argument("--currency", metavar="CUR", help="with --forecast: the currency, e.g. USD")
    portfolio.add_argument(
        "--since", metavar="DATE", type=_day, help="with --forecast: the moves since that day"
    )

    export = add_command(
        commands,
        "export",
        "export an account",
        'accountplan export plan --account "Acme Corporation" -o acme.json',
        "accountplan export WHAT --help            what each export writes, and its options",
    ).add_subparsers(dest="what", metavar="WHAT", required=True)
    _export(export, "plan", "the whole account as a plan file (JSON), to import elsewhere", ".json")
    chart_out = _export(
        export,
        "org-chart",
        "the org chart with influence links (internal: shows stances) as SVG, PNG, PDF or PowerPoint",
        ".svg",
        'accountplan export org-chart --account "Acme Corporation" -o chart.pdf --compact --paper A3 --fit',
        'accountplan export org-chart --account "Acme Corporation" -o wall.pdf --paper A4 --tiles',
        'accountplan export org-chart --account "Acme Corporation" -o finance.pptx --unit Finance',
        'accountplan export org-chart --account "Acme Corporation" -o cfo.pdf --person "Jane Doe" --levels 2',
        metavar="FILE.svg|.png|.pdf|.pptx",
    )
    chart_out.add_argument("--no-influence", action="store_true", help="leave out the influence arrows")
    chart_out.add_argument(
        "--compact",
        action="store_true",
        help="pack the chart into the page's shape: teams stacked, wide levels wrapped, assistants beside",
    )
    chart_out.add_argument(
        "--paper",
        metavar="A4|A3|A2|letter|tabloid",
        help="print on this paper: every PDF page is this size (an SVG or PNG takes its shape); "
        "A3 when only --fit, --tiles or an orientation is given",
    )
    turned = chart_out.add_mutually_exclusive_group()
    turned.add_argument("--landscape", dest="landscape", action="store_true", default=None, help="(default)")
    turned.add_argument("--portrait", dest="landscape", action="store_false", help="the paper upright")
    fitting = chart_out.add_mutually_exclusive_group()
    fitting.add_argument(
        "--fit",
        dest="fitting",
        action="store_const",
        const="fit",
        help="scale to one page (says if too small)",
    )
    fitting.add_argument(
        "--tiles",
        dest="fitting",
        action="store_const",
        const="tiles",
        help="cut over pages at a legible scale, with a map of the pages (the default with --paper)",
    )
    part = chart_out.add_mutually_exclusive_group()
    part.add_argument("--unit", metavar="NAME", help="only this org unit and the units inside it")
    part.add_argument("--person", metavar="NAME", help="only this person and their organisation (or #ID)")
    chart_out.add_argument(
        "--levels", type=int, metavar="N", help="with --person: this many levels below them (default: all)"
    )
    chart_out.add_argument(
        "--as-of", type=_day, metavar="YYYY-MM-DD", help="the chart as it was at the end of that (local) day"
    )
    _export(
        export, "calendar", "meetings, milestones and open actions' due dates as iCalendar (internal)", ".ics"
    )
    _export(export, "actions", "open and done actions as CSV for a spreadsheet (internal)", ".csv")
    success_out = _export(
        export,
        "success-plan",
        "the success plan for the customer (PDF, PowerPoint, or an Excel workbook they update and send back; "
        "nothing internal, says what it left out)",
        ".pdf",
        'accountplan export success-plan --account "Acme Corporation" -o acme-success-plan.pptx',
        'accountplan export success-plan --account "Acme Corporation" -o acme-success-plan.xlsx',
        "accountplan export success-plan --account Acme -o acme.pdf --customer-logo acme.png --our-logo us.svg",
        metavar="FILE.pdf|.pptx|.xlsx",
    )
    for side, whose in (("customer", "the customer's"), ("our", "our company's")):
        success_out.add_argument(
            f"--{side}-logo",
            metavar="FILE",
            type=Path,
            help=f"{whose} logo on the cover (PNG, JPEG or SVG; at most 2 MB and 4000 pixels a side)",
        )
    _export(
        export,
        "account-plan",
        "the internal account plan (PDF): everything, for the deal team, with contents and bookmarks",
        ".pdf",
    )
    pack_out = _export(
        export,
        "meeting-pack",
        "the alignment meeting's pack (internal PDF): changes, overdue actions, decisions",
        ".pdf",
        'accountplan export meeting-pack --account "Acme Corporation" --meeting 2026-12-11 -o pack.pdf',
    )
    pack_out.add_argument(
        "--meeting", metavar="YYYY-MM-DD", type=_day, help="the meeting of that day (default: the next one)"
    )

    import_ = add_command(
        commands,
        "import",
        "import into the database",
        "accountplan import plan acme.json",
        'accountplan import contacts people.csv --account "Acme Corporation"',
    ).add_subparsers(dest="what", metavar="WHAT", required=True)
    plan_in = add_command(
        import_,
        "plan",
        "an account from a plan file (JSON), as 'export plan' writes it",
        "accountplan import plan acme.json",
        "accountplan import plan acme.json --replace       over the account of the same name",
        'accountplan import plan acme.json --rename "Acme (copy)"',
    )
    plan_in.add_argument("file", metavar="FILE.json", type=Path, help="the plan file to read")
    how = plan_in.add_mutually_exclusive_group()
    how.add_argument("--replace", action="store_true", help="replace the account of the same name")
    how.add_argument("--rename", metavar="NEW", help="import under another account name")
    contacts_in = add_command(
        import_,
        "contacts",
        "people from a Salesforce or LinkedIn export, any CSV or Excel workbook, or vCards "
        "(matched, never doubled)",
        'accountplan import contacts salesforce.csv --account "Acme Corporation" --dry-run',
        'accountplan import contacts people.xlsx --account "Acme Corporation" --sheet Staff',
        'accountplan import contacts org.csv --account "Acme Corporation" '
        '--map "Job Role=title" --map "Boss=manager_name"',
        'accountplan import contacts export.csv --account "Acme Corporation" --encoding cp932',
        after=MAP_FIELDS,
    )
    contacts_in.add_argument(
        "file", metavar="FILE", type=Path, help="a .csv, .xlsx (or .xlsm, .xlsb, .xls, .ods) or .vcf file"
    )
    contacts_in.add_argument(
        "--account", required=True, metavar="NAME", help=ACCOUNT_HELP + "; created if it does not exist"
    )
    contacts_in.add_argument(
        "--format",
        choices=("salesforce", "linkedin", "vcard", "csv"),
        help="what the file is (default: guessed from its header or its extension)",
    )
    contacts_in.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read a CSV or workbook column as one of the fields below (repeatable); a column not mapped "
        "is read by its header where it names a field (Title, Email, Reports To...) and left out otherwise",
    )
    contacts_in.add_argument(
        "--encoding",
        metavar="NAME",
        help="the file's encoding (cp932, euc-jp, windows-1252...); default: detected",
    )
    contacts_in.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)"
    )
    contacts_in.add_argument(
        "--all-companies",
        action="store_true",
        help="import a LinkedIn export's people of other companies too (left out by default)",
    )
    contacts_in.add_argument("--dry-run", action="store_true", help="show what would be done; write nothing")
    contacts_in.add_argument(
        "--accept-cycles",
        action="store_true",
        help="import despite loops in the reporting lines, leaving out their closing links",
    )

    updates_in = add_command(
        import_,
        "success-plan",
        "the customer's updates from the success-plan workbook they were sent (export success-plan -o FILE.xlsx)",
        'accountplan import success-plan acme-success-plan.xlsx --account "Acme Corporation" --dry-run',
    )
    updates_in.add_argument(
        "file", metavar="FILE.xlsx", type=Path, help="the workbook the customer sent back"
    )
    updates_in.add_argument("--account", required=True, metavar="NAME", help=ACCOUNT_HELP)
    updates_in.add_argument("--dry-run", action="store_true", help="only list the changes; write nothing")

    backup = add_command(
        commands,
        "backup",
        "write a consistent copy of the database (safe while the window is open)",
        "accountplan backup -o plan-2026-12-11.sqlite",
    )
    backup.add_argument("-o", "--output", required=True, metavar="FILE", type=Path, help=OUTPUT_HELP)
    restore = add_command(
        commands,
        "restore",
        "replace the database with a backup (the current one is kept)",
        "accountplan restore plan-2026-12-11.sqlite",
    )
    restore.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    add_command(
        commands,
        "check",
        "check the database's integrity and the plan's rules; exit 1 if it is damaged",
        "accountplan check",
        "accountplan --db plan-2026-12-11.sqlite check   a backup, before restoring it",
    )
    add_rates_parser(commands)
    add_team_parser(commands)
    add_changes_parser(commands)
    return parser


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-11") from None


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]  # lazily typed: keeps start-up light
    from accountplan.store.database import Database

    return Database.open(args.db)


@contextlib.contextmanager
def _account_session(args: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    """A read session on the database and the account named by ``--account`` (one sentence if unknown).

    A SQLite file that is not there holds no account: it is said so, and no database is made for it.
    """
    from accountplan.interchange.planfile import find_account
    from accountplan.store import location

    path = location.sqlite_file(args.db)
    if path is not None and not path.exists():
        raise NotFound(f"There is no account named {args.account!r}: there is no database at {path} yet.")
    with _open(args) as database, database.session() as session:
        yield session, find_account(session, args.account)


def cmd_demo(args: argparse.Namespace) -> int:
    from accountplan.interchange.demo import load_demo
    from accountplan.store.backup import daily_backup

    with _open(args) as database:
        daily_backup(database)
        name, added = load_demo(database)
        print(
            f"Added the demo account {name!r}." if added else f"The demo account {name!r} is already there."
        )
    return EXIT_OK


def cmd_accounts(args: argparse.Namespace) -> int:
    from accountplan.plan.accounts import list_accounts

    with _open(args) as database, database.session() as session:
        rows = list_accounts(session)
    if not rows:
        print(f"No accounts in {database.name} yet; add the demo with 'accountplan demo'.")
        return EXIT_OK
    width = max(len(r.name) for r in rows)
    print(f"{'Account':<{width}}  {'Status':<30}  {'People':>6}  {'Deals':>5}  {'Actions':>7}")
    for r in rows:
        print(
            f"{r.name:<{width}}  {r.status_label:<30}  {r.stakeholders:>6}  {r.opportunities:>5}  {r.actions:>7}"
        )
    return EXIT_OK


def cmd_portfolio(args: argparse.Namespace) -> int:
    from accountplan.interchange import portfolio_output
    from accountplan.plan.portfolio import read_portfolio

    if args.forecast or args.seller or args.currency or args.since:
        return _portfolio_forecast(args)
    with _open(args) as database, database.session() as session:
        portfolio = read_portfolio(session, dt.date.today())
    if args.format == "csv":
        sys.stdout.write(portfolio_output.portfolio_csv(portfolio))
        for warning in portfolio.warnings:
            print(warning, file=sys.stderr)
    else:
        write = portfolio_output.portfolio_json if args.format == "json" else portfolio_output.portfolio_table
        sys.stdout.write(write(portfolio))
    return EXIT_OK


def _portfolio_forecast(args: argparse.Namespace) -> int:
    from accountplan.interchange.forecast_output import forecast_text
    from accountplan.plan.portfolio_forecast import read_portfolio_forecast
    from accountplan.plan.team_logins import find_co_seller

    if not args.forecast or args.format != "table":
        raise InvalidValue("--seller, --currency and --since go with --forecast, which prints a table.")
    with _open(args) as database, database.session() as session:
        seller_id = find_co_seller(session, args.seller).id if args.seller else None
        currency = args.currency.strip().upper() if args.currency else None
        forecast = read_portfolio_forecast(
            session, seller_id=seller_id, currency=currency, since=args.since, today=dt.date.today()
        )
    sys.stdout.write(forecast_text(forecast))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    if args.what in EXPORTS:
        return EXPORTS[args.what](args)
    from accountplan.interchange.planfile import export_account, write_plan
    from accountplan.store.output_files import database_of

    with _account_session(args) as (session, account):
        document, database = export_account(session, account.id), database_of(session)
    write_plan(document, args.output, database=database)
    print(f"Exported {args.account!r} to {args.output}.")
    return EXIT_OK


def cmd_export_org_chart(args: argparse.Namespace) -> int:
    from accountplan.analysis.as_of import past_account
    from accountplan.analysis.change_window import medium_day
    from accountplan.analysis.graphs import load_graphs
    from accountplan.plan.chart_scope import deck_parts, person_scope, unit_scope
    from accountplan.reports.org_chart import check_chart_suffix, export_org_chart
    from accountplan.reports.paper import Fitting, PaperChoice
    from accountplan.store.output_files import database_of

    suffix = check_chart_suffix(args.output)  # before the database is even opened
    if args.levels is not None and args.person is None:
        raise InvalidValue("--levels counts the levels below a person: name them with --person.")
    paper = None
    if args.paper is not None or args.landscape is not None or args.fitting is not None:
        # --fit, --tiles or an orientation alone: on A3, the meeting-room printer's largest paper.
        landscape = True if args.landscape is None else args.landscape
        paper = PaperChoice(args.paper or "A3", landscape, Fitting(args.fitting or "tiles"))
    with _account_session(args) as (session, account):
        name, graphs, database = account.name, load_graphs(session, account.id), database_of(session)
        notes: list[str] = []
        if args.as_of is not None:  # issue #18: rebuilt from the change log; the title says the day
            past = past_account(session, account.id, args.as_of)
            graphs, notes, name = past.graphs, past.notes, f"{name} · as of {medium_day(args.as_of)}"
        scope = None
        if args.unit is not None:
            scope = unit_scope(session, account.id, graphs, args.unit)
        elif args.person is not None:
            scope = person_scope(graphs, args.person, args.levels)
        # A deck of the whole account has a slide (or tiles) per top-level org unit after the whole chart.
        parts = deck_parts(session, account.id, graphs) if suffix == ".pptx" and scope is None else []
    title = f"Org chart: {name}" + (f" · {scope.heading}" if scope is not None else "")
    result = export_org_chart(
        graphs,
        args.output,
        include_influence=not args.no_influence,
        compact=args.compact,
        title=title,
        database=database,
        paper=paper,
        shown=scope.people if scope is not None else None,
        parts=parts,
    )
    unit = "slide" if suffix == ".pptx" else "page"
    pages = f" on {_count(result.pages, unit)}" if result.pages > 1 or suffix == ".pptx" else ""
    on_paper = f" ({paper.describe()}, {result.scale:.0%})" if paper is not None else ""
    people = f"{result.people} {'person' if result.people == 1 else 'people'}"
    print(f"Exported the org chart of {name!r} ({people}) to {args.output}{pages}{on_paper}.")
    if result.warning:
        print(result.warning)
    for note in notes:
        print(f"Note: {note}")
    return EXIT_OK


def cmd_export_calendar(args: argparse.Namespace) -> int:
    from accountplan.interchange.calendar import export_calendar
    from accountplan.store.output_files import check_output, database_of, write_output

    with _account_session(args) as (session, account):
        database = database_of(session)
        check_output(args.output, database)
        name, calendar = account.name, export_calendar(session, account.id, dt.date.today())
    write_output(args.output, calendar.data, database=database)
    held = (
        f"{_count(calendar.meetings, 'meeting')}, {_count(calendar.milestones, 'milestone')} "
        f"and {_count(calendar.actions, 'open action')} with a due date"
    )
    print(f"Exported the calendar of {name!r} ({held}) to {args.output}.")
    return EXIT_OK


def cmd_export_actions(args: argparse.Namespace) -> int:
    from accountplan.interchange.actions_csv import export_actions_csv

    with _account_session(args) as (session, account):
        name = account.name
        written = export_actions_csv(session, account.id, dt.date.today(), args.output)
    print(f"Exported {_count(written, 'action')} of {name!r} (open and done) to {args.output}.")
    return EXIT_OK


def cmd_export_success_plan(args: argparse.Namespace) -> int:
    from accountplan.reports.exports import export_success_plan, success_plan_format
    from accountplan.reports.logos import Logos, read_logo

    suffix = success_plan_format(args.output)  # before opening the database
    unit = {".pptx": "slide", ".xlsx": "sheet"}.get(suffix, "page")
    logos = Logos(  # checked before the database is opened too: a refused logo says why
        read_logo(args.customer_logo) if args.customer_logo else None,
        read_logo(args.our_logo) if args.our_logo else None,
    )
    with _account_session(args) as (session, account):
        name = account.name
        result = export_success_plan(session, account.id, args.output, dt.date.today(), logos)
    print(f"Exported the success plan of {name!r} to {args.output} ({_count(result.pages, unit)}).")
    if result.withheld:
        print("Left out, as internal:")
        for line in result.withheld:
            print(f"  - {line}")
    return EXIT_OK


def cmd_export_account_plan(args: argparse.Namespace) -> int:
    from accountplan.reports.exports import export_account_plan

    with _account_session(args) as (session, account):
        name = account.name
        result = export_account_plan(session, account.id, args.output, dt.date.today())
    print(f"Exported the account plan of {name!r} to {args.output} ({_count(result.pages, 'page')}).")
    return EXIT_OK


def cmd_export_meeting_pack(args: argparse.Namespace) -> int:
    from accountplan.reports.exports import export_meeting_pack, find_meeting

    today = dt.date.today()
    with _account_session(args) as (session, account):
        meeting_id = find_meeting(session, account.id, args.meeting, today)
        result = export_meeting_pack(session, meeting_id, args.output, today)
    print(f"Exported the meeting pack of {account.name!r} to {args.output} ({_count(result.pages, 'page')}).")
    return EXIT_OK


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def cmd_import(args: argparse.Namespace) -> int:
    if args.what == "contacts":
        return cmd_import_contacts(args)
    if args.what == "success-plan":
        from accountplan.cli_success_workbook import cmd_import_success_plan

        return cmd_import_success_plan(args)
    from accountplan.interchange.imports import import_plan_file
    from accountplan.interchange.planfile import read_plan

    document = read_plan(args.file)  # validated before the database is even opened
    with _open(args) as database:
        done = import_plan_file(database, document, replace=args.replace, rename=args.rename)
    print(
        f"Imported {done.name!r} ({done.people} stakeholders) from {args.file}"
        f"{' (replaced)' if args.replace else ''}."
    )
    for notice in done.notices:
        print(f"  - {notice}")
    return EXIT_OK


def cmd_import_contacts(args: argparse.Namespace) -> int:
    from accountplan.errors import CycleRefused, EncodingUnsure
    from accountplan.interchange.contact_formats import ContactFormat, parse_mapping, read_contacts
    from accountplan.interchange.contact_import import ImportPlan, LoopsNotAccepted, plan_lines, summary
    from accountplan.interchange.imports import import_contacts, preview_contacts

    def show(plan: ImportPlan) -> None:
        if plan.file.footer_line is not None:
            print(f"The report's footer, from line {plan.file.footer_line} on, was left out.")
        for line in plan_lines(plan):
            print(line)

    mapping = parse_mapping(args.map)
    kind = ContactFormat(args.format) if args.format else None
    try:
        contacts = read_contacts(
            args.file, format=kind, mapping=mapping, encoding=args.encoding, sheet=args.sheet
        )
    except EncodingUnsure as unsure:
        names = " or ".join(f"--encoding {codec}" for codec, _, _ in unsure.candidates)
        raise InvalidValue(f"{unsure}".rstrip(".") + f"; run again with {names}.") from None
    read = f"{args.file} ({contacts.description})"
    how = {"accept_cycles": args.accept_cycles, "all_companies": args.all_companies}
    with _open(args) as database:
        if args.dry_run:
            plan = preview_contacts(database, contacts, args.account, **how)
            print(
                f"Dry run, nothing written: importing {read} into {args.account!r} would give {summary(plan)}."
            )
            show(plan)
            if not plan.can_apply:
                print("Without --accept-cycles the import would be refused because of the loops.")
            return EXIT_OK
        try:
            done = import_contacts(database, contacts, args.account, **how)
        except LoopsNotAccepted as refused:
            show(refused.plan)
            raise CycleRefused(
                f"{args.file} makes {_count(len(refused.plan.cycles), 'loop')} in the reporting lines, so "
                "nothing was imported; run again with --accept-cycles to import the rest without the links "
                "that close them.",
                refused.names,
            ) from None
    into = f"the new account {args.account!r}" if done.created else repr(args.account)
    print(f"Imported {read} into {into}: {summary(done.plan)}.")
    show(done.plan)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from accountplan.errors import CannotWrite
    from accountplan.store.backup import backup_database

    with _open(args) as database:
        try:
            backup_database(database, args.output)
        except CannotWrite as exc:
            raise CannotWrite(f"the backup to {args.output}", exc.reason) from None
        print(f"Backed up {database.name} to {args.output}.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from accountplan.store import location
    from accountplan.store.backup import restore_database

    url = location.resolve_url(args.db)
    path = location.sqlite_path(url)
    if path is None:
        raise DatabaseError("Restore works on a SQLite file; restore a server database on the server.")
    kept = restore_database(path, args.file)
    print(
        f"Restored {path} from {args.file}." + (f" The previous database was kept as {kept}." if kept else "")
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from accountplan.store import location
    from accountplan.store.database import check_sqlite_file

    url = location.resolve_url(args.db)
    path = location.sqlite_path(url)
    if path is not None:
        if not path.exists():
            raise DatabaseError(f"There is no database at {path}.")
        check_sqlite_file(path)
    from accountplan.store.backup import integrity_problems
    from accountplan.store.integrity import rule_problems

    with _open(args) as database:
        problems = integrity_problems(database) if database.is_sqlite else []
        broken = [] if problems else rule_problems(database)
    if problems:
        raise DatabaseError(
            f"{database.name} is damaged: {'; '.join(problems[:5])}. Restore the last good backup "
            "with 'accountplan restore BACKUP'."
        )
    if broken:
        more = f" and {len(broken) - 5} more" if len(broken) > 5 else ""
        raise DatabaseError(
            f"{database.name} breaks the plan's rules ({'; '.join(broken[:5])}{more}): correct those rows "
            "with sqlite3 or psql, or go back to the last good backup."
        )
    print(f"{database.name}: no problems found.")
    return EXIT_OK


def cmd_window(args: argparse.Namespace) -> int:
    # Qt first, SQLAlchemy after: the window's first frame is painted before the core is imported (which
    # PySide6's import hook then makes about a tenth slower: it reads the source of each module imported).
    if args.smoke_test:
        from accountplan.ui.frame.smoke_test import smoke_test

        print(smoke_test(args.db))
        return EXIT_OK
    from accountplan.ui.frame.app import run_window

    return run_window(args.db, open_file=args.open)


EXPORTS: dict[str, Callable[[argparse.Namespace], int]] = {
    "org-chart": cmd_export_org_chart,
    "calendar": cmd_export_calendar,
    "actions": cmd_export_actions,
    "success-plan": cmd_export_success_plan,
    "account-plan": cmd_export_account_plan,
    "meeting-pack": cmd_export_meeting_pack,
}
COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_window,
    "demo": cmd_demo,
    "accounts": cmd_accounts,
    "portfolio": cmd_portfolio,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "check": cmd_check,
    "rates": cmd_rates,
    "changes": cmd_changes,
    "team": cmd_team,
}


#: What the user typed, by argument, for the sentence that refuses it.
_ARGUMENT_NAMES = {
    "account": "account name",
    "rename": "new account name",
    "map": "column mapping",
    "db": "database name",
}


def _refuse_arguments_that_are_not_text(args: argparse.Namespace) -> None:
    """Refuse a text argument holding bytes that are not UTF-8 (Python gives them as lone surrogates).

    File names are paths, not text: a file may be called by any bytes, and is opened by them.
    """
    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not _is_text(text):
                what = _ARGUMENT_NAMES.get(name, f"value of --{name.replace('_', '-')}")
                raise InvalidValue(
                    f"The {what} is not valid text: it holds bytes that are not UTF-8 ({text!a}); type it again."
                )


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _tolerate_undecodable_output() -> None:
    """Print a file name that is not UTF-8 with its odd bytes escaped, rather than fail on it."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _stop_writing_quietly() -> int:
    """The program reading our output stopped (``accountplan accounts | head``): exit without a traceback.

    As the Python documentation's note on SIGPIPE recommends: point stdout at the null device, so that the
    flush at exit finds nobody gone, and exit with 1.
    """
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    return EXIT_USER_ERROR


#: The names of the files ``accountplan FILE`` opens in the window (a database, a plan file, contacts).
OPENED_SUFFIXES = frozenset(
    {".sqlite", ".sqlite3", ".db", ".json", ".csv", ".tsv", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".vcf"}
)


def _file_to_open(argv: list[str]) -> tuple[list[str], Path | None]:
    """``accountplan [OPTIONS] FILE``: the arguments without FILE, and FILE (None if none is named).

    FILE is the one word that is neither an option, an option's value nor a command, and that names a
    file that is there or a name the window opens; anything else is left for argparse to refuse.
    """
    takes_value = {"--db"}
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in takes_value:
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        path = Path(word)
        if word in COMMANDS or not (path.is_file() or path.suffix.lower() in OPENED_SUFFIXES):
            return argv, None
        return argv[:index] + argv[index + 1 :], path
    return argv, None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 a user error, 2 a usage error)."""
    parser = build_parser()
    typed = list(sys.argv[1:] if argv is None else argv)
    rest, named = _file_to_open(typed)
    args = parser.parse_args(rest)
    args.open = None
    if named is not None:
        from accountplan.store import location

        if not location.looks_like_database(named):
            args.open = named  # a plan file or contacts, offered by the window once it is open
        elif args.db is not None:
            parser.error(f"{named} is a database, and --db names another: give one database")
        else:
            args.db = str(named)
    if args.smoke_test and args.command is not None:
        parser.error("--smoke-test opens the window: it takes no command")
    _tolerate_undecodable_output()
    log_file.start(log_file.describe_command(typed) + (" (the window)" if args.command is None else ""))
    try:
        _refuse_arguments_that_are_not_text(args)
        status = COMMANDS[args.command](args)
        if sys.stdout is not None:  # None in a windowed program (Windows, macOS): nothing to flush
            sys.stdout.flush()  # a reader gone away is met here, not in the flush at exit
        log_file.logger.info("exit status %d", status)
        return status
    except AccountPlanError as error:
        log_file.logger.warning("refused: %s", error)
        print(f"accountplan: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return _stop_writing_quietly()
    except KeyboardInterrupt:
        print("accountplan: interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except Exception as error:
        from sqlalchemy.exc import OperationalError

        if isinstance(error, OperationalError):
            log_file.logger.warning("the database could not be used: %s", error.orig)
            print(f"accountplan: the database could not be used: {error.orig}", file=sys.stderr)
            return EXIT_USER_ERROR
        log_file.log_exception("unexpected error", error)
        raise


if __name__ == "__main__":
    sys.exit(main())
