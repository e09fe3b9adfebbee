"""The account plan's outlook: the 3-year journey by quarter, the whitespace map, the open actions, the numbers.

The numbers are the account's funnel and its seller's year across their accounts (quota, commission, the pay
of each open deal, a big deal's as a range).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from accountplan.analysis.seller_pay import PayRange
from accountplan.model.enums import MilestoneStatus, WhitespaceStatus
from accountplan.plan.actions import ActionRow
from accountplan.plan.seller_year import SellerYear
from accountplan.reports.account_plan_data import AccountPlanData
from accountplan.reports.account_plan_sections import DATE, day, money, say, section, titled
from accountplan.reports.document import TEXT_WIDTH, body, heading, table
from accountplan.reports.fonts import SANS, SANS_BOLD

__all__ = ["actions_section", "journey_section", "numbers_section", "seller_year_story", "whitespace_section"]

#: The abbreviation of each whitespace status in a cell of the map (an unknown cell stays blank).
STATUS_MARKS = {
    WhitespaceStatus.OURS: "O",
    WhitespaceStatus.COMPETITOR: "C",
    WhitespaceStatus.OPEN_OPPORTUNITY: "OP",
    WhitespaceStatus.NOT_A_FIT: "NF",
    WhitespaceStatus.UNKNOWN: "",
}
#: The share of the text width the org units take in the whitespace map.
UNIT_SHARE = 0.26
#: The widest a product line's column grows (points); a wider header wraps between its words.
MAX_COLUMN = 150.0
#: A table cell's padding on either side (reportlab's default).
CELL_PADDING = 6.0
_INDENT = "\u00a0\u00a0\u00a0"


def journey_section(data: AccountPlanData) -> list[Flowable]:
    """The twelve quarters from the start of this fiscal year: the milestones and the deals in each."""
    plan = data.journey
    if not plan.milestones and not plan.deals:
        story = say("No milestone and no deal with a date falls in the next twelve quarters yet.")
    else:
        milestones: dict[int, list[str]] = defaultdict(list)
        deals: dict[int, list[str]] = defaultdict(list)
        for quarter in plan.quarters:
            for item in plan.milestones:
                if quarter.start <= item.target_date <= quarter.end:
                    state = "late" if item.late else item.status.label.lower()
                    if item.status is MilestoneStatus.REACHED and item.reached_on:
                        state = f"reached {item.reached_on:%d %b}"
                    milestones[quarter.index].append(
                        f"{item.target_date:%d %b} · {item.title} ({item.phase.label}, {state})"
                    )
            for deal in plan.deals:
                if quarter.start <= deal.expected_close <= quarter.end:
                    where = deal.outcome.label if deal.outcome else deal.sales_stage.label
                    deals[quarter.index].append(
                        f"{deal.expected_close:%d %b} · {deal.name}, {money(deal.amount, deal.currency)} ({where})"
                    )
        rows = [
            (
                f"{q.title}\n{_months(q.start, q.end)}",
                "\n".join(milestones[q.index]) or "—",
                "\n".join(deals[q.index]) or "—",
            )
            for q in plan.quarters
        ]
        story = [table(("Quarter", "Milestones", "Deals closing"), rows, (0.2, 0.42, 0.38))]
    if plan.outside:
        story += say(f"{plan.outside} more milestones or deals fall outside these twelve quarters.")
    return section("The 3-year journey", story)


def _months(start: dt.date, end: dt.date) -> str:
    """A quarter's months: "Apr – Jun 2026", "Dec 2026 – Feb 2027"."""
    return f"{start:%b} – {end:%b %Y}" if start.year == end.year else f"{start:%b %Y} – {end:%b %Y}"


def _short(amount: Decimal) -> str:
    """A value shortened for a cell of the map: "48.6m", "250.0k", "900"."""
    value = float(amount)
    for limit, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:,.1f}{suffix}"
    return f"{value:,.0f}"


