"""A deal's negotiation plan: the price rules, the order of gives and gets, the findings, and undo."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accountplan.errors import AccountPlanError, InvalidValue, Refused
from accountplan.model import NegotiationPlan
from accountplan.model.enums import ApprovalStatus, CoSellerRole, NegotiatorKind, Severity, TermSide
from accountplan.plan import changes, negotiation, team
from accountplan.plan.accounts import create_account
from accountplan.plan.changes import Change
from accountplan.plan.negotiation import NegotiationView, negotiation_view, price_sentence
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)


@dataclass
class Deal:
    account_id: int
    deal_id: int
    ines: int
    """Ines Duarte, our account executive (on the deal team)."""
    tom: int
    """Tom Berger, who left the deal team."""
    outsider: int
    """Olga Marsh, on no team of this account."""
    lena: int
    """Lena Vogt, the customer's legal counsel."""


@pytest.fixture
def deal(db: Database) -> Deal:
    with db.transaction() as session:
        account_id = create_account(session, "Hoshino Logistics", currency="EUR")
        deal_id = add_opportunity(
            session, account_id, "Control tower", amount=Decimal(1_200_000), currency="EUR"
        )
        ines = team.add_co_seller(session, "Ines Duarte", CoSellerRole.ACCOUNT_EXECUTIVE)
        tom = team.add_co_seller(session, "Tom Berger", CoSellerRole.SOLUTION_CONSULTANT)
        outsider = team.add_co_seller(session, "Olga Marsh", CoSellerRole.SOLUTION_CONSULTANT)
        team.join_team(session, account_id, ines)
        team.join_team(session, account_id, tom)
        team.leave_team(session, account_id, tom, TODAY)
        lena = add_stakeholder(session, account_id, "Lena Vogt", title="General Counsel")
    return Deal(account_id, deal_id, ines, tom, outsider, lena)


def run(db: Database, step: Callable[..., object]) -> None:
    with db.transaction() as session:
        step(session)


def view(db: Database, deal: Deal, today: dt.date = TODAY) -> NegotiationView:
    with db.session() as session:
        return negotiation_view(session, deal.deal_id, today)


def price(db: Database, deal: Deal, **changes_: object) -> None:
    with db.transaction() as session:
        negotiation.update_price(session, deal.deal_id, **changes_)


# --- the price ------------------------------------------------------------------------------------------


def test_a_deal_without_a_plan_reads_an_empty_one_and_writes_nothing(db: Database, deal: Deal) -> None:
    plan = view(db, deal)
    assert plan.is_empty and plan.price.id is None and plan.findings == ()
    assert price_sentence(plan.price, plan.currency) == "Directional: no price range yet."
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(NegotiationPlan)) == 0


def test_the_price_is_a_directional_range_until_the_solution_mix_is_final(db: Database, deal: Deal) -> None:
    price(db, deal, price_low="1,000,000", price_high=1_300_000)
    plan = view(db, deal)
    assert (plan.price.price_low, plan.price.price_high) == (Decimal(1_000_000), Decimal(1_300_000))
    assert price_sentence(plan.price, "EUR") == "Directional: EUR 1,000,000 to EUR 1,300,000."

    for field in ("target", "walk_away"):
        with pytest.raises(InvalidValue, match="not final yet.*Mark the solution final"):
            price(db, deal, **{field: 1_200_000})
    assert view(db, deal).price.target is None

    price(db, deal, solution_final=True, target=1_200_000)  # final and a target in one edit
    price(db, deal, walk_away=1_050_000)
    plan = view(db, deal)
    assert price_sentence(plan.price, "EUR") == (
        "Solution final: target EUR 1,200,000, walk away below EUR 1,050,000."
    )
    assert plan.price.price_low == Decimal(1_000_000)  # the directional range is kept

    price(db, deal, solution_final=False)  # back to directional: target and walk-away kept, not shown
    plan = view(db, deal)
    assert plan.price.target == Decimal(1_200_000)
    assert price_sentence(plan.price, "EUR").startswith("Directional: EUR 1,000,000")


