"""Every kind of change, made, taken back and made again on the demo account, without a window.

After ``backward`` the exported plan is exactly what it was before; after ``forward`` again, exactly what
it was after the first ``forward`` (and a second ``backward`` gives the first plan again). What is compared
is every account's plan file (``export_account``) and every co-seller (they belong to no account, so a
plan file holds only those its account names), with one thing left out: the change log. Every audited
write appends to it, the undo as well as the edit, and nothing takes an entry back (the log is history,
not state), so it grows at each step by design. And the rows that only link two others (a person's
buying roles, a deal's competitors, a meeting's attendees, a step's dependencies) are compared as sets,
without their ids: a link taken back is made again under a new id, and as nothing refers to these rows
by id, their order in the file (which the ids give) means nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

import accountplan
from accountplan.interchange import file_changes
from accountplan.interchange.contact_formats import read_contacts
from accountplan.interchange.contact_undo import ContactImport
from accountplan.interchange.demo import load_demo
from accountplan.interchange.planfile import export_account
from accountplan.model import (
    Account,
    Action,
    Competitor,
    CoSeller,
    Coverage,
    DealApproval,
    DealTeamMember,
    DecisionDependency,
    DecisionStep,
    ExchangeRate,
    Initiative,
    Meeting,
    Milestone,
    NegotiationTerm,
    Negotiator,
    Opportunity,
    OrgUnit,
    ProductLine,
    RedFlag,
    SellerPlan,
    SpendZone,
    Stakeholder,
    SuccessMilestone,
    SuccessObjective,
    WhitespaceCell,
)
from accountplan.model.enums import (
    ActionStatus,
    ApprovalStatus,
    BuyingRole,
    BuyingStage,
    CoSellerRole,
    FitCriterion,
    MeddpiccLetter,
    MeetingStatus,
    MilestoneStatus,
    NegotiatorKind,
    Outcome,
    RelationshipStrength,
    SalesStage,
    StakeholderStatus,
    Stance,
    TermSide,
    TermStatus,
    WhitespaceStatus,
)
from accountplan.plan import changes, negotiation
from accountplan.plan.changes import Change
from accountplan.plan.team import handover_of
from accountplan.store.database import Database

TODAY = dt.date.today()


@dataclass
class Demo:
    """The demo account, open in a session, for a case to find the rows its change works on."""

    session: Session
    account_id: int
    folder: Path

    def first(self, statement: Select[Any]) -> Any:
        found = self.session.scalars(statement.limit(1)).first()
        assert found is not None, f"the demo has no row for {statement}"
        return found

    def people(self, count: int) -> list[Stakeholder]:
        query = select(Stakeholder).where(Stakeholder.account_id == self.account_id).order_by(Stakeholder.id)
        return list(self.session.scalars(query.limit(count)))

    def open_deal(self) -> Opportunity:
        return self.first(select(Opportunity).where(Opportunity.outcome.is_(None)).order_by(Opportunity.id))

    def members(self, *, active: bool) -> list[DealTeamMember]:
        query = select(DealTeamMember).where(
            DealTeamMember.account_id == self.account_id, DealTeamMember.active.is_(active)
        )
        return list(self.session.scalars(query.order_by(DealTeamMember.id)))


def _seller_plan_edit(demo: Demo, years_on: int, **values: Any) -> changes.UpdateSellerPlan:
    """An edit of the seller plan of the demo's account executive, ``years_on`` after the one it has."""
    plan = demo.first(select(SellerPlan).order_by(SellerPlan.id))
    return changes.UpdateSellerPlan(
        demo.account_id, plan.co_seller_id, plan.fiscal_year + years_on, "the account executive", **values
    )


def _step_that_may_wait(demo: Demo) -> changes.AddDependency:
    """A dependency the plan accepts: the waiting step has nothing waiting for it, so no loop can form."""
    steps = list(demo.session.scalars(select(DecisionStep).order_by(DecisionStep.id)))
    pairs = {(d.step_id, d.depends_on_id) for d in demo.session.scalars(select(DecisionDependency))}
    waited_for = {depends_on for _, depends_on in pairs}
    for step in steps:
        if step.id in waited_for:
            continue
        for other in steps:
            same_deal = other.opportunity_id == step.opportunity_id
            if same_deal and other.id != step.id and (step.id, other.id) not in pairs:
                return changes.AddDependency(demo.account_id, step.id, other.id, "make a step wait")
    raise AssertionError("the demo has no two steps to link")