def _width(header: str, cells: list[str]) -> float:
    """The points a column needs to show its header's longest word and its widest cell on one line."""
    words = [stringWidth(word, SANS_BOLD.name, 9) for word in header.split()] or [0.0]
    texts = [stringWidth(text, SANS.name, 9) for text in cells] or [0.0]
    return min(MAX_COLUMN, max(*words, *texts) + 2 * CELL_PADDING)


def _line_groups(widths: list[float], room: float, last_extra: float) -> list[range]:
    """Consecutive product lines packed into tables as wide as ``room`` (the last one keeps room for the total)."""
    groups, start, used = [], 0, 0.0
    for index, width in enumerate(widths):
        if index > start and used + width > room:
            groups.append(range(start, index))
            start, used = index, 0.0
        used += width
    groups.append(range(start, len(widths)))
    if len(groups[-1]) > 1 and sum(widths[i] for i in groups[-1]) + last_extra > room:
        tail = groups.pop()
        groups += [range(tail.start, tail.stop - 1), range(tail.stop - 1, tail.stop)]
    return groups


def whitespace_section(data: AccountPlanData) -> list[Flowable]:
    """Org units against product lines: who holds each cell and what it could be worth, with the totals."""
    ws = data.whitespace
    if not ws.units or not ws.lines:
        return section(
            "Whitespace map",
            say("The map needs org units and product lines; add them to see the whitespace."),
        )
    story = body(
        f"O ours, C a competitor's incumbent, OP an open opportunity, NF not a fit; a value alone: status unknown. Values are "
        f"the potential in {ws.currency}; the totals add up the whitespace still to win (neither ours nor "
        f"not a fit): {money(ws.total, ws.currency)} in all."
    )
    columns = []
    for line_id, name in ws.lines:
        cells = []
        for unit_id, _, _ in ws.units:
            cell = ws.cells.get((unit_id, line_id))
            value = "" if cell is None or cell.potential_value is None else _short(cell.potential_value)
            cells.append(f"{STATUS_MARKS[cell.status]} {value}".strip() if cell else "")
        columns.append((name, cells, _short(ws.column_totals.get(line_id, Decimal(0)))))
    unit_cells = [_INDENT * depth + name for _, name, depth in ws.units]
    totals = [_short(ws.row_totals.get(unit_id, Decimal(0))) for unit_id, _, _ in ws.units] + [
        _short(ws.total)
    ]
    total_width = _width("To win", totals)
    unit_width = UNIT_SHARE * TEXT_WIDTH
    widths = [_width(name, [*cells, total]) for name, cells, total in columns]
    groups = _line_groups(widths, TEXT_WIDTH - unit_width, total_width)
    for number, group in enumerate(groups, start=1):
        last = number == len(groups)
        header = ["Org unit", *(columns[i][0] for i in group)] + (["To win"] if last else [])
        rows = [
            [unit, *(columns[i][1][row] for i in group)] + ([totals[row]] if last else [])
            for row, unit in enumerate(unit_cells)
        ]
        rows.append(["To win", *(columns[i][2] for i in group)] + ([totals[-1]] if last else []))
        shares = [widths[i] for i in group] + ([total_width] if last else [])
        spare = (TEXT_WIDTH - unit_width - sum(shares)) / len(shares)
        story.append(table(header, rows, (UNIT_SHARE, *((w + spare) / TEXT_WIDTH for w in shares))))
        if not last:
            story.append(Spacer(1, 12))
    return section("Whitespace map", story)


def _by_owner(rows: list[ActionRow]) -> list[tuple[str, list[ActionRow]]]:
    """The actions grouped by owner, the owners with the most first, each owner's in the order given."""
    groups: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        groups[row.owner or "Nobody yet"].append(row)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0].casefold()))


def _action_table(rows: list[ActionRow], *, late: bool) -> Flowable:
    cells = []
    for owner, owned in _by_owner(rows):
        for number, row in enumerate(owned):
            who = f"{owner} ({len(owned)})" if number == 0 else ""
            days = [f"{row.days_overdue} d"] if late else []
            cells.append((who, row.title, day(row.due), *days, row.status.label, row.purpose or "—"))
    if late:
        return table(
            ("Owner", "Action", "Due", "Late", "Status", "For"), cells, (0.17, 0.27, DATE, 0.09, 0.13, 0.19)
        )
    return table(("Owner", "Action", "Due", "Status", "For"), cells, (0.17, 0.33, DATE, 0.13, 0.22))