def test_the_walk_away_is_never_above_the_target(db: Database, deal: Deal) -> None:
    price(db, deal, solution_final=True, target=1_000_000)
    with pytest.raises(InvalidValue, match=r"walk-away price \(EUR 1,100,000\) cannot be above the target"):
        price(db, deal, walk_away=1_100_000)
    price(db, deal, walk_away=1_000_000)  # the same is allowed: no room to move
    with pytest.raises(InvalidValue, match="walk-away price .* cannot be above the target"):
        price(db, deal, target=900_000)  # lowering the target under the walk-away, the other way round
    plan = view(db, deal).price
    assert (plan.target, plan.walk_away) == (Decimal(1_000_000), Decimal(1_000_000))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"price_low": 2_000_000, "price_high": 1_000_000},
            "low end of the range .* cannot be above its high",
        ),
        ({"price_low": -5}, "must be an amount of 0 or more"),
        ({"price_high": "a lot"}, "not a valid price high"),
        ({"floor": 5}, "has no floor"),
    ],
)
def test_a_bad_price_is_refused_and_nothing_is_written(
    db: Database,
    deal: Deal,
    table_counts: Callable[[], dict[str, int]],
    values: dict[str, object],
    message: str,
) -> None:
    before = table_counts()
    with pytest.raises(InvalidValue, match=message):
        price(db, deal, **values)
    assert table_counts() == before


def test_a_final_mix_without_target_or_walk_away_is_a_finding(db: Database, deal: Deal) -> None:
    price(db, deal, solution_final=True)
    assert [f.text for f in view(db, deal).findings] == [
        "The solution mix is final: set a target and a walk-away price."
    ]
    price(db, deal, target=1_000_000)
    assert [f.text for f in view(db, deal).findings] == ["The solution mix is final: set a walk-away price."]
    assert price_sentence(view(db, deal).price, "EUR") == (
        "Solution final: target EUR 1,000,000, no walk-away price yet."
    )


# --- gives and gets -------------------------------------------------------------------------------------


def test_gives_and_gets_keep_the_order_the_team_gives_them(db: Database, deal: Deal) -> None:
    ids = {}
    with db.transaction() as session:
        for side, text in (
            (TermSide.GIVE, "Net 60"),
            (TermSide.GET, "Reference call"),
            (TermSide.GIVE, "Pilot"),
        ):
            ids[text] = negotiation.add_term(
                session, deal.account_id, text, opportunity_id=deal.deal_id, side=side, our_cost=1_000
            )
    assert [t.text for t in view(db, deal).terms] == ["Net 60", "Reference call", "Pilot"]
    run(db, changes.MoveTerm(deal.account_id, ids["Pilot"], "Pilot", -1).forward)
    assert [t.text for t in view(db, deal).terms] == ["Net 60", "Pilot", "Reference call"]
    with pytest.raises(Refused, match="already first"):
        run(db, changes.MoveTerm(deal.account_id, ids["Net 60"], "Net 60", -1).forward)
    with pytest.raises(Refused, match="already last"):
        run(db, changes.MoveTerm(deal.account_id, ids["Reference call"], "it", 1).forward)
    plan = view(db, deal)
    assert plan.give_cost == Decimal(2_000)  # the two gives; the get's cost is not ours to give
    with pytest.raises(InvalidValue, match="needs a text"):
        run(db, changes.AddTerm(deal.account_id, "  ", opportunity_id=deal.deal_id).forward)
    with pytest.raises(InvalidValue, match="0 or more"):
        run(db, changes.UpdateTerm(deal.account_id, ids["Pilot"], "Pilot", our_cost=-1).forward)


# --- negotiators ----------------------------------------------------------------------------------------


def add_layer(db: Database, deal: Deal, kind: NegotiatorKind, **values: object) -> int:
    change = changes.AddNegotiator(
        deal.account_id, kind.label, opportunity_id=deal.deal_id, kind=kind, **values
    )
    run(db, change.forward)
    assert change.row_id is not None
    return change.row_id