def _leave_team(demo: Demo) -> changes.LeaveTeam:
    """The member who leaves the most behind hands it all to another member."""
    members = demo.members(active=True)
    handovers = [handover_of(demo.session, demo.account_id, m.co_seller_id) for m in members]
    leaving = max(handovers, key=lambda h: len(h.open_actions) + len(h.owned_relationships))
    assert not leaving.is_empty
    taker = next(m for m in members if m.co_seller_id != leaving.co_seller_id)
    return changes.LeaveTeam(
        demo.account_id,
        leaving.co_seller_id,
        leaving.name,
        to_co_seller_id=taker.co_seller_id,
        action_ids=[action_id for action_id, _ in leaving.open_actions],
        coverage_ids=[coverage_id for coverage_id, _ in leaving.owned_relationships],
        on=TODAY,
    )


def _new_coverage(demo: Demo) -> changes.SetCoverage:
    """A member of the team starts a relationship with someone they do not know yet, as its owner."""
    member = demo.members(active=True)[0]
    known = select(Coverage.stakeholder_id).where(Coverage.co_seller_id == member.co_seller_id)
    person = demo.first(
        select(Stakeholder)
        .where(Stakeholder.account_id == demo.account_id, Stakeholder.id.not_in(known))
        .order_by(Stakeholder.id)
    )
    return changes.SetCoverage(
        demo.account_id,
        member.co_seller_id,
        person.id,
        "start a relationship",
        RelationshipStrength.WORKING,
        is_owner=True,
        last_touched=TODAY,
    )


def _changed_coverage(demo: Demo, strength: RelationshipStrength) -> changes.SetCoverage:
    row = demo.first(select(Coverage).where(Coverage.account_id == demo.account_id).order_by(Coverage.id))
    return changes.SetCoverage(
        demo.account_id, row.co_seller_id, row.stakeholder_id, "change a relationship", strength
    )


def _empty_whitespace_cell(demo: Demo) -> changes.SetWhitespaceCell:
    filled = {
        (c.org_unit_id, c.product_line_id)
        for c in demo.session.scalars(
            select(WhitespaceCell).where(WhitespaceCell.account_id == demo.account_id)
        )
    }
    units = demo.session.scalars(select(OrgUnit.id).where(OrgUnit.account_id == demo.account_id)).all()
    lines = demo.session.scalars(
        select(ProductLine.id).where(ProductLine.account_id == demo.account_id)
    ).all()
    unit, line = next((u, p) for u in units for p in lines if (u, p) not in filled)
    return changes.SetWhitespaceCell(
        demo.account_id, unit, line, "a new cell", status=WhitespaceStatus.OPEN_OPPORTUNITY, note="Ask"
    )


def _filled_whitespace_cell(demo: Demo) -> changes.SetWhitespaceCell:
    cell = demo.first(select(WhitespaceCell).where(WhitespaceCell.account_id == demo.account_id))
    return changes.SetWhitespaceCell(
        demo.account_id, cell.org_unit_id, cell.product_line_id, "a cell", status=WhitespaceStatus.NOT_A_FIT
    )


def _inner_org_unit(demo: Demo) -> OrgUnit:
    """An org unit with units inside it (deleting it moves them up a level)."""
    parents = select(OrgUnit.parent_id).where(OrgUnit.parent_id.is_not(None))
    return demo.first(
        select(OrgUnit).where(OrgUnit.id.in_(parents), OrgUnit.parent_id.is_not(None)).order_by(OrgUnit.id)
    )


def _merge_org_units(demo: Demo) -> changes.MergeOrgUnits:
    source = _inner_org_unit(demo)
    into = demo.first(
        select(OrgUnit)
        .where(OrgUnit.account_id == demo.account_id, OrgUnit.id != source.id, OrgUnit.parent_id.is_(None))
        .order_by(OrgUnit.id)
    )
    return changes.MergeOrgUnits(demo.account_id, source.id, into.id, source.name, into.name)


def _hold_meeting(demo: Demo) -> changes.HoldMeeting:
    meeting = demo.first(select(Meeting).where(Meeting.status == MeetingStatus.PLANNED))
    return changes.HoldMeeting(demo.account_id, meeting.id, "1. The pilot", "We agreed.", meeting.held_on)


def _attendees(demo: Demo) -> changes.SetAttendees:
    meeting = demo.first(select(Meeting).order_by(Meeting.id))
    sellers = [m.co_seller_id for m in demo.members(active=True)[:2]]
    return changes.SetAttendees(demo.account_id, meeting.id, sellers)


def _contact_import(demo: Demo) -> file_changes.ImportContacts:
    """A contact file that adds two people to the demo and changes the title of one already there."""
    known = demo.people(1)[0]
    path = demo.folder / "contacts.csv"
    path.write_text(
        "Name,Title,Email,Reports to\n"
        f"{known.name},Chief Everything Officer,{known.email or ''},\n"
        "Ada Quist,Head of Pilots,ada.quist@example.com,\n"
        f"Ben Ortega,Pilot lead,ben.ortega@example.com,Ada Quist\n",
        encoding="utf-8",
    )
    return file_changes.ImportContacts(ContactImport(read_contacts(path), demo.account_id, "the demo"))


