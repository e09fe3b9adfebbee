"""The strip above an exported chart: title, subtitle, page label and legend, placed in points (y down)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from accountplan.model.enums import InfluenceKind, Stance
from accountplan.reports import chart_style as style
from accountplan.reports.fonts import text_width
from accountplan.reports.org_chart_geometry import Point, Text, chart_line

__all__ = ["Header", "Swatch", "chart_header", "legend_width"]

_SWATCH, _LINE, _GAP, _TEXT_GAP = 9.0, 22.0, 14.0, 4.0
#: From one line of the legend to the next, when it takes two.
_LEGEND_LEADING = 12.0


@dataclass(frozen=True, slots=True)
class Swatch:
    """A filled square of the legend."""

    x: float
    y: float
    size: float
    colour: str


@dataclass(slots=True)
class Header:
    """What the strip shows, relative to its top-left corner; it is HEADER_HEIGHT high."""

    texts: list[Text] = field(default_factory=list)
    swatches: list[Swatch] = field(default_factory=list)
    lines: list[tuple[tuple[Point, Point], str, bool]] = field(default_factory=list)  # ends, colour, dashed


def _legend_items(include_influence: bool) -> list[tuple[str, str, bool, bool]]:
    """(label, colour, is a line, dashed) for each entry: the stances, then the influence kinds."""
    items = [(stance.label, style.STANCE_COLOURS[stance], False, False) for stance in Stance]
    if include_influence:
        items += [
            (kind.label, style.INFLUENCE_COLOURS[kind], True, kind in style.DASHED_KINDS)
            for kind in InfluenceKind
        ]
    return items


def _item_width(label: str, is_line: bool) -> float:
    return (_LINE if is_line else _SWATCH) + _TEXT_GAP + text_width(label, style.HEADER_TEXT_SIZE)


def legend_width(include_influence: bool) -> float:
    """The width the legend needs, so that a narrow chart's page still shows it whole."""
    return (
        sum(_item_width(label, is_line) + _GAP for label, _, is_line, _ in _legend_items(include_influence))
        - _GAP
    )


def chart_header(
    title: str,
    subtitle: str,
    page_label: str,
    width: float,
    *,
    include_influence: bool,
    marks: Sequence[tuple[str, str]] = (),
) -> Header:
    """The title and page label on the first line, the subtitle under them, the legend at the bottom.

    ``marks`` (label, colour) follow the stances in the legend as swatches: the tags drawn on the cards.

    The texts are shown as ``chart_line`` shows them. A legend wider than ``width`` (a portrait page) goes
    on over a second line, still within HEADER_HEIGHT.
    """
    title, subtitle, page_label = chart_line(title), chart_line(subtitle), chart_line(page_label)
    header = Header()
    title_baseline = style.HEADER_TITLE_SIZE
    header.texts.append(Text(0, title_baseline, title, style.HEADER_TITLE_SIZE, style.TEXT, bold=True))
    if page_label:
        label_width = text_width(page_label, style.HEADER_TEXT_SIZE, bold=True)
        header.texts.append(
            Text(
                width - label_width, title_baseline, page_label, style.HEADER_TEXT_SIZE, style.TEXT, bold=True
            )
        )
    header.texts.append(Text(0, title_baseline + 13, subtitle, style.HEADER_TEXT_SIZE, style.MUTED_TEXT))
    x, baseline = 0.0, style.HEADER_TITLE_SIZE + 30
    items = [*_legend_items(include_influence), *((label, colour, False, False) for label, colour in marks)]
    for label, colour, is_line, dashed in items:
        if x > 0 and x + _item_width(label, is_line) > width:
            x, baseline = 0.0, baseline + _LEGEND_LEADING
        if is_line:
            middle = baseline - 3
            header.lines.append((((x, middle), (x + _LINE, middle)), colour, dashed))
            text_x = x + _LINE + _TEXT_GAP
        else:
            header.swatches.append(Swatch(x, baseline - _SWATCH + 1, _SWATCH, colour))
            text_x = x + _SWATCH + _TEXT_GAP
        header.texts.append(Text(text_x, baseline, label, style.HEADER_TEXT_SIZE, style.MUTED_TEXT))
        x += _item_width(label, is_line) + _GAP
    return header