def test_a_layer_nobody_of_ours_covers_is_a_finding(db: Database, deal: Deal) -> None:
    legal = add_layer(db, deal, NegotiatorKind.LEGAL, stakeholder_id=deal.lena)
    add_layer(db, deal, NegotiatorKind.PROCUREMENT, covered_by_id=deal.ines)
    plan = view(db, deal)
    assert [(f.severity, f.text) for f in plan.findings] == [
        (Severity.HIGH, "Legal at Hoshino Logistics has nobody on our side.")
    ]
    assert [(n.kind, n.stakeholder, n.covered_by) for n in plan.negotiators] == [
        (NegotiatorKind.PROCUREMENT, "", "Ines Duarte"),
        (NegotiatorKind.LEGAL, "Lena Vogt", ""),
    ]

    run(db, changes.UpdateNegotiator(deal.account_id, legal, "Legal", covered_by_id=deal.ines).forward)
    assert view(db, deal).findings == ()


def test_a_layer_covered_only_by_someone_who_left_the_team_is_uncovered(db: Database, deal: Deal) -> None:
    add_layer(db, deal, NegotiatorKind.EXECUTIVE_SPONSOR, covered_by_id=deal.tom)  # a former member may stay
    plan = view(db, deal)
    assert plan.negotiators[0].coverer_left
    assert [f.text for f in plan.findings] == [
        "The executive sponsor at Hoshino Logistics has nobody on our side (Tom Berger left the deal team)."
    ]


def test_a_co_seller_off_the_team_or_a_person_of_another_account_is_refused(db: Database, deal: Deal) -> None:
    with pytest.raises(InvalidValue, match="Olga Marsh is not on this account's deal team"):
        add_layer(db, deal, NegotiatorKind.LEGAL, covered_by_id=deal.outsider)
    with db.transaction() as session:
        other = create_account(session, "Other KK", currency="JPY")
        stranger = add_stakeholder(session, other, "Kenji Sato")
    with pytest.raises(Refused, match="belongs to another account"):
        add_layer(db, deal, NegotiatorKind.LEGAL, stakeholder_id=stranger)
    with pytest.raises(AccountPlanError):
        run(
            db,
            changes.AddApproval(
                deal.account_id, "Net 90", opportunity_id=deal.deal_id, owner_id=deal.outsider
            ).forward,
        )
    assert view(db, deal).is_empty


# --- approvals ------------------------------------------------------------------------------------------


def add_approval(db: Database, deal: Deal, what: str, **values: object) -> int:
    change = changes.AddApproval(deal.account_id, what, opportunity_id=deal.deal_id, **values)
    run(db, change.forward)
    assert change.row_id is not None
    return change.row_id


def test_an_approval_still_waiting_after_its_due_date_is_overdue(db: Database, deal: Deal) -> None:
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    net90 = add_approval(db, deal, "Net 90", approver="CFO", owner_id=deal.ines, due=yesterday)
    add_approval(
        db, deal, "Unlimited liability", approver="General Counsel", due=tomorrow, owner_id=deal.ines
    )
    add_approval(db, deal, "Due today", due=TODAY, owner_id=deal.ines)
    plan = view(db, deal)
    assert [(a.what, a.overdue) for a in plan.approvals] == [
        ("Net 90", True),
        ("Due today", False),
        ("Unlimited liability", False),
    ]
    assert [f.text for f in plan.findings] == [
        "The approval of “Net 90” (CFO) is overdue: due 2026-11-22, 1 day ago, still needed; Ines Duarte owns it."
    ]

    run(db, changes.UpdateApproval(deal.account_id, net90, "Net 90", status=ApprovalStatus.REQUESTED).forward)
    assert view(db, deal).approvals[0].overdue  # requested, not yet given: still overdue
    run(db, changes.UpdateApproval(deal.account_id, net90, "Net 90", status=ApprovalStatus.APPROVED).forward)
    assert not view(db, deal).approvals[0].overdue and view(db, deal).findings == ()
    assert view(db, deal, TODAY + dt.timedelta(days=2)).approvals[2].overdue  # the others, two days on


def test_a_refused_or_unowned_approval_is_a_finding(db: Database, deal: Deal) -> None:
    refused = add_approval(db, deal, "Source code escrow", approver="General Counsel")
    run(db, changes.UpdateApproval(deal.account_id, refused, "it", status=ApprovalStatus.REFUSED).forward)
    add_approval(db, deal, "Net 60")
    assert [(f.severity, f.text) for f in view(db, deal).findings] == [
        (
            Severity.MEDIUM,
            "“Source code escrow” was refused by General Counsel: it cannot be offered as it stands.",
        ),
        (Severity.MEDIUM, "Nobody of ours owns the approval of “Net 60”."),
    ]
    with pytest.raises(InvalidValue, match="needs to say what is approved"):
        add_approval(db, deal, " ")


