from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database
from accountplan.ui.common.theme import DARK, LIGHT, is_dark, stylesheet
from accountplan.ui.frame.main_window import MainWindow

R = QPalette.ColorRole
#: A dark system palette, as a desktop in dark mode hands it to Qt.
DARK_PALETTE = {
    R.Window: "#2b2d31",
    R.WindowText: "#e6e6e6",
    R.Base: "#1f2023",
    R.AlternateBase: "#2a2c30",
    R.Text: "#e6e6e6",
    R.Button: "#35373c",
    R.ButtonText: "#e6e6e6",
    R.Highlight: "#3d7bd9",
    R.HighlightedText: "#ffffff",
    R.PlaceholderText: "#8d9199",
    R.Mid: "#6b6f76",
    R.Light: "#45484e",
    R.Dark: "#18191b",
}


def _palette(dark: bool) -> QPalette:
    palette = QPalette(QColor("#efefef")) if not dark else QPalette()
    for role, colour in DARK_PALETTE.items() if dark else ():
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[bool]:
    """The application in a light or a dark palette (restored afterwards)."""
    saved = QPalette(qapp.palette())
    dark = request.param == "dark"
    qapp.setPalette(_palette(dark))
    yield dark
    qapp.setPalette(saved)


@pytest.fixture
def demo(db: Database) -> None:
    load_demo(db)


@pytest.fixture
def demo_window(scheme: bool, demo: None, window: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window over the demo account, styled for the scheme, once the success plan's preview has rendered."""
    window.setStyleSheet(stylesheet(is_dark()))
    with qtbot.waitSignal(window.page("success").preview.rendered, timeout=20000):  # type: ignore[attr-defined]
        pass
    return window


def _contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        channels = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in (colour.redF(), colour.greenF(), colour.blueF())
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _lightness_range(widget: QWidget) -> tuple[int, int]:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    values = [image.pixelColor(x, y).lightness() for x in range(image.width()) for y in range(image.height())]
    return min(values), max(values)


@pytest.mark.parametrize("dark", [False, True])
def test_every_variable_of_the_stylesheet_is_filled(qtbot: QtBot, dark: bool) -> None:
    text = stylesheet(dark)
    assert "@" not in text
    for colour in (DARK if dark else LIGHT).values():
        assert colour in text
    # Qt parses it without a warning (a warning fails the test).
    widget = QLabel("Overdue")
    widget.setObjectName("figureValue")
    qtbot.addWidget(widget)
    widget.setStyleSheet(text)
    widget.grab()


def test_dark_is_told_by_the_palette() -> None:
    assert is_dark(_palette(True))
    assert not is_dark(_palette(False))


@pytest.mark.parametrize("key", ["stakeholders", "actions", "meetings", "qualification"])
def test_headings_stand_out_from_the_window_in_either_scheme(
    demo_window: MainWindow, scheme: bool, key: str
) -> None:
    page = demo_window.show_page(key)
    heading = next(label for label in page.findChildren(QLabel) if label.objectName() == "pageHeading")
    background = demo_window.palette().color(R.Window).lightness()
    darkest, lightest = _lightness_range(heading)
    if scheme:  # light letters on the dark window
        assert background < 80 and lightest > background + 120
    else:
        assert background > 180 and darkest < background - 120


def _tinted_cells(model: QAbstractItemModel, text: QColor) -> list[tuple[QColor, QColor]]:
    """(background, text colour) of every cell the model colours."""
    cells = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            background = index.data(Qt.ItemDataRole.BackgroundRole)
            if isinstance(background, QBrush | QColor) and index.data(Qt.ItemDataRole.DisplayRole):
                foreground = index.data(Qt.ItemDataRole.ForegroundRole)
                colour = QBrush(foreground).color() if foreground is not None else text
                cells.append((QBrush(background).color(), colour))
    return cells


def test_text_on_coloured_cells_is_readable_in_either_scheme(demo_window: MainWindow, scheme: bool) -> None:
    text = demo_window.palette().color(R.Text)
    models = {
        "qualification scores": demo_window.page("qualification").scores,  # type: ignore[attr-defined]
        "decision steps": demo_window.page("decisions").model,  # type: ignore[attr-defined]
        "whitespace": demo_window.page("journey").whitespace,  # type: ignore[attr-defined]
        "coverage": demo_window.page("coverage").model,  # type: ignore[attr-defined]
    }
    for name, model in models.items():
        cells = _tinted_cells(model, text)
        assert cells, name
        # Muted text on a grey tint is meant to be quiet (about 2.6:1); palette text on a tint is about 1:1.
        worst = min(_contrast(background, colour) for background, colour in cells)
        assert worst >= 2.5, name