def _success_item(demo: Demo, entity: Any) -> Any:
    return demo.first(select(entity).where(entity.account_id == demo.account_id).order_by(entity.id))


def _second_objective(demo: Demo) -> SuccessObjective:
    query = select(SuccessObjective).where(SuccessObjective.account_id == demo.account_id)
    return list(demo.session.scalars(query.order_by(SuccessObjective.position)))[1]


def _set_stage(demo: Demo, stages: Any) -> changes.SetStage:
    """The open deal moves to a stage it is not at (never to closed: closing is a change of its own)."""
    deal = demo.open_deal()
    stage = next(s for s in stages if s not in (deal.sales_stage, deal.buying_stage, SalesStage.CLOSED))
    return changes.SetStage(demo.account_id, deal.id, deal.name, stage)


def _closed_deal(demo: Demo) -> Opportunity:
    return demo.first(select(Opportunity).where(Opportunity.outcome.is_not(None)).order_by(Opportunity.id))


def _action(demo: Demo, index: int = 0) -> Action:
    query = select(Action).where(Action.account_id == demo.account_id, Action.status == ActionStatus.OPEN)
    return list(demo.session.scalars(query.order_by(Action.id)))[index]


def _co_seller(demo: Demo) -> int:
    return demo.members(active=True)[0].co_seller_id


def _red_flag(demo: Demo) -> RedFlag:
    return demo.first(select(RedFlag).where(RedFlag.account_id == demo.account_id).order_by(RedFlag.id))


def _former_member(demo: Demo) -> changes.AddToTeam:
    former = demo.members(active=False)
    if former:
        seller = demo.session.get(CoSeller, former[0].co_seller_id)
        assert seller is not None
        return changes.AddToTeam(demo.account_id, seller.name, co_seller_id=seller.id, responsibility="Back")
    # No former member in the demo: someone who has never been on this team.
    on_team = select(DealTeamMember.co_seller_id).where(DealTeamMember.account_id == demo.account_id)
    seller = demo.first(select(CoSeller).where(CoSeller.id.not_in(on_team)))
    return changes.AddToTeam(demo.account_id, seller.name, co_seller_id=seller.id)


def _merge_people(demo: Demo) -> changes.MergePeople:
    removed, kept = demo.people(12)[10:12]
    return changes.MergePeople(demo.account_id, removed.id, kept.id, removed.name, kept.name)


def _active_person(demo: Demo) -> Stakeholder:
    return demo.first(
        select(Stakeholder)
        .where(Stakeholder.account_id == demo.account_id, Stakeholder.status == StakeholderStatus.ACTIVE)
        .order_by(Stakeholder.id)
    )


def _departed_person(demo: Demo) -> Stakeholder:
    return demo.first(
        select(Stakeholder)
        .where(Stakeholder.account_id == demo.account_id, Stakeholder.status == StakeholderStatus.DEPARTED)
        .order_by(Stakeholder.id)
    )


def _new_manager(demo: Demo) -> changes.SetManager:
    """Someone with nobody under them moves under the first person (the top of the chart)."""
    managers = select(Stakeholder.reports_to_id).where(Stakeholder.reports_to_id.is_not(None))
    top = demo.people(1)[0]
    person = demo.first(
        select(Stakeholder)
        .where(
            Stakeholder.account_id == demo.account_id,
            Stakeholder.id.not_in(managers),
            Stakeholder.id != top.id,
            Stakeholder.reports_to_id != top.id,
        )
        .order_by(Stakeholder.id)
    )
    return changes.SetManager(demo.account_id, person.id, top.id, f"move {person.name}")


def _product_line(demo: Demo, index: int = 0) -> ProductLine:
    query = (
        select(ProductLine).where(ProductLine.account_id == demo.account_id).order_by(ProductLine.position)
    )
    return list(demo.session.scalars(query))[index]


def _row(demo: Demo, entity: Any) -> Any:
    return demo.first(select(entity).where(entity.account_id == demo.account_id).order_by(entity.id))


def _deal_without_a_negotiation_plan(demo: Demo) -> Opportunity:
    """An open deal whose negotiation plan the first price edit makes (the demo file gives the first one a plan)."""
    return list(
        demo.session.scalars(
            select(Opportunity).where(Opportunity.outcome.is_(None)).order_by(Opportunity.id)
        )
    )[1]


