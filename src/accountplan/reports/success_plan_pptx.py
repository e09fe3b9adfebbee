"""The success plan as a PowerPoint deck: the same document as the PDF, for the customer's meeting room.

Like the PDF (``reports.success_plan``) it is built only from a :class:`SharedSuccessPlan` and takes no
session: what it can show is what ``reports.shareable`` let through. Slides: the title (the plan, the
customer and our company, the version and date, the logos chosen), who agrees for each side, what changed
since the previous revision, what success means, the objectives, the milestones by
phase, who does what, and the next steps, each table a real PowerPoint table split over as many slides as
it needs. 16:9, text as text, every user string cleaned and set in fonts that have its glyphs (``slide_text``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import IO

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.shapes.placeholder import SlidePlaceholder
from pptx.slide import Slide
from pptx.util import Pt

from accountplan.errors import AccountPlanError
from accountplan.model.enums import MilestoneStatus, SuccessPhase
from accountplan.reports.logos import Logos
from accountplan.reports.shareable import SharedSuccessPlan
from accountplan.reports.slide_tables import Cell, Column, PlacedRow, Section, TableLook, draw_table, paginate
from accountplan.reports.slide_text import (
    Line,
    TextStyle,
    add_text,
    fit,
    join_lines,
    one_line,
    slide_text,
    wrap,
)
from accountplan.reports.success_plan import PHASE_NAMES, agreed_by, change_rows, date_label, status_label

__all__ = ["write_success_plan_pptx"]

# The slide, 16:9 (13.333 × 7.5 in), in points.
_WIDTH = 960.0
_HEIGHT = 540.0
_MARGIN = 44.0
_CONTENT_WIDTH = _WIDTH - 2 * _MARGIN
_TITLE_TOP, _TITLE_HEIGHT = 26.0, 62.0
_CONTENT_TOP = 106.0
_CONTENT_BOTTOM = 488.0
_FOOTER_TOP = 506.0

# The PDF's colours (reports.document).
_ACCENT = "1F4E79"
_MUTED = "5B6770"
_RULE = "C9D3DC"
_TEXT = "1F2933"
_STATUS_COLOURS = {MilestoneStatus.REACHED: "2E7D32", MilestoneStatus.MISSED: "B3261E"}

_TITLE = TextStyle(28, bold=True, color=_ACCENT)
_FOOTER = TextStyle(9, color=_MUTED)
_PROSE = TextStyle(20, color=_TEXT)
_PROSE_SIZES = (22.0, 20.0, 18.0, 16.0)
#: Table text sizes, largest first: a table is set in the largest that takes no more slides than the smallest.
_TABLE_SIZES = (16.0, 14.0, 13.0, 12.0)


def write_success_plan_pptx(plan: SharedSuccessPlan, target: Path | IO[bytes], today: dt.date) -> int:
    """Write the success plan deck; return its number of slides. Properties name only the plan and account."""
    names = (plan.account, plan.title, plan.our_company, plan.author)
    account, title, our_company, author = (one_line(name) for name in names)  # in titles, footers
    plan = replace(plan, account=account, title=title, our_company=our_company, author=author)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Pt(_WIDTH), Pt(_HEIGHT)
    footer = f"{plan.account} · {plan.title} · version {plan.revision} · {date_label(today)}"
    _title_slide(deck, plan, today)
    for number, (title, draw) in enumerate(_content(plan, today), start=2):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only": a real title, for the outline
        _slide_title(slide, title)
        draw(slide)
        _footer(slide, footer, number)
    _properties(deck, plan, today)
    deck.save(target)  # type: ignore[arg-type]
    return len(deck.slides)


Draw = Callable[[Slide], None]
#: A table's column headings and their shares of its width.
Columns = tuple[tuple[str, float], ...]


def _content(plan: SharedSuccessPlan, today: dt.date) -> list[tuple[str, Draw]]:
    """Each content slide's title and the function that draws its body, in reading order."""
    slides: list[tuple[str, Draw]] = [("Agreed by", lambda slide: _agreed_by(slide, plan))]
    if plan.changes is not None:
        since = plan.changes.since_revision
        changes = change_rows(plan, today)
        if changes:
            columns: Columns = (("", 0.14), ("Objective or milestone", 0.5), ("When", 0.36))
            rows = [[Cell(kind), Cell(thing), Cell(when)] for kind, thing, when in changes]
            slides += _tables(f"What changed since revision {since}", columns, [Section(rows)])
        else:
            slides += _prose(
                f"What changed since revision {since}",
                f"No objective or milestone has changed since revision {since}.",
            )
    slides += _prose(
        f"What success means for {plan.account}", plan.definition_of_success or "To be agreed together."
    )
    if plan.objectives:
        columns = (("Objective", 0.46), ("Today", 0.18), ("Target", 0.18), ("By", 0.18))
        rows = [
            [Cell(o.metric), Cell(o.baseline or "—"), Cell(o.target or "—"), Cell(date_label(o.due))]
            for o in plan.objectives
        ]
        slides += _tables("Objectives", columns, [Section(rows)])
    if plan.milestones:
        columns = (
            ("Milestone", 0.32),
            ("When", 0.13),
            ("Your owner", 0.21),
            ("Our owner", 0.21),
            ("Status", 0.13),
        )
        sections = []
        for phase in SuccessPhase:
            steps = [m for m in plan.milestones if m.phase is phase]
            if steps:
                rows = [
                    [
                        Cell(m.title),
                        Cell(date_label(m.due)),
                        Cell(m.customer_owner or "—"),
                        Cell(m.our_owner or "—"),
                        Cell(status_label(m.status), _STATUS_COLOURS.get(m.status)),
                    ]
                    for m in steps
                ]
                sections.append(Section(rows, PHASE_NAMES[phase]))
        slides += _tables("Milestones: from deployment to business impact", columns, sections)
    if plan.responsibilities:
        columns = (("Responsibility", 0.4), ("Your side", 0.22), ("Our side", 0.22), ("By", 0.16))
        rows = [
            [
                Cell(r.description),
                Cell(r.customer_owner or "—"),
                Cell(r.our_owner or "—"),
                Cell(date_label(r.due)),
            ]
            for r in plan.responsibilities
        ]
        slides += _tables("Who does what", columns, [Section(rows)])
    if plan.next_steps.strip():
        slides += _prose("Next steps", plan.next_steps)
    return slides


