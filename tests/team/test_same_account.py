"""On the team server the same-account rule sees every account, even those the deal team's security hides."""

from __future__ import annotations

import psycopg
import pytest

from .conftest import TeamPlan


def test_a_co_seller_cannot_refer_to_a_row_of_an_account_they_cannot_see(team_plan: TeamPlan) -> None:
    team = team_plan.team
    with team.connect() as admin:
        hidden = admin.execute(
            "SELECT min(id) FROM stakeholders WHERE account_id = %s", (team_plan.demo_id,)
        ).fetchone()
        own = admin.execute(
            "SELECT min(id) FROM stakeholders WHERE account_id = %s", (team_plan.other_id,)
        ).fetchone()
    assert hidden and own
    with team.connect(*team_plan.outsider) as outsider:
        assert outsider.execute("SELECT count(*) FROM stakeholders WHERE id = %s", hidden).fetchone() == (0,)
        with pytest.raises(
            psycopg.errors.ForeignKeyViolation,
            match="must refer to a row of the same account in stakeholders",
        ):
            outsider.execute("UPDATE stakeholders SET reports_to_id = %s WHERE id = %s", (hidden[0], own[0]))
        insert = (
            "INSERT INTO initiatives (account_id, title, description, sponsor_id, position, version) "
            "VALUES (%s, 'Cloud first', '', %s, 0, 1)"
        )
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match="initiatives.sponsor_id must refer"):
            outsider.execute(insert, (team_plan.other_id, hidden[0]))
        outsider.execute(insert, (team_plan.other_id, own[0]))  # their own account's person: fine
        assert outsider.execute("SELECT count(*) FROM initiatives").fetchone() == (1,)
