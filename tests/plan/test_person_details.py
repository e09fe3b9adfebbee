"""What the person panel reads of a stakeholder, and whom they could report to."""

from __future__ import annotations

from accountplan.model.enums import BuyingRole, Stance
from accountplan.plan import accounts, org_units, stakeholders
from accountplan.plan.person_details import person_details, possible_managers
from accountplan.store.database import Database


def test_a_person_with_their_manager_roles_and_the_accounts_units(db: Database) -> None:
    with db.transaction() as session:
        account = accounts.create_account(session, "Acme Rail")
        finance = org_units.add_org_unit(session, account, "Finance")
        org_units.add_org_unit(session, account, "Audit")
        ceo = stakeholders.add_stakeholder(session, account, "Aiko Tanaka", title="CEO")
        cfo = stakeholders.add_stakeholder(
            session, account, "Zoë Lefèvre", title="CFO", reports_to_id=ceo, org_unit_id=finance
        )
        stakeholders.update_stakeholder(session, cfo, stance=Stance.SKEPTIC, concerns="Cash")
        stakeholders.set_roles(session, cfo, {BuyingRole.ECONOMIC_BUYER})
        other = accounts.create_account(session, "Globex")
        stakeholders.add_stakeholder(session, other, "Elsewhere")
    with db.session() as session:
        details = person_details(session, cfo)
        assert details is not None
        assert details.values["name"] == "Zoë Lefèvre" and details.values["stance"] is Stance.SKEPTIC
        assert details.values["concerns"] == "Cash" and details.values["org_unit_id"] == finance
        assert details.roles == {BuyingRole.ECONOMIC_BUYER} and not details.departed
        assert details.manager == (ceo, "Aiko Tanaka")
        assert [name for _, name in details.units] == ["Audit", "Finance"]
        assert possible_managers(session, account, cfo) == [
            (ceo, "Aiko Tanaka")
        ]  # not themselves, nor Globex's
        assert person_details(session, 999_999) is None