def _look(columns: Columns, size: float) -> TableLook:
    return TableLook(
        columns=tuple(Column(heading, share) for heading, share in columns),
        width=_CONTENT_WIDTH,
        body=TextStyle(size, color=_TEXT),
        head=TextStyle(size, bold=True, color="FFFFFF"),
        group=TextStyle(size + 1, bold=True, color=_ACCENT),
    )


def _continued(title: str, index: int) -> str:
    return title if index == 0 else f"{title} (continued)"


def _tables(title: str, columns: Columns, sections: list[Section]) -> list[tuple[str, Draw]]:
    """A table over as many slides as it needs, in the largest size that needs no more slides than the smallest."""
    height = _CONTENT_BOTTOM - _CONTENT_TOP
    layouts = [(look, paginate(look, sections, height)) for look in (_look(columns, s) for s in _TABLE_SIZES)]
    fewest = min(len(pages) for _, pages in layouts)
    look, pages = next((look, pages) for look, pages in layouts if len(pages) == fewest)

    def drawer(rows: list[PlacedRow]) -> Draw:
        def draw(slide: Slide) -> None:
            draw_table(slide, look, rows, _MARGIN, _CONTENT_TOP, f"{title} table")

        return draw

    return [(_continued(title, index), drawer(rows)) for index, rows in enumerate(pages)]


