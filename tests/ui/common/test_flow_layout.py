"""A bar of buttons in a flow layout: one line when there is room, more lines instead of a wider window."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from accountplan.ui.common.flow_layout import FlowLayout


def _bar(qtbot: QtBot) -> tuple[QWidget, list[QPushButton]]:
    bar = QWidget()
    qtbot.addWidget(bar)
    layout = FlowLayout(bar)
    buttons = [QPushButton(f"Button number {i}") for i in range(6)]
    for button in buttons:
        layout.addWidget(button)
    return bar, buttons


def _lines(buttons: list[QPushButton]) -> int:
    return len({button.y() for button in buttons})


def test_on_a_wide_window_the_bar_is_one_line(qtbot: QtBot) -> None:
    bar, buttons = _bar(qtbot)
    bar.resize(bar.sizeHint().width(), bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    assert _lines(buttons) == 1
    assert [b.x() for b in buttons] == sorted(b.x() for b in buttons)  # in the order they were added


def test_on_a_narrow_window_the_bar_wraps_and_asks_only_for_its_widest_widget(qtbot: QtBot) -> None:
    bar, buttons = _bar(qtbot)
    widest = max(button.minimumSizeHint().width() for button in buttons)
    assert bar.minimumSizeHint().width() == widest  # not the sum of all six
    narrow = bar.sizeHint().width() // 2
    layout = bar.layout()
    assert layout is not None
    bar.resize(narrow, layout.heightForWidth(narrow))
    bar.show()
    qtbot.waitExposed(bar)
    assert _lines(buttons) >= 2
    assert all(button.geometry().right() < narrow for button in buttons)  # nothing outside the bar
    assert all(
        button.isVisible() and button.width() >= button.minimumSizeHint().width() for button in buttons
    )
    lowest = max(button.geometry().bottom() for button in buttons)
    assert lowest < bar.height()  # the bar is as tall as its lines
