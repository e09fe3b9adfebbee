"""The account plan's deals: both processes, negotiation plans, win / loss, decisions, MEDDPICC, red flags."""

from __future__ import annotations

import datetime as dt
from itertools import zip_longest

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from accountplan.analysis.decision_path import PathAnalysis
from accountplan.analysis.qualification import QualificationFinding
from accountplan.analysis.stages import StageSpell
from accountplan.model.enums import MEDDPICC_MAX_SCORE, Severity
from accountplan.plan.negotiation import NegotiationView, amount_text, price_sentence
from accountplan.plan.opportunities import OpportunityRow
from accountplan.reports.account_plan_data import AccountPlanData, DealFile
from accountplan.reports.account_plan_sections import DATE, bullets, day, money, say, section
from accountplan.reports.document import body, heading, style, table
from accountplan.reports.markup import markup

__all__ = [
    "decision_section",
    "opportunities_section",
    "qualification_section",
    "red_flags_section",
    "win_loss_section",
]

_NO_OPEN_DEAL = "There is no open deal."


def _status(deal: OpportunityRow) -> str:
    if deal.outcome is None:
        return "Open"
    if deal.won_by:
        return f"Lost to {deal.won_by}, {day(deal.closed_on)}"
    return f"{deal.outcome.label}, {day(deal.closed_on)}"


def _spell_cells(spell: StageSpell | None) -> tuple[str, str, str]:
    if spell is None:
        return ("", "", "")
    return (
        spell.stage.label,
        day(spell.entered),
        f"{spell.days} (now)" if spell.current else str(spell.days),
    )


def _deal_story(file: DealFile) -> list[Flowable]:
    deal = file.deal
    story: list[Flowable] = [heading(deal.name, level=2)]
    rivals = ", ".join(
        f"{name} (incumbent)" if incumbent else name for _, name, incumbent in deal.competitors
    )
    facts = [
        ("Compelling event", deal.compelling_event),
        ("Competitors", rivals),
        ("Our differentiators", deal.differentiators),
    ]
    story += [piece for label, text in facts if text.strip() for piece in body(f"{label}: {text}")]
    history = file.history
    if history.sales or history.buying:
        rows = [
            (*_spell_cells(ours), *_spell_cells(theirs))
            for ours, theirs in zip_longest(history.sales, history.buying)
        ]
        story.append(
            table(
                ("Our stage", "Entered", "Days", "Their stage", "Entered", "Days"),
                rows,
                (0.2, DATE, 0.11, 0.28, DATE, 0.11),
            )
        )
    else:
        story += say("No stage history is recorded for this deal.")
    if deal.warnings:
        story += bullets(f"{warning.severity.label}: {warning.text}" for warning in deal.warnings)
    else:
        story += say("No warning: the two processes are in step, nothing is stuck, the close has held.")
    if deal.internal_notes.strip():
        story += body(f"Internal notes: {deal.internal_notes}")
    return story + _negotiation_story(file.negotiation)


def _negotiation_story(plan: NegotiationView) -> list[Flowable]:
    """The deal's negotiation plan (internal): the price, what to watch, gives and gets, negotiators, approvals."""
    lead = Paragraph(
        markup("Negotiation plan", bold=True),
        ParagraphStyle("lead", parent=style("body"), spaceBefore=8, keepWithNext=True),
    )
    if plan.is_empty:
        return [lead, *say("No negotiation plan yet: no price range, give or get, negotiator or approval.")]
    currency = plan.currency
    price = plan.price
    story: list[Flowable] = [lead, *body(price_sentence(price, currency))]
    if price.solution_final and (price.price_low is not None or price.price_high is not None):
        story += say(
            f"The directional range before the mix was final: {amount_text(price.price_low, currency)} to "
            f"{amount_text(price.price_high, currency)}."
        )
    if plan.price.notes.strip():
        story += body(f"Negotiation notes: {plan.price.notes}")
    story += bullets(f"{finding.severity.label}: {finding.text}" for finding in plan.findings)
    if plan.terms:
        rows = [
            (
                term.side.label,
                term.text,
                term.customer_value or "—",
                amount_text(term.our_cost, currency),
                term.status.label,
            )
            for term in plan.terms
        ]
        story.append(
            table(
                ("Give / get", "What", "Worth to them", "Cost to us", "Status"),
                rows,
                (0.11, 0.3, 0.28, 0.18, 0.13),
            )
        )
        story += say(f"The gives on the table cost us {amount_text(plan.give_cost, currency)}.")
    if plan.negotiators:
        layers = [
            (
                layer.kind.label,
                (f"{layer.stakeholder} (left)" if layer.departed else layer.stakeholder) or "Not known yet",
                (f"{layer.covered_by} (left the team)" if layer.coverer_left else layer.covered_by)
                or "Nobody",
                layer.notes or "—",
            )
            for layer in plan.negotiators
        ]
        story.append(
            table(("Their negotiators", "Person", "Covered by", "Notes"), layers, (0.18, 0.27, 0.2, 0.35))
        )
    if plan.approvals:
        asks = [
            (
                approval.what,
                approval.approver or "—",
                approval.owner or "Nobody",
                approval.status.label,
                f"{day(approval.due)}\nOverdue" if approval.overdue else day(approval.due),
            )
            for approval in plan.approvals
        ]
        story.append(
            table(
                ("Approval needed", "Approver", "Owner", "Status", "Due"),
                asks,
                (0.33, 0.19, 0.18, 0.15, DATE),
            )
        )
    return story


