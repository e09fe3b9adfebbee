"""Light and dark: the stylesheet's colours for each, which one applies, and the text colour on a light tint.

resources/style.qss takes its colours from the palette (``palette(base)``) where a palette role fits, and
from a few ``@name`` variables for the accents, which this module fills from one table for light and one for
dark. The palette decides which table: a style that ignores the system's dark mode draws light widgets,
and light widgets want the light accents.
"""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

#: The stylesheet's variables on light and on dark windows.
LIGHT = {"accent": "#1f5fbf", "alarm": "#b3261e", "muted": "#5f6670", "border": "#c9ced6"}
DARK = {"accent": "#8ab4f8", "alarm": "#f28b82", "muted": "#a4aab3", "border": "#4a4f57"}
_VARIABLE = re.compile(r"@([a-z][a-z-]*)")

#: Text on a light tint (a coloured cell, a card): the tint stays light on dark windows, so the text stays dark.
#: (reports.chart_style.TEXT, which a test holds it to: importing chart_style here would load the model,
#: and the first frame is painted with this module before the model is loaded.)
ON_TINT = QBrush(QColor("#1d2127"))
#: The colour of a finding, a warning or a weak point by its severity (``Severity.value``).
SEVERITY_COLOURS = {"critical": "#b3261e", "high": "#d2453b", "medium": "#b26a00", "low": "#5f6670"}


def severity_colour(severity: str) -> QColor:
    """The colour of ``severity`` (a ``Severity`` or its value); the text colour for anything else."""
    return QColor(SEVERITY_COLOURS.get(str(getattr(severity, "value", severity)), ON_TINT.color().name()))


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (by default the application's) draws light text on a dark window."""
    colours = palette if palette is not None else QGuiApplication.palette()
    return colours.color(QPalette.ColorRole.Window).lightness() < 128


def stylesheet(dark: bool) -> str:
    """resources/style.qss with its variables filled in for a dark or a light window."""
    text = resources.files("accountplan.resources").joinpath("style.qss").read_text(encoding="utf-8")
    table = DARK if dark else LIGHT
    return _VARIABLE.sub(lambda found: table.get(found.group(1), found.group(0)), text)


def apply_theme(app: QApplication) -> None:
    """Style ``app`` for its palette now, and again whenever the system switches between light and dark."""

    def restyle() -> None:
        app.setStyleSheet(stylesheet(is_dark(app.palette())))

    restyle()
    # The palette follows the colour scheme once the change has been handled: restyle after it.
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: QTimer.singleShot(0, restyle))