def _negotiation_of_the_demo(session: Session) -> None:
    """A negotiation plan on the first open deal: a range, a give and a get, a legal layer, an approval."""
    deal = session.scalars(
        select(Opportunity).where(Opportunity.outcome.is_(None)).order_by(Opportunity.id)
    ).first()
    assert deal is not None
    seller = session.scalars(
        select(DealTeamMember.co_seller_id)
        .where(DealTeamMember.account_id == deal.account_id, DealTeamMember.active.is_(True))
        .order_by(DealTeamMember.id)
    ).first()
    negotiation.update_price(
        session, deal.id, price_low=900_000, price_high=1_200_000, notes="Hold the price"
    )
    for side, text in ((TermSide.GIVE, "Net 60"), (TermSide.GET, "A reference call")):
        negotiation.add_term(session, deal.account_id, text, opportunity_id=deal.id, side=side)
    negotiation.add_negotiator(session, deal.account_id, opportunity_id=deal.id, kind=NegotiatorKind.LEGAL)
    negotiation.add_approval(
        session, deal.account_id, "Net 60", opportunity_id=deal.id, approver="CFO", owner_id=seller
    )


Build = Callable[[Demo], Change]

#: Every kind of change, with the arguments a user's edit on the demo gives it (some kinds twice).
CASES: list[tuple[str, Build]] = [
    # accounts
    (
        "CreateAccount",
        lambda d: changes.CreateAccount("Nordwind Freight", currency="EUR", industry="Logistics"),
    ),
    ("UpdateAccount", lambda d: changes.UpdateAccount(d.account_id, name="Renamed", vision="Fewer trucks")),
    (
        "SetFit",
        lambda d: changes.SetFit(
            d.account_id, FitCriterion.BUDGET_OWNER_KNOWN, met=True, note="The CFO's office"
        ),
    ),
    ("DeleteAccount", lambda d: file_changes.DeleteAccount(d.account_id, "the demo")),
    ("ImportContacts", _contact_import),
    # people
    (
        "AddStakeholder",
        lambda d: changes.AddStakeholder(
            d.account_id,
            "Zoë Lefèvre",
            title="CIO",
            reports_to_id=d.people(1)[0].id,
            roles={BuyingRole.COACH},
        ),
    ),
    (
        "UpdateStakeholder",
        lambda d: changes.UpdateStakeholder(
            d.account_id, d.people(1)[0].id, "the CEO", stance=Stance.DETRACTOR, title="Chief"
        ),
    ),
    (
        "DeleteStakeholder",
        lambda d: changes.DeleteStakeholder(d.account_id, d.people(1)[0].id, "the CEO", force=True),
    ),
    ("SetManager", _new_manager),
    (
        "SetRoles",
        lambda d: changes.SetRoles(
            d.account_id, d.people(2)[1].id, "them", {BuyingRole.LEGAL, BuyingRole.GATEKEEPER}
        ),
    ),
    ("SetDeparted", lambda d: changes.SetDeparted(d.account_id, _active_person(d).id, "them", TODAY)),
    ("SetDeparted active", lambda d: changes.SetDeparted(d.account_id, _departed_person(d).id, "them", None)),
    (
        "AddInfluenceLink",
        lambda d: changes.AddInfluenceLink(
            d.account_id, d.people(9)[8].id, d.people(8)[7].id, "link them", strength=5, note="Old friends"
        ),
    ),
    ("MergePeople", _merge_people),
    # catalog
    ("AddOrgUnit", lambda d: changes.AddOrgUnit(d.account_id, "Drones", parent_id=_inner_org_unit(d).id)),
    (
        "UpdateOrgUnit",
        lambda d: changes.UpdateOrgUnit(d.account_id, _inner_org_unit(d).id, "it", name="Renamed"),
    ),
    ("DeleteOrgUnit", lambda d: changes.DeleteOrgUnit(d.account_id, _inner_org_unit(d).id, "it")),
    ("MergeOrgUnits", _merge_org_units),
    ("AddProductLine", lambda d: changes.AddProductLine(d.account_id, "Drones")),
    (
        "UpdateProductLine",
        lambda d: changes.UpdateProductLine(d.account_id, _product_line(d).id, "it", name="New"),
    ),
    ("DeleteProductLine", lambda d: changes.DeleteProductLine(d.account_id, _product_line(d).id, "it")),
    ("MoveProductLine", lambda d: changes.MoveProductLine(d.account_id, _product_line(d).id, "it", 2)),
    ("AddCompetitor", lambda d: changes.AddCompetitor(d.account_id, "Rival AG", strengths="Price")),
    (
        "UpdateCompetitor",
        lambda d: changes.UpdateCompetitor(d.account_id, _row(d, Competitor).id, "it", strategy="Out-serve"),
    ),
    ("DeleteCompetitor", lambda d: changes.DeleteCompetitor(d.account_id, _row(d, Competitor).id, "it")),
    (
        "AddInitiative",
        lambda d: changes.AddInitiative(d.account_id, "Go electric", sponsor_id=d.people(1)[0].id),
    ),
    (
        "UpdateInitiative",
        lambda d: changes.UpdateInitiative(d.account_id, _row(d, Initiative).id, "it", description="Faster"),
    ),
    ("DeleteInitiative", lambda d: changes.DeleteInitiative(d.account_id, _row(d, Initiative).id, "it")),
    ("AddSpendZone", lambda d: changes.AddSpendZone(d.account_id, "Telematics", annual_spend=250_000)),
    (
        "UpdateSpendZone",
        lambda d: changes.UpdateSpendZone(d.account_id, _row(d, SpendZone).id, "it", shortcomings="Slow"),
    ),
    ("DeleteSpendZone", lambda d: changes.DeleteSpendZone(d.account_id, _row(d, SpendZone).id, "it")),
    # pursuit
    ("AddOpportunity", lambda d: changes.AddOpportunity(d.account_id, "Fleet renewal", currency="EUR")),
    (
        "UpdateOpportunity",
        lambda d: changes.UpdateOpportunity(
            d.account_id, d.open_deal().id, "it", probability=55, amount=90_000
        ),
    ),
    ("DeleteOpportunity", lambda d: changes.DeleteOpportunity(d.account_id, d.open_deal().id, "it")),
    (
        "SetCompetitors",
        lambda d: changes.SetCompetitors(d.account_id, d.open_deal().id, "it", [_row(d, Competitor).id]),
    ),
    ("SetStage", lambda d: _set_stage(d, SalesStage)),
    ("SetStage buying", lambda d: _set_stage(d, BuyingStage)),
    (
        "CloseDeal",
        lambda d: changes.CloseDeal(
            d.account_id,
            d.open_deal().id,
            "it",
            Outcome.LOST,
            "Price",
            won_by_id=_row(d, Competitor).id,
            on=TODAY,
        ),
    ),
    ("ReopenDeal", lambda d: changes.ReopenDeal(d.account_id, _closed_deal(d).id, "it")),
    (
        "AddStep",
        lambda d: changes.AddStep(d.account_id, "Security review", opportunity_id=d.open_deal().id),
    ),
    (
        "UpdateStep",
        lambda d: changes.UpdateStep(d.account_id, _row(d, DecisionStep).id, "it", notes="Needs SOC 2"),
    ),
    ("DeleteStep", lambda d: changes.DeleteStep(d.account_id, _row(d, DecisionStep).id, "it")),
    ("AddDependency", _step_that_may_wait),
    (
        "RemoveDependency",
        lambda d: changes.RemoveDependency(
            d.account_id,
            (dep := d.first(select(DecisionDependency).order_by(DecisionDependency.id))).step_id,
            dep.depends_on_id,
            "stop waiting",
        ),
    ),
    # qualification
    (
        "SetMeddpicc",
        lambda d: changes.SetMeddpicc(
            d.account_id, d.open_deal().id, MeddpiccLetter.CHAMPION, score=4, evidence="Signed the memo"
        ),
    ),
    (
        "AddRedFlag",
        lambda d: changes.AddRedFlag(d.account_id, "Budget frozen", opportunity_id=d.open_deal().id),
    ),
    (
        "UpdateRedFlag",
        lambda d: changes.UpdateRedFlag(d.account_id, _red_flag(d).id, "it", description="Worse"),
    ),
    ("DeleteRedFlag", lambda d: changes.DeleteRedFlag(d.account_id, _red_flag(d).id, "it")),
    (
        "AddCounterAction",
        lambda d: changes.AddCounterAction(
            d.account_id,
            "Find budget",
            red_flag_id=_red_flag(d).id,
            owner_id=_co_seller(d),
            due=TODAY + dt.timedelta(days=14),
            description="Ask the CFO",
        ),
    ),
    # journey
    (
        "AddMilestone",
        lambda d: changes.AddMilestone(d.account_id, "Pilot live", target_date=TODAY + dt.timedelta(days=30)),
    ),
    (
        "UpdateMilestone",
        lambda d: changes.UpdateMilestone(
            d.account_id, _row(d, Milestone).id, "it", target_date=TODAY + dt.timedelta(days=3)
        ),
    ),
    ("DeleteMilestone", lambda d: changes.DeleteMilestone(d.account_id, _row(d, Milestone).id, "it")),
    ("SetWhitespaceCell", _filled_whitespace_cell),
    ("SetWhitespaceCell new", _empty_whitespace_cell),
    ("UpdateNumbers", lambda d: changes.UpdateNumbers(d.account_id, win_rate_percent=40, quota=1_000_000)),
    # the seller's year: the demo's account executive has a plan for this calendar year
    ("UpdateSellerPlan", lambda d: _seller_plan_edit(d, 0, quota="1,750,000,000", cap=200_000_000)),
    ("UpdateSellerPlan new year", lambda d: _seller_plan_edit(d, 1, quota=1_900_000_000)),
    # exchange rates (the demo file below has two)
    ("SetExchangeRate", lambda d: changes.SetExchangeRate(d.account_id, 2027, "EUR", "JPY", "165.5")),
    ("SetExchangeRate changed", lambda d: changes.SetExchangeRate(d.account_id, 2026, "EUR", "JPY", "158")),
    ("DeleteExchangeRate", lambda d: changes.DeleteExchangeRate(d.account_id, 2026, "EUR", "JPY")),
    # the negotiation plan (the demo file gives the first open deal one)
    (
        "UpdatePrice",
        lambda d: changes.UpdatePrice(
            d.account_id, d.open_deal().id, "it", solution_final=True, target=1_100_000, walk_away=950_000
        ),
    ),
    (
        "UpdatePrice new plan",
        lambda d: changes.UpdatePrice(
            d.account_id, _deal_without_a_negotiation_plan(d).id, "it", price_low=10_000, price_high=20_000
        ),
    ),
    (
        "AddTerm",
        lambda d: changes.AddTerm(
            d.account_id,
            "Three-year term",
            opportunity_id=d.open_deal().id,
            side=TermSide.GIVE,
            customer_value="Budget certainty",
            our_cost=40_000,
        ),
    ),
    (
        "UpdateTerm",
        lambda d: changes.UpdateTerm(
            d.account_id, _row(d, NegotiationTerm).id, "it", status=TermStatus.OFFERED, our_cost=5_000
        ),
    ),
    ("DeleteTerm", lambda d: changes.DeleteTerm(d.account_id, _row(d, NegotiationTerm).id, "it")),
    ("MoveTerm", lambda d: changes.MoveTerm(d.account_id, _row(d, NegotiationTerm).id, "it", 1)),
    (
        "AddNegotiator",
        lambda d: changes.AddNegotiator(
            d.account_id,
            "Procurement",
            opportunity_id=d.open_deal().id,
            kind=NegotiatorKind.PROCUREMENT,
            stakeholder_id=d.people(1)[0].id,
            covered_by_id=_co_seller(d),
            notes="Wants 12 %",
        ),
    ),
    (
        "UpdateNegotiator",
        lambda d: changes.UpdateNegotiator(
            d.account_id, _row(d, Negotiator).id, "Legal", covered_by_id=_co_seller(d), notes="Cap"
        ),
    ),
    ("DeleteNegotiator", lambda d: changes.DeleteNegotiator(d.account_id, _row(d, Negotiator).id, "Legal")),
    (
        "AddApproval",
        lambda d: changes.AddApproval(
            d.account_id,
            "Discount over 20 %",
            opportunity_id=d.open_deal().id,
            approver="VP Sales",
            owner_id=_co_seller(d),
            due=TODAY,
        ),
    ),
    (
        "UpdateApproval",
        lambda d: changes.UpdateApproval(
            d.account_id, _row(d, DealApproval).id, "it", status=ApprovalStatus.REQUESTED, due=TODAY
        ),
    ),
    ("DeleteApproval", lambda d: changes.DeleteApproval(d.account_id, _row(d, DealApproval).id, "it")),
    # team
    (
        "AddToTeam",
        lambda d: changes.AddToTeam(
            d.account_id, "Mia Park", role=CoSellerRole.SOLUTION_CONSULTANT, responsibility="Demos"
        ),
    ),
    ("AddToTeam existing", _former_member),
    (
        "UpdateCoSeller",
        lambda d: changes.UpdateCoSeller(
            d.account_id, _co_seller(d), "them", title="Director", organisation="X"
        ),
    ),
    ("LeaveTeam", _leave_team),
    ("SetCoverage", _new_coverage),
    ("SetCoverage stronger", lambda d: _changed_coverage(d, RelationshipStrength.TRUSTED_ADVISOR)),
    ("SetCoverage none", lambda d: _changed_coverage(d, RelationshipStrength.NONE)),
    # meetings
    ("CreateMeeting", lambda d: changes.CreateMeeting(d.account_id, TODAY + dt.timedelta(days=21))),
    (
        "UpdateMeeting",
        lambda d: changes.UpdateMeeting(d.account_id, _row(d, Meeting).id, location="Hamburg", notes="Late"),
    ),
    ("SetAttendees", _attendees),
    (
        "AddDecision",
        lambda d: changes.AddDecision(
            d.account_id, _row(d, Meeting).id, "Run a second pilot", owner_id=_co_seller(d), due=TODAY
        ),
    ),
    ("HoldMeeting", _hold_meeting),
    # actions
    (
        "AddAction",
        lambda d: changes.AddAction(
            d.account_id, "Call the CFO", owner_id=_co_seller(d), due=TODAY, stakeholder_id=d.people(1)[0].id
        ),
    ),
    (
        "UpdateAction",
        lambda d: changes.UpdateAction(d.account_id, _action(d).id, "it", status=ActionStatus.DONE),
    ),
    ("DeleteAction", lambda d: changes.DeleteAction(d.account_id, _action(d).id, "it")),
    (
        "UpdateActions",
        lambda d: changes.UpdateActions(
            d.account_id, [_action(d).id, _action(d, 1).id], "postpone", due=TODAY + dt.timedelta(days=7)
        ),
    ),
    (
        "ReassignActions",
        lambda d: changes.ReassignActions(
            d.account_id, [_action(d).id, _action(d, 1).id, _action(d, 2).id], _co_seller(d), "reassign"
        ),
    ),
    (
        "DeleteActions",
        lambda d: changes.DeleteActions(d.account_id, [_action(d).id, _action(d, 1).id], "delete"),
    ),
    # the success plan
    (
        "UpdateSuccessPlan",
        lambda d: changes.UpdateSuccessPlan(d.account_id, "edit the plan", next_steps="Sign", title="Plan B"),
    ),
    (
        "AddSuccessItem",
        lambda d: changes.AddSuccessItem(d.account_id, "objective", "Fewer empty miles", target="-10 %"),
    ),
    (
        "AddSuccessItem milestone",
        lambda d: changes.AddSuccessItem(d.account_id, "milestone", "Go live", due=TODAY),
    ),
    (
        "UpdateSuccessItem",
        lambda d: changes.UpdateSuccessItem(
            d.account_id, "milestone", _success_item(d, SuccessMilestone).id, title="Live", due=TODAY
        ),
    ),
    (
        "DeleteSuccessItem",
        lambda d: changes.DeleteSuccessItem(
            d.account_id, "objective", _success_item(d, SuccessObjective).id, "it"
        ),
    ),
    (
        "MoveSuccessItem",
        lambda d: changes.MoveSuccessItem(d.account_id, "objective", _second_objective(d).id, -1),
    ),
    (
        "CustomerUpdates",
        lambda d: changes.CustomerUpdates(
            d.account_id,
            TODAY,
            [
                changes.UpdateSuccessItem(
                    d.account_id,
                    "milestone",
                    _success_item(d, SuccessMilestone).id,
                    status=MilestoneStatus.MISSED,
                ),
                changes.AddSuccessItem(d.account_id, "responsibility", "Open the gate at 6:00", due=TODAY),
            ],
        ),
    ),
]