def actions_section(data: AccountPlanData) -> list[Flowable]:
    """The open actions by owner: the overdue ones first, then those still in time."""
    if not data.actions:
        return section("Actions", say("No action is open."))
    overdue = [row for row in data.actions if row.overdue]
    in_time = [row for row in data.actions if not row.overdue]
    story = body(f"{len(data.actions)} open actions, {len(overdue)} of them overdue.")
    if overdue:
        story += titled(f"Overdue ({len(overdue)})", _action_table(overdue, late=True))
    if in_time:
        story += titled(f"Not yet due ({len(in_time)})", _action_table(in_time, late=False))
    return section("Actions", story)


def numbers_section(data: AccountPlanData) -> list[Flowable]:
    """The seller's numbers: the funnel's inputs, the reverse funnel by quarter and week, and the seller's year."""
    view = data.numbers
    inputs, currency = view.inputs, view.inputs.currency
    rows = [
        ("Target", money(inputs.target, currency)),
        ("Average deal", money(inputs.average_deal, currency)),
        ("Win rate", f"{inputs.win_rate} %"),
        ("Sales cycle", f"{inputs.cycle_months} months"),
        (
            "Conversion",
            f"{inputs.stage1_to_qualified} % of stage-1 opportunities qualify; "
            f"{inputs.meeting_to_stage1} % of meetings open one; {inputs.outreach_to_meeting} % of outreach "
            "gets a meeting",
        ),
    ]
    story: list[Flowable] = [heading("Inputs", level=2), table(("Input", "Value"), rows, (0.25, 0.75))]
    story.append(heading("The reverse funnel", level=2))
    funnel = view.funnel
    if funnel is None:
        story += say("Set a target and an average deal size to see the funnel the target needs.")
    else:
        stages = [
            ("Deals to win", funnel.deals),
            ("Qualified opportunities", funnel.qualified),
            ("Stage-1 opportunities", funnel.stage1),
            ("Meetings", funnel.meetings),
            ("Outreach", funnel.outreach),
        ]
        story.append(table(("Funnel stage", "Needed"), [(n, f"{c:,}") for n, c in stages], (0.5, 0.5)))
        stage1, meetings, outreach = funnel.per_week
        story += body(
            f"Per selling week: {stage1:.1f} stage-1 opportunities, {meetings:.1f} meetings, "
            f"{outreach:.1f} outreach."
        )
        if funnel.per_quarter:
            quarters = [(label, str(closing), str(created)) for label, closing, created in funnel.per_quarter]
            story.append(
                table(("Quarter", "Deals closing", "Qualified to create"), quarters, (0.34, 0.33, 0.33))
            )
    story += seller_year_story(data.seller_year)
    return section("The numbers", story)


def pay_range(pay: PayRange, currency: str, sign: str = "") -> str:
    """Pay as one amount, or as a range when a big deal may be re-evaluated: "USD 68,000 – 98,000"."""
    if pay.single:
        return sign + money(pay.high, currency)
    return f"{sign}{money(pay.low, currency)} – {sign}{pay.high:,.0f}"


