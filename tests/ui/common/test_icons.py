from __future__ import annotations

from importlib import resources

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from accountplan.ui.common.icons import ICON_NAMES, icon
from accountplan.ui.frame.main_window import MainWindow


def _opaque_pixels(image: QImage) -> int:
    return sum(
        1 for x in range(image.width()) for y in range(image.height()) if image.pixelColor(x, y).alpha() > 0
    )


def test_every_svg_shipped_is_an_icon_and_back() -> None:
    shipped = {
        entry.name.removesuffix(".svg")
        for entry in resources.files("accountplan.resources").joinpath("icons").iterdir()
        if entry.name.endswith(".svg")
    }
    assert shipped == set(ICON_NAMES)


@pytest.mark.parametrize("name", ICON_NAMES)
@pytest.mark.parametrize("size", [16, 64])
def test_every_icon_draws_something_at_small_and_large_sizes(qapp, name: str, size: int) -> None:  # type: ignore[no-untyped-def]
    image = icon(name).pixmap(QSize(size, size)).toImage()
    assert (image.width(), image.height()) == (size, size)
    drawn = _opaque_pixels(image)
    # Something is drawn, and not a filled square: the drawing is transparent around its shapes.
    assert size * size // 10 < drawn < size * size


def test_a_high_density_screen_gets_a_sharp_pixmap(qapp) -> None:  # type: ignore[no-untyped-def]
    image = icon("undo").pixmap(QSize(16, 16), 2.0).toImage()
    assert (image.width(), image.height()) == (32, 32)
    assert _opaque_pixels(image) > 32 * 32 // 10


def test_unknown_icons_are_refused(qapp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError, match="no icon 'rocket'"):
        icon("rocket")


def test_the_window_and_its_actions_have_icons(window: MainWindow) -> None:
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == icon("app").cacheKey()
    for action in (
        window.undo_action,
        window.redo_action,
        window.find_action,
        window.export_action,
        window.quick_action,
        window.delete_account_action,
        window.backup_action,
    ):
        assert not action.icon().isNull(), action.text()