#: The generic kinds: each case above is one of their subclasses.
GENERIC: set[type] = {
    Change,
    changes.AddRow,
    changes.UpdateRow,
    changes.DeleteRow,
    changes.Together,
    changes.DealStateChange,
}


def _subclasses(kind: type) -> set[type]:
    found: set[type] = set(kind.__subclasses__())
    for subclass in list(found):
        found |= _subclasses(subclass)
    return found


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo account in a database file, loaded once and copied for each case."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = Database.open(path, user="tester")
    load_demo(database, TODAY)
    with database.transaction() as session:  # rates to change and delete (they belong to no account)
        session.add_all(
            ExchangeRate(fiscal_year=2026, currency=currency, to_currency="JPY", rate=Decimal(rate))
            for currency, rate in (("EUR", "162.4"), ("USD", "151.25"))
        )
    with database.transaction() as session:
        _negotiation_of_the_demo(session)
    database.close()
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "plan.sqlite"
    shutil.copyfile(demo_file, path)
    database = Database.open(path, user="tester")
    yield database
    database.close()


#: Rows that only link two others: compared as sets, without their ids (see the module's docstring).
LINKS = ("stakeholder_roles", "opportunity_competitors", "meeting_attendees", "decision_dependencies")


def plan_of(database: Database) -> dict[str, Any]:
    """Every account's plan file, by account name, without the change log; every co-seller and rate."""
    with database.session() as session:
        plans: dict[str, Any] = {}
        for account_id, name in session.execute(select(Account.id, Account.name).order_by(Account.id)):
            document = export_account(session, account_id)
            del document["change_log"]  # history, appended to by every audited write (undo included)
            for section in LINKS:
                rows = ({k: v for k, v in row.items() if k != "id"} for row in document[section])
                document[section] = sorted(rows, key=lambda row: sorted(row.items()))
            plans[name] = document
        sellers = session.execute(select(CoSeller.__table__).order_by(CoSeller.id)).mappings()
        plans["co-sellers"] = [{k: v for k, v in row.items() if k != "version"} for row in sellers]
        rates = session.execute(select(ExchangeRate.__table__).order_by(ExchangeRate.id)).mappings()
        plans["exchange-rates"] = [{k: v for k, v in row.items() if k != "version"} for row in rates]
    return plans


