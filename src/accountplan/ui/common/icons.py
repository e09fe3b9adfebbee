"""The application's icons: SVG drawings in resources/icons, rendered sharp at every size and screen density."""

from __future__ import annotations

import functools
from importlib import resources

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

#: Every icon shipped, drawn on the same 24×24 grid.
ICON_NAMES = ("app", "undo", "redo", "search", "export", "add", "delete", "backup", "warning")
#: The pixel sizes rendered ahead: menus at 16 or 20 logical pixels on screens up to 3× dense, the window at 256.
PIXEL_SIZES = (16, 20, 24, 32, 40, 48, 60, 64, 96, 128, 256)


def svg_data(name: str) -> bytes:
    """The SVG source of the icon ``name`` (one of ICON_NAMES)."""
    if name not in ICON_NAMES:
        raise KeyError(f"There is no icon {name!r}; the icons are {', '.join(ICON_NAMES)}.")
    return resources.files("accountplan.resources").joinpath("icons", f"{name}.svg").read_bytes()


@functools.cache
def icon(name: str) -> QIcon:
    """The icon ``name`` (created once; a QGuiApplication must exist)."""
    renderer = QSvgRenderer(QByteArray(svg_data(name)))
    if not renderer.isValid():
        raise ValueError(f"The icon {name!r} is not a drawing Qt can read.")
    result = QIcon()
    for size in PIXEL_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        result.addPixmap(QPixmap.fromImage(image))
    return result
