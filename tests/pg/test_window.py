"""The window on the team server: it opens on the demo, and an edit and its undo reach the server."""

from __future__ import annotations

from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Stakeholder
from accountplan.model.enums import Stance
from accountplan.store.database import Database
from accountplan.ui.people.stakeholders_page import StakeholdersPage


def test_the_window_opens_on_postgresql_and_an_edit_and_its_undo_are_saved(
    pg_db: Database, make_window
) -> None:  # type: ignore[no-untyped-def]
    name, _ = load_demo(pg_db)
    window = make_window(pg_db)
    assert window.windowTitle().startswith(name)
    assert "***" in window.database_label.text() and "plan_" in window.database_label.text()  # no password
    window.show_page("stakeholders")
    model = window.page(StakeholdersPage.key).model
    assert model.rowCount() > 20
    row = 0
    person_name = model.index(row, 0).data()
    before = model.index(row, 5).data()
    wanted = "detractor" if before != "Detractor" else "champion"

    assert model.setData(model.index(row, 5), wanted)

    with pg_db.session() as session:
        person = session.scalars(select(Stakeholder).where(Stakeholder.name == person_name)).one()
        assert person.stance is Stance(wanted)
        person_id = person.id
    assert model.index(row, 5).data() == Stance(wanted).label
    window.undo_action.trigger()
    with pg_db.session() as session:
        assert session.get(Stakeholder, person_id).stance.label == before
    assert model.index(row, 5).data() == before