def opportunities_section(data: AccountPlanData) -> list[Flowable]:
    """Every deal in a table, then each open deal's sales and buying stages side by side, and its warnings."""
    if not data.deals:
        return section("Opportunities and the two processes", say("No opportunity is recorded yet."))
    rows = [
        (
            f"{deal.name}\n{deal.type.label}",
            money(deal.amount, deal.currency),
            day(deal.expected_close),
            f"{deal.probability} %",
            f"{deal.sales_stage.label}\n{deal.buying_stage.label}",
            _status(deal),
        )
        for deal in data.deals
    ]
    story: list[Flowable] = [
        table(
            ("Deal", "Amount", "Close", "Prob.", "Ours / theirs", "Status"),
            rows,
            (0.23, 0.2, DATE, 0.08, 0.18, 0.16),
        )
    ]
    for file in data.open_deals:
        story += _deal_story(file)
    return section("Opportunities and the two processes", story)


def win_loss_section(data: AccountPlanData) -> list[Flowable]:
    """The closed deals read together: the counts, the win rate, who beat us, and why each one closed."""
    result, currency = data.win_loss, data.account.currency
    if not result.deals:
        return section("Win / loss", say("No deal has closed yet."))
    rate = f"; win rate {result.win_rate:.0%}" if result.win_rate is not None else ""
    story = body(
        f"{result.won} won, {result.lost} lost and {result.no_decision} without a decision{rate}. "
        f"Won {money(result.won_amount, currency)}, lost {money(result.lost_amount, currency)}."
    )
    if result.lost_to:
        story += body("Lost to: " + ", ".join(f"{name} ({count})" for name, count in result.lost_to) + ".")
    rows = [
        (
            f"{deal.name}\nWhy: {deal.reason}" if deal.reason else deal.name,
            f"Lost to {deal.won_by}" if deal.won_by else deal.outcome.label,
            money(deal.amount, deal.currency),
            day(deal.closed_on),
            "—" if deal.days_open is None else str(deal.days_open),
        )
        for deal in result.deals
    ]
    story.append(
        table(("Deal", "Outcome", "Amount", "Closed", "Days open"), rows, (0.36, 0.17, 0.19, DATE, 0.13))
    )
    return section("Win / loss", story)


def slack_sentence(file: DealFile) -> str:
    """Where the critical path ends against the deal's expected close, in one sentence."""
    graph, path = file.decision, file.path
    if not path.critical:
        return "No step of the customer's decision is mapped yet."
    final = path.projected_finish.get(path.critical[-1])
    if graph.decision_date is None:
        return "The deal has no expected close, so the slack cannot be measured."
    if final is None or path.slack_days is None:
        return "No step on the critical path has a date yet, so the slack cannot be measured."
    close = day(graph.decision_date)
    if path.slack_days == 0:
        return f"The final step is projected for {day(final)}, the day of the expected close: no slack left."
    if path.slack_days > 0:
        return f"The final step is projected for {day(final)}, {path.slack_days} days before the expected close on {close}."
    return (
        f"The final step is projected for {day(final)}, {-path.slack_days} days after the expected close on "
        f"{close}: the decision comes late unless the path gets shorter."
    )


def _watch(step_id: int, path: PathAnalysis, departed: bool) -> str:
    notes = [
        ("Overdue", step_id in path.overdue),
        ("Blocked", step_id in path.blocked),
        ("Owner left" if departed else "No owner", step_id in path.ownerless),
    ]
    return "\n".join(text for text, on in notes if on) or "—"


