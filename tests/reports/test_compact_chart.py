"""The compact chart as a seller prints it: the demo in a page's shape, assistants beside their manager."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from accountplan.analysis.graphs import AccountGraphs, Person, load_graphs
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.reports import chart_style as style
from accountplan.reports.org_chart_geometry import chart_geometry, is_assistant
from accountplan.store.database import Database


@pytest.fixture
def demo(db: Database) -> AccountGraphs:
    name, _ = load_demo(db)
    with db.session() as session:
        account_id = session.scalar(select(Account.id).where(Account.name == name))
        assert account_id is not None
        return load_graphs(session, account_id)


def test_the_demo_packs_into_a_page_shape_not_a_strip(demo: AccountGraphs) -> None:
    wide = chart_geometry(demo, include_influence=False)
    compact = chart_geometry(demo, include_influence=False, compact=True)
    assert wide.width / wide.height > 8  # every level on one line: a strip
    assert compact.width / compact.height <= 2
    assert compact.people == wide.people == len(demo.people)
    assert {card.height for card in compact.cards} == {style.COMPACT_CARD.height}
    assert min(card.texts[0].size for card in compact.cards) == style.COMPACT_CARD.name_size
    portrait = chart_geometry(demo, include_influence=False, compact=True, aspect=0.7)
    assert portrait.width / portrait.height < compact.width / compact.height


@pytest.mark.parametrize(
    ("title", "assistant"),
    [
        ("Executive Assistant to the CEO", True),
        ("Secretary", True),
        ("社長秘書", True),
        ("Chief of Staff", True),
        ("Assistant Vice President, Treasury", False),
        ("Assistant General Manager", False),
        ("Head of Assistance Services", False),
        ("CFO", False),
    ],
)
def test_assistants_are_recognised_by_their_title(title: str, assistant: bool) -> None:
    assert is_assistant(Person(1, "Someone", title)) is assistant


def test_an_assistant_card_sits_beside_the_managers_card_in_the_compact_chart() -> None:
    graphs = AccountGraphs.build(
        [
            Person(1, "Aiko Tanaka", "CEO"),
            Person(2, "Ren Ogawa", "Executive Assistant", reports_to_id=1),
            *(Person(i, f"Director {i}", "Director", reports_to_id=1) for i in range(3, 8)),
        ]
    )
    cards = {card.person_id: card for card in chart_geometry(graphs, compact=True).cards}
    assert cards[2].y == cards[1].y and cards[2].x > cards[1].x + cards[1].width
    assert all(cards[i].y > cards[1].y + cards[1].height for i in range(3, 8))
