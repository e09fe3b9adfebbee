"""What the org chart emphasises: a highlight (by stance, buying role, org unit or coverer) or a finding's people.

:class:`ChartHighlight` is owned by the :class:`~accountplan.ui.orgchart.org_chart_page.OrgChartPage`: it holds
the two highlight choices, fills them from the people shown, and highlights the chosen people's cards (the
others dimmed). :func:`colour_legend` says what the cards' and arrows' colours mean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from accountplan.model.enums import BuyingRole, InfluenceKind, Stance
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.flow_layout import FlowLayout
from accountplan.ui.orgchart.findings_list import PEOPLE_ROLE
from accountplan.ui.orgchart.influence_arrows import INFLUENCE_COLOURS
from accountplan.ui.people.models import STANCE_COLOURS

if TYPE_CHECKING:
    from accountplan.ui.orgchart.org_chart_page import OrgChartPage

HIGHLIGHTS = ("Nothing", "Stance", "Buying role", "Org unit", "Covered by")


def colour_legend() -> FlowLayout:
    """What the cards' colours (stance) and the arrows' colours (kind of influence) mean."""
    legend = FlowLayout()  # wraps on a narrow window
    for stance in Stance:
        swatch = QLabel(f"■ {stance.label}")
        swatch.setStyleSheet(f"color: {STANCE_COLOURS[stance].name()};")
        legend.addWidget(swatch)
    for index, kind in enumerate(InfluenceKind):
        swatch = QLabel(f"→ {kind.label.lower()}")
        swatch.setStyleSheet(f"color: {INFLUENCE_COLOURS[kind].name()};")
        swatch.setContentsMargins(18 if index == 0 else 0, 0, 0, 0)
        legend.addWidget(swatch)
    return legend


class ChartHighlight:
    """A chart page's highlight choices and the people its cards emphasise."""

    def __init__(self, page: OrgChartPage) -> None:
        self.page = page
        #: What the chart emphasises now (a highlight, a finding's people; None: nothing).
        self.emphasis: set[int] | None = None
        self.kind = QComboBox()
        self.kind.addItems(HIGHLIGHTS)
        self.value = QComboBox()
        describe(self.value, "Highlighted value")
        self.value.setMinimumContentsLength(14)
        self.value.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.currentIndexChanged.connect(self.fill_values)
        self.value.currentIndexChanged.connect(lambda: self.apply())

    def row(self) -> QWidget:
        """The label and its two choices, on one line together."""
        highlight = QWidget()
        highlight_row = QHBoxLayout(highlight)
        highlight_row.setContentsMargins(0, 0, 0, 0)
        highlight_row.addWidget(QLabel("Highlight:"))
        highlight_row.addWidget(self.kind)
        highlight_row.addWidget(self.value)
        return highlight

    def fill_values(self) -> None:
        """The values to highlight by, for the kind chosen, from the people shown (the choice kept if it can be)."""
        page, kind = self.page, self.kind.currentText()
        choices: list[tuple[str, Any]] = []
        if kind == "Stance":
            choices = [(s.label, s) for s in Stance]
        elif kind == "Buying role":
            choices = [(r.label, r) for r in BuyingRole]
        elif kind == "Org unit":
            units = page.rows.org_units if page.rows is not None else {}
            choices = sorted((name, uid) for uid, name in units.items())
        elif kind == "Covered by":
            names = {name for person in page.people.values() for name in person.coverers}
            choices = [(name, name) for name in sorted(names)]
        current = self.value.currentText()
        self.value.blockSignals(True)
        self.value.clear()
        for label, value in choices:
            self.value.addItem(label, value)
        self.value.setEnabled(bool(choices))
        index = self.value.findText(current)
        self.value.setCurrentIndex(max(index, 0))
        self.value.blockSignals(False)
        self.apply()

    def highlighted_ids(self) -> set[int] | None:
        kind = self.kind.currentText()
        value = self.value.currentData()
        if kind == "Nothing" or value is None:
            return None
        checks = {
            "Stance": lambda p: p.stance == value,
            "Buying role": lambda p: value in p.roles,
            "Org unit": lambda p: p.org_unit_id == value,
            "Covered by": lambda p: value in p.coverers,
        }
        return {p.id for p in self.page.people.values() if checks[kind](p)}

    def apply(self) -> None:
        self.emphasise(self.highlighted_ids())

    def emphasise(self, people: set[int] | None) -> None:
        """Highlight these people's cards and dim the others (None: none)."""
        if people is None and self.emphasis is None:
            return  # nothing is emphasised: nothing to undo on thousands of cards
        self.emphasis = people
        self.page.scene.emphasise(people)

    def finding_selected(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """Emphasise the people of the finding chosen in the list, and show the first of them."""
        page = self.page
        people = index.data(PEOPLE_ROLE) if index.isValid() else None
        if not people:
            self.apply()
            return
        self.kind.setCurrentIndex(0)
        self.emphasise(set(people))
        visible = [p for p in people if p in page.scene.cards]
        if visible:
            page.view.centerOn(page.scene.cards[visible[0]])