def _prose(title: str, text: str) -> list[tuple[str, Draw]]:
    """A text over as many slides as it needs: the largest size that fits one slide, else the smallest."""
    clean = slide_text(text)
    width, height = _CONTENT_WIDTH - 24, _CONTENT_BOTTOM - _CONTENT_TOP
    style, lines = _PROSE, []
    for size in _PROSE_SIZES:
        style = TextStyle(size, color=_TEXT)
        lines = wrap(clean, width, style)
        if len(lines) * style.line_height <= height:
            break
    per_slide = max(1, int(height // style.line_height))
    pieces = [lines[start : start + per_slide] for start in range(0, len(lines), per_slide)]

    def drawer(piece: list[Line]) -> Draw:
        def draw(slide: Slide) -> None:
            bar = slide.shapes.add_shape(
                MSO_SHAPE.RECTANGLE, Pt(_MARGIN), Pt(_CONTENT_TOP), Pt(4), Pt(len(piece) * style.line_height)
            )
            bar.name = "Accent"
            _flat(bar, _RULE)
            box = slide.shapes.add_textbox(
                Pt(_MARGIN + 20), Pt(_CONTENT_TOP), Pt(width + 4), Pt(len(piece) * style.line_height + 4)
            )
            box.name = title
            _no_insets(box.text_frame)
            add_text(box.text_frame, join_lines(piece), style)

        return draw

    return [(_continued(title, index), drawer(piece)) for index, piece in enumerate(pieces)]


def _title_slide(deck: Deck, plan: SharedSuccessPlan, today: dt.date) -> None:
    """The plan's title, for the customer and our company, its version and date; the block centred."""
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Pt(18), Pt(_HEIGHT))
    band.name = "Band"
    _flat(band, _ACCENT)
    left, width = 72.0, _WIDTH - 72.0 - 64.0
    kicker_style = TextStyle(14, bold=True, color=_MUTED)
    title, title_style = fit(
        plan.title, width, 150, TextStyle(40, bold=True, color=_ACCENT), (40.0, 34.0, 28.0)
    )
    customer, customer_style = fit(plan.account, width, 66, TextStyle(26, color=_TEXT), (26.0, 22.0, 18.0))
    ours, ours_style = fit(f"with {plan.our_company}", width, 46, TextStyle(18, color=_MUTED), (18.0, 14.0))
    if not plan.our_company.strip():
        ours = ""
    title_height = _text_height(title, width, title_style)
    names_height = _text_height(customer, width, customer_style) + (
        _text_height(ours, width, ours_style) if ours else 0
    )
    top = (_HEIGHT - (kicker_style.line_height + 8 + title_height + 40 + names_height)) / 2 - 10
    kicker = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(kicker_style.line_height))
    kicker.name = "Kind of document"
    _no_insets(kicker.text_frame)
    add_text(kicker.text_frame, "SUCCESS PLAN", kicker_style)
    top += kicker_style.line_height + 8
    heading = _title_of(slide)
    heading.left, heading.top, heading.width, heading.height = Pt(left), Pt(top), Pt(width), Pt(title_height)
    _no_insets(heading.text_frame)
    heading.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    add_text(heading.text_frame, title, title_style)
    top += title_height + 18
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(72), Pt(3))
    rule.name = "Rule"
    _flat(rule, _ACCENT)
    top += 22
    names = slide.placeholders[1]
    names.left, names.top, names.width, names.height = Pt(left), Pt(top), Pt(width), Pt(names_height)
    _no_insets(names.text_frame)
    names.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    add_text(names.text_frame, customer, customer_style)
    if ours:
        add_text(names.text_frame, ours, ours_style, append=True)
    version_style = TextStyle(14, color=_MUTED)
    version = slide.shapes.add_textbox(Pt(left), Pt(470), Pt(width), Pt(version_style.line_height))
    version.name = "Version and date"
    _no_insets(version.text_frame)
    add_text(version.text_frame, f"Version {plan.revision} · {date_label(today)}", version_style)
    _logos(slide, plan.logos)


def _agreed_by(slide: Slide, plan: SharedSuccessPlan) -> None:
    """Both sides, each with who agrees for it (name and title) and lines for a signature and a date."""
    half = (_CONTENT_WIDTH - 40) / 2
    side_style, name_style = TextStyle(20, bold=True, color=_ACCENT), TextStyle(20, color=_TEXT)
    small = TextStyle(14, color=_MUTED)
    for index, (side, signatory) in enumerate(agreed_by(plan)):
        box = slide.shapes.add_textbox(
            Pt(_MARGIN + index * (half + 40)),
            Pt(_CONTENT_TOP + 10),
            Pt(half),
            Pt(_CONTENT_BOTTOM - _CONTENT_TOP - 20),
        )
        box.name = f"Agreed for {'the customer' if index == 0 else 'us'}"
        _no_insets(box.text_frame)
        add_text(box.text_frame, one_line(f"For {side}"), side_style)
        if signatory is not None:
            add_text(box.text_frame, one_line(signatory.name), name_style, append=True)
            if signatory.title:
                add_text(box.text_frame, one_line(signatory.title), small, append=True)
        else:
            add_text(box.text_frame, "Name and title: ____________________", small, append=True)
        add_text(
            box.text_frame, "\n\nSignature: ____________________\n\nDate: ____________", small, append=True
        )


def _logos(slide: Slide, logos: Logos) -> None:
    """The customer's logo and ours at the title slide's top right, each scaled into its box."""
    box_width, box_height, right = 170.0, 64.0, _WIDTH - 64.0
    placed = [logo for logo in (logos.customer, logos.ours) if logo is not None]
    for logo in placed:
        if logo.drawing is not None:
            raise AccountPlanError(
                f"A PowerPoint deck shows logos as pictures: save the SVG logo {logo.name!r} as PNG or JPEG "
                "for the deck (the PDF draws it as it is)."
            )
    for index, logo in enumerate(placed):
        scale = min(box_width / logo.width, box_height / logo.height)
        width, height = logo.width * scale, logo.height * scale
        left = right - (len(placed) - index) * (box_width + 24) + 24 + (box_width - width)
        picture = slide.shapes.add_picture(
            io.BytesIO(logo.png), Pt(left), Pt(40 + (box_height - height) / 2), Pt(width), Pt(height)
        )
        picture.name = "Customer logo" if logo is logos.customer else "Our logo"