def _without_created_at(plans: dict[str, Any]) -> dict[str, Any]:
    """The plans with the people's creation times left out."""
    found = dict(plans)
    for name, document in plans.items():
        if isinstance(document, dict) and "stakeholders" in document:
            people = [{k: v for k, v in row.items() if k != "created_at"} for row in document["stakeholders"]]
            found[name] = {**document, "stakeholders": people}
    return found


def differences(now: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """Where two exports differ, section by section and row by row (the first few), to read a failure."""
    found = []
    for account in sorted(set(now) | set(wanted)):
        mine, theirs = now.get(account), wanted.get(account)
        if not isinstance(mine, dict) or not isinstance(theirs, dict):
            if mine != theirs:
                found.append(f"{account}: {str(mine)[:300]} != {str(theirs)[:300]}")
            continue
        for section in sorted(set(mine) | set(theirs)):
            rows, wanted_rows = mine.get(section), theirs.get(section)
            if rows == wanted_rows:
                continue
            if isinstance(rows, list) and isinstance(wanted_rows, list):
                extra = [r for r in rows if r not in wanted_rows][:3]
                missing = [r for r in wanted_rows if r not in rows][:3]
                found.append(f"{account}/{section}: now also {extra}; no longer {missing}")
            else:
                found.append(f"{account}/{section}: {rows} != {wanted_rows}")
    return found


def run(database: Database, step: Callable[[Session], None]) -> None:
    with database.transaction() as session:
        step(session)


@pytest.mark.parametrize(("name", "build"), CASES, ids=[name for name, _ in CASES])
def test_a_change_taken_back_and_made_again_gives_the_same_plans(
    demo_db: Database, tmp_path: Path, name: str, build: Build
) -> None:
    with demo_db.session() as session:
        account_id = session.scalars(select(Account.id)).one()
        change = build(Demo(session, account_id, tmp_path))
    assert type(change).__name__ == name.split()[0]
    assert change.text
    before = plan_of(demo_db)

    run(demo_db, change.forward)
    after = plan_of(demo_db)
    assert after != before, f"{change!r} changed nothing in the plan file"

    run(demo_db, change.backward)
    undone = plan_of(demo_db)
    assert undone == before, differences(undone, before)

    run(demo_db, change.forward)
    redone = plan_of(demo_db)
    if isinstance(change, file_changes.ImportContacts):
        # A redone import reads the file again and writes its people anew: they are created at the redo.
        redone, after = _without_created_at(redone), _without_created_at(after)
    assert redone == after, differences(redone, after)

    run(demo_db, change.backward)
    undone = plan_of(demo_db)
    assert undone == before, differences(undone, before)


def test_every_kind_of_change_is_tried() -> None:
    for module in pkgutil.walk_packages(accountplan.__path__, "accountplan."):
        if not module.name.startswith(
            ("accountplan.ui", "accountplan.__main__", "accountplan.store.migrations")
        ):
            importlib.import_module(module.name)  # a change may be defined anywhere in the core
    tried = {name.split()[0] for name, _ in CASES}
    kinds = {
        kind.__name__ for kind in _subclasses(Change) - GENERIC if kind.__module__.startswith("accountplan.")
    }
    assert kinds - tried == set(), "a kind of change without a case in CASES"
    assert tried - kinds == set()


def test_a_person_added_then_edited_is_edited_again_after_undoing_and_redoing_both(demo_db: Database) -> None:
    """Redoing an addition gives the row back with its id, so the edit after it on the stack still finds it."""
    with demo_db.session() as session:
        account_id = session.scalars(select(Account.id)).one()
    added = changes.AddStakeholder(account_id, "Zoë Lefèvre")
    run(demo_db, added.forward)
    assert added.row_id is not None
    edited = changes.UpdateStakeholder(account_id, added.row_id, "Zoë", title="CIO")
    run(demo_db, edited.forward)
    both = plan_of(demo_db)

    run(demo_db, edited.backward)
    run(demo_db, added.backward)
    run(demo_db, added.forward)
    run(demo_db, edited.forward)

    assert plan_of(demo_db) == both
    with demo_db.session() as session:
        person = session.get(Stakeholder, added.row_id)
        assert person is not None and person.title == "CIO"
