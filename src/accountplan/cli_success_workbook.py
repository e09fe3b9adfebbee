"""``accountplan import success-plan FILE.xlsx``: the customer's updates from their success-plan workbook."""

from __future__ import annotations

import argparse


def cmd_import_success_plan(args: argparse.Namespace) -> int:
    """List what the customer's workbook changes in the plan; without --dry-run apply it all as one step."""
    from accountplan.errors import NotFound
    from accountplan.interchange.planfile import find_account
    from accountplan.reports.success_workbook_import import customer_updates, read_customer_updates
    from accountplan.store.backup import daily_backup
    from accountplan.store.database import Database

    path = args.file
    if not path.is_file():
        raise NotFound(f"There is no workbook at {path}.")
    data = path.read_bytes()
    with Database.open(args.db) as database:
        if not args.dry_run:
            daily_backup(database)
        with database.transaction() as session:
            account = find_account(session, args.account)
            read = read_customer_updates(session, account.id, data)
            of = read.day.strftime("%d %b %Y")
            count = len(read.changes)
            if not count:
                print(
                    f"The customer's workbook of {of} changes nothing in the success plan of {account.name!r}."
                )
                return 0
            noun = "change" if count == 1 else "changes"
            print(
                f"The customer's workbook of {of} (revision {read.revision}) has {count} {noun} to the success "
                f"plan of {account.name!r}:"
            )
            for change in read.changes:
                print(f"  - {change.describe()}")
            if args.dry_run:
                print("Dry run, nothing written.")
                return 0
            customer_updates(account.id, read).forward(session)
    print(f'Applied as one step, in the change log as "from the customer\'s workbook of {of}".')
    return 0