def seller_year_story(year: SellerYear | None) -> list[Flowable]:
    """The year of the account's seller across their accounts: the plan, the bookings, the pay, each open deal."""
    if year is None:
        return [
            heading("The seller's year", level=2),
            *say("The deal team has no account executive: quota and commission belong to a seller."),
        ]
    plan, currency = year.plan, year.plan.currency
    story: list[Flowable] = [heading(f"{year.seller}'s year, {year.title}", level=2)]
    tiers = "; ".join(f"from {start} % of quota: {rate:g} %" for start, rate in plan.tiers) or "—"
    threshold = money(plan.threshold, currency) if plan.threshold is not None else "—"
    rows = [
        (
            "Fiscal year",
            f"{year.title}: {year.start.day} {year.start:%b %Y} – {year.end.day} {year.end:%b %Y}",
        ),
        ("Accounts", ", ".join(year.accounts) or "—"),
        ("Quota", money(plan.quota, currency)),
        ("Commission", tiers),
        ("Cap", money(plan.cap, currency) if plan.cap is not None else "No cap"),
        ("Big deal", f"more than {plan.big_deal_percent} % of quota ({threshold})"),
    ]
    if not year.stored:
        rows.append(("Plan", f"Not planned yet for {year.title}: the values a new plan starts from"))
    story.append(table(("The plan", "Value"), rows, (0.25, 0.75)))
    earned = year.earnings
    if earned is None:
        story += say(f"Set {year.seller}'s quota for {year.title} to see attainment and pay.")
        return story + _conversion_notes(year)
    accounts = f"{len(year.accounts)} account{'s' if len(year.accounts) != 1 else ''}"
    capped = f", held by the cap of {money(plan.cap, currency)}" if earned.capped else ""
    story += body(
        f"Booked in {year.title} across {accounts}: {money(earned.booked, currency)}, "
        f"{earned.attainment:.0f} % of quota, paying {pay_range(earned.pay, currency)}{capped}. With every "
        f"open deal counted at its probability: {earned.weighted_attainment:.0f} % of quota, paying "
        f"{pay_range(earned.weighted_pay, currency)}."
    )
    # Each deal's account is said when the year's deals come from more than one.
    several = len({deal.account_id for deal in year.won} | {deal.account_id for deal in year.open_deals}) > 1
    if year.won:
        big = {deal.opportunity_id for deal in earned.big_won}
        won = [
            (
                deal.name + (" (big deal)" if deal.opportunity_id in big else ""),
                *([deal.account] if several else []),
                money(deal.amount, currency),
            )
            for deal in year.won
        ]
        header = ("Won", "Account", "Amount") if several else ("Won", "Amount")
        story.append(table(header, won, (0.45, 0.3, 0.25) if several else (0.7, 0.3)))
    if earned.effects:
        effects = [
            (
                effect.name
                + ("" if effect.expected_in_year else f"\nExpected after {year.title}")
                + ("\nBig deal: a range, its pay may be re-evaluated" if effect.big_deal else ""),
                *([effect.account] if several else []),
                money(effect.amount, currency),
                f"{effect.attainment_after:.0f} %",
                pay_range(effect.pay_after, currency),
                pay_range(effect.pay_gain, currency, "+"),
            )
            for effect in earned.effects
        ]
        header = ("If we win", *(("Account",) if several else ()), "Amount", "Of quota", "Pay after", "Gain")
        widths = (0.2, 0.14, 0.17, 0.09, 0.2, 0.2) if several else (0.25, 0.19, 0.1, 0.23, 0.23)
        story.append(table(header, effects, widths))
    if earned.big_won or any(effect.big_deal for effect in earned.effects):
        story += body(
            f"A deal of more than {plan.big_deal_percent} % of the quota ({threshold}) may have its pay "
            "re-evaluated under the big-deal clause: its pay is a range, from the pay with the deal counted "
            "only up to the threshold, to the pay under the plan."
        )
    return story + _conversion_notes(year)


def _conversion_notes(year: SellerYear) -> list[Flowable]:
    notes = []
    if year.rates:
        notes.append(f"Amounts converted to {year.plan.currency} at {'; '.join(year.rates)}.")
    if year.not_converted:
        listed = ", ".join(
            f"{deal.name} ({deal.account}, {money(deal.amount, deal.currency)})"
            for deal in year.not_converted
        )
        notes.append(f"Not converted and left out, no {year.title} rate into {year.plan.currency}: {listed}.")
    if year.later:
        notes.append(
            f"{year.later} of the open deals are expected after {year.title}: the table shows what they would do "
            "if won in it, and the weighted figures leave them out."
        )
    return body(" ".join(notes)) if notes else []
