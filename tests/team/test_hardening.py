"""The attacks of the hardening sweep on a team server, each reproduced, each refused by the server itself."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select

from accountplan.errors import Refused
from accountplan.interchange.planfile import export_account, import_plan
from accountplan.model import Account, CoSeller, Opportunity, StageChange
from accountplan.plan.accounts import list_accounts
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.team import update_co_seller
from accountplan.store.database import Database

from .conftest import FRESH, OTHER_ACCOUNT, TeamPlan

IMPORTED = "Imported Holdings"


def _visible(url: str) -> list[str]:
    with Database.open(url) as database, database.session() as session:
        return [row.name for row in list_accounts(session)]


def test_a_co_seller_who_takes_a_team_members_email_is_not_put_on_an_imported_account(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    with Database.open(team.admin_url) as admin, admin.session() as session:
        document = export_account(session, team_plan.demo_id)
    # The plan file of another team's account: its partner has an e-mail address this server has not seen.
    victim = next(person for person in document["co_sellers"] if person["login"] == "")
    victim["email"] = "the.real.partner@partner.example"
    document["account"]["name"] = IMPORTED

    login, password = team_plan.outsider
    with team.connect(login, password) as mallory:
        # Her own row is hers to edit: she writes the victim's address into it, as the sweep did.
        done = mallory.execute(
            "UPDATE co_sellers SET email = %s WHERE login = %s", (victim["email"], login)
        ).rowcount
    assert done == 1

    notices: list[str] = []
    with Database.open(team.admin_url) as admin, admin.transaction(audit=False) as session:
        import_plan(session, document, notices=notices)

    assert _visible(team.url(login, password)) == [OTHER_ACCOUNT]
    with team.connect(login, password) as mallory:
        assert mallory.execute("SELECT count(*) FROM stakeholders").fetchone() == (1,)  # Olivia Other only
    assert any(victim["name"] in notice and repr(login) in notice for notice in notices)


def test_a_co_seller_changes_only_their_own_details_and_those_of_people_without_a_login(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    login, password = team_plan.outsider
    with team.connect(login, password) as outsider:
        # Another login holder's row: not found, as if it could not be written (row-level security).
        taken = outsider.execute(
            "UPDATE co_sellers SET email = 'mallory@example.com' WHERE id = %s", (team_plan.member_id,)
        ).rowcount
        fresh = outsider.execute(
            "UPDATE co_sellers SET title = 'Alliances' WHERE name = %s", (FRESH,)
        ).rowcount
        own = outsider.execute(
            "UPDATE co_sellers SET title = 'Specialist' WHERE login = %s", (login,)
        ).rowcount
    assert (taken, fresh, own) == (0, 1, 1)
    with team.connect() as admin:
        row = admin.execute("SELECT email FROM co_sellers WHERE id = %s", (team_plan.member_id,)).fetchone()
    assert row is not None and row[0] != "mallory@example.com"

    # Through the app, the same edit is refused with a sentence instead of looking like a lost race.
    with Database.open(team.url(login, password)) as database:
        refused = pytest.raises(Refused, match="Only .* may change their own details")
        with refused, database.transaction() as session:
            update_co_seller(session, team_plan.member_id, email="mallory@example.com")
        with database.transaction() as session:
            fay = session.scalar(select(CoSeller.id).where(CoSeller.name == FRESH))
            assert fay is not None
            update_co_seller(session, fay, title="Partner manager")


def test_only_the_admin_renames_an_account_so_a_refused_name_tells_nobody_it_exists(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    login, password = team_plan.member
    with team.connect(login, password) as member:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            member.execute("UPDATE accounts SET name = %s WHERE id = %s", (OTHER_ACCOUNT, team_plan.demo_id))
        # The rest of the account stays theirs to edit.
        assert (
            member.execute("UPDATE accounts SET vision = 'Ours' WHERE id = %s", (team_plan.demo_id,)).rowcount
            == 1
        )


def test_a_stage_change_names_the_login_that_recorded_it_whatever_the_program_sends(
    team_plan: TeamPlan,
) -> None:
    team = team_plan.team
    login, password = team_plan.member
    as_helen = Database.open(team.url(login, password), user="Helen Park (the CRO)")
    with as_helen as database, database.transaction() as session:
        deal = add_opportunity(session, team_plan.demo_id, "Forged pilot")
    with team.connect(login, password) as member:
        member.execute("UPDATE stage_changes SET changed_by = 'the CEO' WHERE opportunity_id = %s", (deal,))
    with Database.open(team.admin_url) as admin, admin.session() as session:
        recorded = set(
            session.scalars(select(StageChange.changed_by).where(StageChange.opportunity_id == deal))
        )
        assert session.get(Opportunity, deal) is not None
    assert recorded == {login}


def test_nothing_but_a_directory_change_is_logged_without_an_account(team_plan: TeamPlan) -> None:
    team = team_plan.team
    login, password = team_plan.nobody
    insert = (
        'INSERT INTO change_log (account_id, at, "user", kind, entity_type, entity_id, entity_label, field) '
        "VALUES (NULL, now(), '', 'updated', %s, %s, %s, '')"
    )
    with team.connect(login, password) as nobody:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            nobody.execute(insert, ("accounts", 1, "Everyone: the deal is lost, call me"))
        nobody.execute(insert, ("co_sellers", team_plan.member_id, "Directory entry"))
    with team.connect(team_plan.outsider[0], team_plan.outsider[1]) as outsider:
        labels = {
            row[0] for row in outsider.execute("SELECT entity_label FROM change_log WHERE account_id IS NULL")
        }
    assert "Everyone: the deal is lost, call me" not in labels and "Directory entry" in labels


def test_the_admin_alone_sees_every_account_name_and_login(team_plan: TeamPlan) -> None:
    with Database.open(team_plan.team.admin_url) as admin, admin.session() as session:
        names = set(session.scalars(select(Account.name)))
    assert OTHER_ACCOUNT in names and len(names) == 2