def _text_height(text: str, width: float, style: TextStyle) -> float:
    return len(wrap(text, width, style)) * style.line_height


def _slide_title(slide: Slide, text: str) -> None:
    """The slide's title on one line if it can be (28 or 24 pt), else on two (24 to 16 pt), cut if longer."""
    title = _title_of(slide)
    title.left, title.top = Pt(_MARGIN), Pt(_TITLE_TOP)
    title.width, title.height = Pt(_CONTENT_WIDTH), Pt(_TITLE_HEIGHT)
    fitted, style = fit(text, _CONTENT_WIDTH, _TITLE.size * 1.3, _TITLE, (28.0, 24.0))
    if fitted != slide_text(text) or len(wrap(fitted, _CONTENT_WIDTH, style)) > 1:
        fitted, style = fit(text, _CONTENT_WIDTH, _TITLE_HEIGHT, _TITLE, (24.0, 20.0, 16.0))
    _no_insets(title.text_frame)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    add_text(title.text_frame, fitted, style)
    accent = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(_MARGIN), Pt(_TITLE_TOP + _TITLE_HEIGHT + 6), Pt(56), Pt(3)
    )
    accent.name = "Title rule"
    _flat(accent, _ACCENT)


def _title_of(slide: Slide) -> SlidePlaceholder:
    title = slide.shapes.title
    assert isinstance(title, SlidePlaceholder), "the layout has a title"
    return title


def _footer(slide: Slide, text: str, number: int) -> None:
    line = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Pt(_MARGIN), Pt(_FOOTER_TOP - 6), Pt(_CONTENT_WIDTH), Pt(0.75)
    )
    line.name = "Footer rule"
    _flat(line, _RULE)
    width = _CONTENT_WIDTH - 60
    fitted, style = fit(text, width, _FOOTER.line_height, _FOOTER, (_FOOTER.size,))
    box = slide.shapes.add_textbox(Pt(_MARGIN), Pt(_FOOTER_TOP), Pt(width), Pt(16))
    box.name = "Footer"
    _no_insets(box.text_frame)
    add_text(box.text_frame, fitted, style)
    page = slide.shapes.add_textbox(Pt(_WIDTH - _MARGIN - 50), Pt(_FOOTER_TOP), Pt(50), Pt(16))
    page.name = "Slide number"
    _no_insets(page.text_frame)
    add_text(page.text_frame, str(number), TextStyle(_FOOTER.size, color=_MUTED, align=PP_ALIGN.RIGHT))
    _as_slide_number(page.text_frame.paragraphs[0]._p)


def _as_slide_number(paragraph: etree._Element) -> None:
    """Turn the paragraph's one run into a slide-number field (it stays right when slides are moved)."""
    run = paragraph.find(qn("a:r"))
    field = etree.Element(qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    for child in run:
        field.append(child)
    run.addprevious(field)
    paragraph.remove(run)


def _flat(shape: object, color: str) -> None:
    shape.fill.solid()  # type: ignore[attr-defined]
    shape.fill.fore_color.rgb = RGBColor.from_string(color)  # type: ignore[attr-defined]
    shape.line.fill.background()  # type: ignore[attr-defined]
    shape.shadow.inherit = False  # type: ignore[attr-defined]


def _no_insets(frame: object) -> None:
    frame.margin_left = frame.margin_right = 0  # type: ignore[attr-defined]
    frame.margin_top = frame.margin_bottom = 0  # type: ignore[attr-defined]


def _properties(deck: Deck, plan: SharedSuccessPlan, today: dt.date) -> None:
    """The deck's document properties: the plan and the account, signed by our executive; nothing else."""
    properties = deck.core_properties
    when = dt.datetime.combine(today, dt.time())
    properties.title = slide_text(f"{plan.title} — {plan.account}")[:255]
    properties.author = properties.last_modified_by = slide_text(plan.author)[:255]
    properties.subject = slide_text(f"Success plan for {plan.account}, version {plan.revision}")[:255]
    properties.keywords = "success plan"
    properties.comments = ""
    properties.category = ""
    properties.revision = 1
    properties.created = properties.modified = when