# --- undo -----------------------------------------------------------------------------------------------


def test_undoing_the_first_price_edit_takes_the_plan_away_and_redo_puts_the_same_row_back(
    db: Database, deal: Deal
) -> None:
    first = changes.UpdatePrice(deal.account_id, deal.deal_id, "Control tower", price_low=900_000)
    run(db, first.forward)
    row_id = view(db, deal).price.id
    second = changes.UpdatePrice(deal.account_id, deal.deal_id, "Control tower", price_high=1_100_000)
    run(db, second.forward)
    run(db, second.backward)
    run(db, first.backward)
    assert view(db, deal).price.id is None and view(db, deal).is_empty
    run(db, first.forward)
    run(db, second.forward)
    plan = view(db, deal).price
    assert (plan.id, plan.price_low, plan.price_high) == (row_id, Decimal(900_000), Decimal(1_100_000))
    assert second.text == "edit the high price of Control tower"


def state(db: Database, deal: Deal) -> str:
    """The plan as the tab shows it, without the rows' versions (every write, undo too, raises them)."""
    return re.sub(r"version=\d+", "", repr(view(db, deal)))


def _edits(deal: Deal, db: Database, seen: Callable[[], None]) -> list[Change]:
    """Make one of each edit of the plan, each after the ones before it; ``seen`` after each one."""
    made: list[Change] = []

    def do(change: Change) -> Change:
        run(db, change.forward)
        made.append(change)
        seen()
        return change

    do(changes.UpdatePrice(deal.account_id, deal.deal_id, "it", price_low=10, price_high=20, notes="Hold"))
    do(changes.UpdatePrice(deal.account_id, deal.deal_id, "it", solution_final=True, target=18, walk_away=15))
    give = do(changes.AddTerm(deal.account_id, "Net 60", opportunity_id=deal.deal_id, our_cost=3))
    get = do(changes.AddTerm(deal.account_id, "Reference", opportunity_id=deal.deal_id, side=TermSide.GET))
    assert isinstance(give, changes.AddTerm) and isinstance(get, changes.AddTerm)
    assert give.row_id is not None and get.row_id is not None
    do(changes.UpdateTerm(deal.account_id, give.row_id, "Net 60", text="Net 45", customer_value="Cash"))
    do(changes.MoveTerm(deal.account_id, get.row_id, "Reference", -1))
    layer = do(changes.AddNegotiator(deal.account_id, "Legal", opportunity_id=deal.deal_id, kind="legal"))
    assert isinstance(layer, changes.AddNegotiator) and layer.row_id is not None
    do(
        changes.UpdateNegotiator(
            deal.account_id, layer.row_id, "Legal", stakeholder_id=deal.lena, notes="Cap"
        )
    )
    ask = do(changes.AddApproval(deal.account_id, "Net 45", opportunity_id=deal.deal_id, due=TODAY))
    assert isinstance(ask, changes.AddApproval) and ask.row_id is not None
    do(changes.UpdateApproval(deal.account_id, ask.row_id, "Net 45", owner_id=deal.ines, approver="CFO"))
    do(changes.DeleteTerm(deal.account_id, give.row_id, "Net 45"))
    do(changes.DeleteNegotiator(deal.account_id, layer.row_id, "Legal"))
    do(changes.DeleteApproval(deal.account_id, ask.row_id, "Net 45"))
    return made


def test_every_edit_undone_in_turn_gives_each_earlier_plan_back_and_redo_the_later_ones(
    db: Database, deal: Deal
) -> None:
    plans = [state(db, deal)]
    made = _edits(deal, db, lambda: plans.append(state(db, deal)))
    assert len(made) == 13 and len(set(plans)) == len(plans)  # every edit changed the plan
    for change, before in zip(reversed(made), reversed(plans[:-1]), strict=True):
        run(db, change.backward)
        assert state(db, deal) == before, f"undo {change.text}"
    for change, after in zip(made, plans[1:], strict=True):
        run(db, change.forward)
        assert state(db, deal) == after, f"redo {change.text}"
    assert all(change.text for change in made)