def _decision_story(file: DealFile) -> list[Flowable]:
    graph, path = file.decision, file.path
    story: list[Flowable] = [heading(file.deal.name, level=2), *body(slack_sentence(file))]
    if not graph.steps:
        return story
    names = " → ".join(graph.steps[step_id].name for step_id in path.critical)
    story += body(f"Critical path (★): {names}. Column # is the order the steps can happen in.")
    ordered = sorted(
        graph.steps.values(),
        key=lambda s: (
            file.layers.get(s.id, 0),
            s.due is None,
            s.due or dt.date.max,
            s.name.casefold(),
            s.id,
        ),
    )
    rows = [
        (
            str(file.layers.get(step.id, 0) + 1),
            ("★ " if step.id in path.critical else "") + f"{step.name}\n{step.kind.label}",
            (f"{step.owner} (departed)" if step.owner_departed else step.owner) or "—",
            day(step.due),
            day(path.projected_finish.get(step.id)),
            step.status.label,
            _watch(step.id, path, step.owner_departed),
        )
        for step in ordered
    ]
    story.append(
        table(
            ("#", "Step", "Owner", "Due", "Projected", "Status", "Watch"),
            rows,
            (0.05, 0.23, 0.18, DATE, DATE, 0.12, 0.12),
        )
    )
    return story


def decision_section(data: AccountPlanData) -> list[Flowable]:
    """Each open deal's decision steps in the order they can happen, the critical path and what is at risk."""
    if not data.open_deals:
        return section("Decision process", say(_NO_OPEN_DEAL))
    story: list[Flowable] = []
    for file in data.open_deals:
        story += _decision_story(file)
    return section("Decision process", story)


def qualification_section(data: AccountPlanData) -> list[Flowable]:
    """MEDDPICC for each open deal: every letter's score and evidence, the completeness, the weak letters."""
    if not data.open_deals:
        return section("Qualification", say(_NO_OPEN_DEAL))
    story: list[Flowable] = []
    for file in data.open_deals:
        card = file.scorecard
        story.append(heading(f"{file.deal.name}: MEDDPICC {card.completeness} % complete", level=2))
        weak = {finding.letter: finding.severity for finding in card.weak}
        rows = [
            (
                item.letter.letter,
                item.letter.label,
                f"{item.score} of {MEDDPICC_MAX_SCORE}",
                weak[item.letter].label if item.letter in weak else "",
                item.evidence or "—",
            )
            for item in card.letters
        ]
        story.append(table(("", "Element", "Score", "Weak", "Evidence"), rows, (0.05, 0.2, 0.1, 0.11, 0.54)))
        story += say(_weak_sentence(card.weak))
    return section("Qualification", story)


def _weak_sentence(weak: tuple[QualificationFinding, ...]) -> str:
    if not weak:
        return "No weak letter: every one is scored 3 or more, with evidence."
    counts = [
        f"{sum(1 for finding in weak if finding.severity is severity)} {severity.label.lower()}"
        for severity in (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
        if any(finding.severity is severity for finding in weak)
    ]
    return (
        f"Weak letters: {', '.join(counts)} (high: scored 0 or 1; medium: scored 2; low: scored 3 or more "
        "with no evidence)."
    )


def red_flags_section(data: AccountPlanData) -> list[Flowable]:
    """Why they may not buy: each red flag, who raised it, how we counter it and the actions that do."""
    if not data.red_flags:
        return section("Red flags and objections", say("No red flag or objection is recorded."))
    rows = []
    for flag in data.red_flags:
        source = flag.source or "—"
        if flag.source and flag.source_stance is not None:
            source = f"{flag.source} ({flag.source_stance.label})"
        actions = f"{flag.open_actions} open of {flag.actions} actions" if flag.actions else "No action yet"
        about = "\n".join(
            text
            for text in (
                flag.title,
                flag.description,
                f"Deal: {flag.opportunity}" if flag.opportunity else "",
            )
            if text
        )
        rows.append(
            (
                about,
                flag.severity.label,
                f"{flag.status.label}\n{day(flag.raised_on)}",
                source,
                f"{flag.counter_strategy or 'No counter-strategy yet'}\n{actions}",
            )
        )
    story = [
        table(
            ("Red flag", "Severity", "Status", "Raised by", "How we counter it"),
            rows,
            (0.34, 0.12, DATE, 0.15, 0.24),
        )
    ]
    return section("Red flags and objections", story)
