"""The named paper sizes a chart or a document is printed on, and how a chart goes onto them.

One place for the sizes (in PDF points, portrait) and the user's choice of paper, orientation and fitting,
shared by the command line (``--paper A3 --landscape --fit``), the exports and the window's Print dialogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accountplan.errors import AccountPlanError

__all__ = ["PAPERS", "Fitting", "PaperChoice", "paper_size"]

_MM = 72 / 25.4

#: Portrait width and height in points, by the name the user types (case does not matter).
PAPERS: dict[str, tuple[float, float]] = {
    "A4": (210 * _MM, 297 * _MM),
    "A3": (297 * _MM, 420 * _MM),
    "A2": (420 * _MM, 594 * _MM),
    "letter": (612.0, 792.0),
    "tabloid": (792.0, 1224.0),
}


class Fitting(Enum):
    """How a chart larger than the paper goes onto it."""

    FIT = "fit"  # scaled down to one page (the export says when names become too small to read)
    TILES = "tiles"  # at a legible scale, cut over pages with an overlap and a map of the tiles


def paper_size(name: str) -> tuple[float, float]:
    """The portrait size of the paper called ``name``; AccountPlanError naming the papers for any other."""
    for known, size in PAPERS.items():
        if known.lower() == name.strip().lower():
            return size
    raise AccountPlanError(f"There is no paper called {name!r}: choose {', '.join(PAPERS)}.")


@dataclass(frozen=True, slots=True)
class PaperChoice:
    """A paper, its orientation and how a chart is fitted onto it."""

    paper: str = "A3"
    landscape: bool = True
    fitting: Fitting = Fitting.TILES

    def __post_init__(self) -> None:
        paper_size(self.paper)  # refuses an unknown paper at once

    @property
    def name(self) -> str:
        """The paper's name as PAPERS spells it ("A3", "letter")."""
        return next(known for known in PAPERS if known.lower() == self.paper.strip().lower())

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in points, turned for the orientation."""
        width, height = paper_size(self.paper)
        return (height, width) if self.landscape else (width, height)

    def describe(self) -> str:
        """How the export names the paper: "A3 landscape"."""
        return f"{self.name} {'landscape' if self.landscape else 'portrait'}"
