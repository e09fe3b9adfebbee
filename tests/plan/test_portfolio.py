"""The portfolio on accounts built from nothing: each line's figures, and when a seller is landlocked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accountplan.analysis.findings import uncovered_decisive
from accountplan.analysis.graph_loading import read_graphs
from accountplan.analysis.portfolio import landlocked, percent_text
from accountplan.interchange.demo import load_demo
from accountplan.model import AccountFit, ChangeLogEntry, ExchangeRate, Meeting, SellerPlan
from accountplan.model.enums import (
    ActionStatus,
    BuyingRole,
    CoSellerRole,
    FitCriterion,
    ForecastCategory,
    MeetingStatus,
    Outcome,
    RelationshipStrength,
)
from accountplan.plan import account_fit, changes
from accountplan.plan.accounts import create_account, update_account
from accountplan.plan.actions import add_action, update_action
from accountplan.plan.coverage import set_coverage
from accountplan.plan.opportunities import add_opportunity, close_opportunity
from accountplan.plan.portfolio import Portfolio, PortfolioRow, read_portfolio
from accountplan.plan.stakeholders import add_stakeholder, mark_departed
from accountplan.plan.team import add_co_seller, join_team, leave_team
from accountplan.store.database import Database

TODAY = dt.date(2026, 6, 15)
PIPE, BEST, COMMIT = ForecastCategory.PIPELINE, ForecastCategory.BEST_CASE, ForecastCategory.COMMIT


@dataclass
class Book:
    """Three accounts: Lars sells Hoshino (USD) and Nordwind (EUR), Mia sells Acme Rail; Ines owns one deal."""

    hoshino: int
    nordwind: int
    acme: int
    lars: int
    mia: int
    ines: int
    sven: int


def _deal(
    session: Session, account_id: int, name: str, amount: int, category: ForecastCategory, **more: object
) -> int:
    return add_opportunity(
        session,
        account_id,
        name,
        amount=Decimal(amount),
        forecast_category=category,
        expected_close=more.pop("expected_close", dt.date(2026, 9, 30)),
        **more,
    )


@pytest.fixture
def book(db: Database) -> Book:
    with db.transaction() as session:
        hoshino = create_account(session, "Hoshino Logistics", currency="USD")
        nordwind = create_account(session, "Nordwind Freight", currency="EUR")
        acme = create_account(session, "Acme Rail", currency="USD")
        lars = add_co_seller(session, "Lars Pettersson", CoSellerRole.ACCOUNT_EXECUTIVE)
        mia = add_co_seller(session, "Mia Tanaka", CoSellerRole.ACCOUNT_EXECUTIVE)
        ines = add_co_seller(session, "Ines Duarte", CoSellerRole.SPECIALIST)
        sven = add_co_seller(session, "Sven Ek", CoSellerRole.SOLUTION_CONSULTANT)
        for account, people in ((hoshino, (lars, ines, sven)), (nordwind, (lars,)), (acme, (mia,))):
            for person in people:
                join_team(session, account, person)
        session.add(ExchangeRate(fiscal_year=2026, currency="EUR", to_currency="USD", rate=Decimal("1.25")))
        # Hoshino: 100k pipeline, 50k best case, 30k commit (180k open), an omitted and a lost deal, one won.
        _deal(session, hoshino, "Yard automation", 100_000, PIPE)
        _deal(session, hoshino, "Dock scheduling", 50_000, BEST)
        _deal(session, hoshino, "Cold chain", 30_000, COMMIT)
        _deal(session, hoshino, "Moonshot", 999_000, ForecastCategory.OMITTED)
        lost = _deal(session, hoshino, "Old renewal", 70_000, PIPE)
        close_opportunity(session, lost, Outcome.LOST, "Price", on=dt.date(2026, 3, 1))
        won = _deal(session, hoshino, "Pilot", 200_000, COMMIT)
        close_opportunity(session, won, Outcome.WON, "Fit", on=dt.date(2026, 2, 10))
        # Ines's own deal in Hoshino: hers, not Lars's.
        _deal(session, hoshino, "Analytics add-on", 40_000, PIPE, owner_id=ines)
        # Nordwind: EUR 144,000 of pipeline = USD 180,000, exactly as much as Hoshino's open pipeline.
        _deal(session, nordwind, "Fleet telematics", 144_000, PIPE, currency="EUR")
        _deal(session, acme, "Signalling study", 10_000, BEST)
        # Meetings: one past (planned, never held), two ahead; Acme none.
        for day, status in (
            (dt.date(2026, 6, 1), MeetingStatus.PLANNED),
            (dt.date(2026, 8, 20), MeetingStatus.PLANNED),
            (dt.date(2026, 7, 2), MeetingStatus.PLANNED),
        ):
            session.add(Meeting(account_id=hoshino, held_on=day, status=status))
        session.add(Meeting(account_id=nordwind, held_on=dt.date(2026, 5, 5), status=MeetingStatus.HELD))
        # Actions: two overdue (open, in progress); done, cancelled, due today and later ones are not.
        yesterday = TODAY - dt.timedelta(days=1)
        for title, due, status in (
            ("Send the proposal", yesterday, ActionStatus.OPEN),
            ("Book the site visit", dt.date(2026, 1, 9), ActionStatus.IN_PROGRESS),
            ("Call back", yesterday, ActionStatus.DONE),
            ("Drop it", yesterday, ActionStatus.CANCELLED),
            ("Today's call", TODAY, ActionStatus.OPEN),
            ("Later", TODAY + dt.timedelta(days=3), ActionStatus.OPEN),
        ):
            action = add_action(session, hoshino, title, due=due)
            if status is not ActionStatus.OPEN:
                update_action(session, action, status=status)
        add_action(session, acme, "Overdue at Acme", due=yesterday)
        # People of Hoshino.
        eb = add_stakeholder(session, hoshino, "Kenji Hoshino", roles=[BuyingRole.ECONOMIC_BUYER])
        dm = add_stakeholder(session, hoshino, "Aiko Mori", roles=[BuyingRole.DECISION_MAKER])
        heavy = add_stakeholder(session, hoshino, "Taro Ueda", influence=4)
        light = add_stakeholder(session, hoshino, "Emi Sato", influence=2)
        gone = add_stakeholder(session, hoshino, "Jun Ito", influence=5)
        mark_departed(session, gone, dt.date(2026, 1, 1))
        left_behind = add_stakeholder(session, hoshino, "Yui Kato", roles=[BuyingRole.DECISION_MAKER])
        set_coverage(session, sven, dm, RelationshipStrength.WORKING)
        set_coverage(session, sven, heavy, RelationshipStrength.BRIEF)
        set_coverage(session, ines, left_behind, RelationshipStrength.STRONG)
        leave_team(session, hoshino, ines, TODAY)  # her coverage of Yui no longer counts
        set_coverage(session, sven, light, RelationshipStrength.NONE)
        assert eb
        # Fit: three criteria met at Hoshino, one written but not met.
        for criterion in (
            FitCriterion.GROWING_REVENUE,
            FitCriterion.COMPELLING_EVENT,
            FitCriterion.BUDGET_OWNER_KNOWN,
        ):
            account_fit.set_fit(session, hoshino, criterion, met=True)
        account_fit.set_fit(session, hoshino, FitCriterion.TRANSFORMATION, met=False, note="Not yet")
    return Book(hoshino, nordwind, acme, lars, mia, ines, sven)


def _portfolio(db: Database, today: dt.date = TODAY) -> Portfolio:
    with db.session() as session:
        return read_portfolio(session, today)


def _row(portfolio: Portfolio, name: str) -> PortfolioRow:
    return next(row for row in portfolio.rows if row.name == name)


def test_every_account_is_a_line_by_name(db: Database, book: Book) -> None:
    portfolio = _portfolio(db)
    assert [row.name for row in portfolio.rows] == ["Acme Rail", "Hoshino Logistics", "Nordwind Freight"]
    assert [row.seller for row in portfolio.rows] == ["Mia Tanaka", "Lars Pettersson", "Lars Pettersson"]


def test_open_pipeline_by_forecast_category(db: Database, book: Book) -> None:
    hoshino = _row(_portfolio(db), "Hoshino Logistics")
    assert hoshino.currency == "USD"
    assert hoshino.pipeline[PIPE] == Decimal(140_000)  # Ines's deal is the account's too
    assert hoshino.pipeline[BEST] == Decimal(50_000)
    assert hoshino.pipeline[COMMIT] == Decimal(30_000)
    assert ForecastCategory.OMITTED not in hoshino.pipeline  # the omitted deal is left out, as the lost one
    assert hoshino.pipeline[ForecastCategory.CLOSED] == Decimal(200_000)  # won this (calendar) year
    assert hoshino.open_pipeline == Decimal(220_000)
    nordwind = _row(_portfolio(db), "Nordwind Freight")
    assert (nordwind.currency, nordwind.pipeline[PIPE], nordwind.open_pipeline) == ("EUR", 144_000, 144_000)


def test_a_deal_in_another_currency_is_converted_or_named(db: Database, book: Book) -> None:
    with db.transaction() as session:
        _deal(session, book.nordwind, "US subsidiary", 125_000, PIPE, currency="USD")
        _deal(session, book.nordwind, "UK depot", 5_000, PIPE, currency="GBP")
    nordwind = _row(_portfolio(db), "Nordwind Freight")
    assert nordwind.pipeline[PIPE] == Decimal(144_000 + 100_000)  # USD 125k at 1.25 USD a euro
    (gap,) = nordwind.unconverted
    assert gap.startswith("UK depot (Nordwind Freight): GBP 5,000") and "not converted" in gap
    assert "1 EUR = 1.25 USD (FY2026)" in nordwind.basis


def test_the_next_alignment_meeting_is_the_first_planned_from_today(db: Database, book: Book) -> None:
    portfolio = _portfolio(db)
    assert _row(portfolio, "Hoshino Logistics").next_meeting == dt.date(2026, 7, 2)
    assert _row(portfolio, "Nordwind Freight").next_meeting is None  # only a held one
    assert _row(portfolio, "Acme Rail").next_meeting is None
    assert _row(_portfolio(db, dt.date(2026, 7, 3)), "Hoshino Logistics").next_meeting == dt.date(2026, 8, 20)


def test_overdue_actions_are_those_due_before_today_and_not_closed(db: Database, book: Book) -> None:
    portfolio = _portfolio(db)
    assert _row(portfolio, "Hoshino Logistics").overdue_actions == 2
    assert _row(portfolio, "Acme Rail").overdue_actions == 1
    assert _row(portfolio, "Nordwind Freight").overdue_actions == 0


def test_decisive_people_without_working_coverage(db: Database, book: Book) -> None:
    hoshino = _row(_portfolio(db), "Hoshino Logistics")
    # the economic buyer first; Aiko is covered at working strength; Jun has left; Yui's cover left the team
    assert hoshino.uncovered_decisive == ("Kenji Hoshino", "Yui Kato", "Taro Ueda")
    assert _row(_portfolio(db), "Acme Rail").uncovered_decisive == ()


def test_the_uncovered_decisive_people_are_the_findings_ones_on_the_demo(db: Database) -> None:
    load_demo(db)
    with db.session() as session:
        portfolio = read_portfolio(session, dt.date.today())
        (row,) = portfolio.rows
        findings = uncovered_decisive(read_graphs(session, row.id))
    assert len(row.uncovered_decisive) == len(findings) > 0
    assert all(
        finding.text.startswith(name) for name, finding in zip(row.uncovered_decisive, findings, strict=True)
    )


def test_the_last_update_is_the_latest_change_of_the_account(db: Database, book: Book) -> None:
    before = _portfolio(db)
    with db.session() as session:
        latest = session.scalar(
            select(func.max(ChangeLogEntry.at)).where(ChangeLogEntry.account_id == book.nordwind)
        )
    assert _row(before, "Nordwind Freight").last_update == latest
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).replace(microsecond=0)
    with db.transaction() as session:
        session.info["now"] = later
        update_account(session, book.acme, industry="Rail")
    after = _portfolio(db)
    assert _row(after, "Acme Rail").last_update == later
    assert _row(after, "Nordwind Freight").last_update == _row(before, "Nordwind Freight").last_update


def test_the_fit_score_counts_the_criteria_met(db: Database, book: Book) -> None:
    portfolio = _portfolio(db)
    hoshino = _row(portfolio, "Hoshino Logistics")
    assert hoshino.fit == (
        FitCriterion.GROWING_REVENUE,
        FitCriterion.COMPELLING_EVENT,
        FitCriterion.BUDGET_OWNER_KNOWN,
    )
    assert (hoshino.fit_score, hoshino.fit_text) == (3, "3 of 6")
    assert _row(portfolio, "Acme Rail").fit_text == "0 of 6"
    with db.session() as session:
        lines = account_fit.fit_checklist(session, book.hoshino)
    assert [line.criterion for line in lines] == list(FitCriterion)
    assert [line.note for line in lines if line.note] == ["Not yet"]


def test_ticking_a_criterion_is_undone_and_redone(db: Database, book: Book) -> None:
    def score() -> int:
        return _row(_portfolio(db), "Acme Rail").fit_score

    tick = changes.SetFit(
        book.acme, FitCriterion.EXECUTIVE_RELATIONSHIPS, met=True, note="Our CEO knows theirs"
    )
    with db.transaction() as session:
        tick.forward(session)
    assert score() == 1
    with db.transaction() as session:
        tick.backward(session)
    assert score() == 0
    with db.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(AccountFit).where(AccountFit.account_id == book.acme)
            )
            == 0
        )
    with db.transaction() as session:
        tick.forward(session)
    with db.session() as session:
        (line,) = [line for line in account_fit.fit_checklist(session, book.acme) if line.met]
    assert line.note == "Our CEO knows theirs"
    untick = changes.SetFit(book.acme, FitCriterion.EXECUTIVE_RELATIONSHIPS, met=False)
    with db.transaction() as session:
        untick.forward(session)
    assert score() == 0
    with db.transaction() as session:
        untick.backward(session)
    assert score() == 1
    assert untick.text == "untick 'our executive relationships'" and tick.text.startswith("tick")


# --- landlocked -----------------------------------------------------------------------------------


def test_exactly_half_of_a_sellers_pipeline_is_not_landlocked(db: Database, book: Book) -> None:
    warnings = _portfolio(db).warnings
    # Lars: Hoshino USD 180k open (Ines's deal is hers), Nordwind EUR 144k = USD 180k: exactly half each.
    assert not [w for w in warnings if "Lars Pettersson's open pipeline" in w]


def test_more_than_half_of_a_sellers_pipeline_is_landlocked(db: Database, book: Book) -> None:
    with db.transaction() as session:
        _deal(session, book.hoshino, "Spare parts", 1, PIPE)
    warnings = _portfolio(db).warnings
    assert (
        "Landlocked: Hoshino Logistics holds 50.0 % of Lars Pettersson's open pipeline (USD 180.0k of USD 360.0k)."
        not in warnings
    )
    (lars,) = [w for w in warnings if "Lars Pettersson's open pipeline" in w]
    assert lars.startswith(
        "Landlocked: Hoshino Logistics holds just over 50 % of Lars Pettersson's open pipeline"
    )


def test_a_seller_with_one_account_is_landlocked_in_it(db: Database, book: Book) -> None:
    warnings = _portfolio(db).warnings
    assert (
        "Landlocked: Acme Rail holds 100 % of Mia Tanaka's open pipeline (USD 10.0k of USD 10.0k)."
        in warnings
    )
    assert (
        "Landlocked: Hoshino Logistics holds 100 % of Ines Duarte's open pipeline (USD 40.0k of USD 40.0k)."
        in warnings
    )


def test_expected_bookings_are_commit_and_closed_in_the_sellers_year(db: Database, book: Book) -> None:
    warnings = _portfolio(db).warnings
    # Hoshino: commit 30k + won 200k in 2026; Nordwind nothing committed or closed.
    assert (
        "Landlocked: Hoshino Logistics holds 100 % of Lars Pettersson's expected bookings for FY2026 "
        "(commit and closed) (USD 230.0k of USD 230.0k)." in warnings
    )
    with db.transaction() as session:
        _deal(session, book.nordwind, "Telematics phase 2", 184_000, COMMIT, currency="EUR")  # USD 230k
    assert not [w for w in _portfolio(db).warnings if "Lars Pettersson's expected bookings" in w]


def test_the_sellers_fiscal_year_decides_what_is_booked_this_year(db: Database, book: Book) -> None:
    with db.transaction() as session:
        session.add(SellerPlan(co_seller_id=book.lars, fiscal_year=2026, year_starts_month=4, currency="USD"))
    warnings = _portfolio(db).warnings
    # From April 2026 the February win belongs to last year: only the 30k commit is this year's.
    (lars,) = [w for w in warnings if "Lars Pettersson's expected bookings" in w]
    assert "for FY2026/27 (commit and closed) (USD 30.0k of USD 30.0k)" in lars


def test_a_missing_exchange_rate_is_said_not_guessed(db: Database, book: Book) -> None:
    with db.transaction() as session:
        session.execute(ExchangeRate.__table__.delete())
    warnings = _portfolio(db).warnings
    assert (
        "Cannot tell whether Lars Pettersson is landlocked: there is no FY2026 exchange rate from EUR to USD, "
        "the currency Lars Pettersson's accounts are weighed in." in warnings
    )
    assert not [w for w in warnings if w.startswith("Landlocked") and "Lars" in w]


def test_the_landlocked_rule_on_its_own() -> None:
    half = landlocked("Ana", "open pipeline", {"A": Decimal(50), "B": Decimal(50)}, "USD")
    assert half == []
    (lock,) = landlocked("Ana", "open pipeline", {"A": Decimal("50.01"), "B": Decimal("49.99")}, "USD")
    assert (lock.account, percent_text(lock.share)) == ("A", "just over 50 %")
    assert landlocked("Ana", "open pipeline", {"A": Decimal(0)}, "USD") == []
    assert percent_text(Decimal("0.504")) == "50.4 %"
    assert percent_text(Decimal("0.62")) == "62 %"
