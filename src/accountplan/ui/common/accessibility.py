"""What assistive technology hears: every control with a name, the charts with a summary.

A control with a visible text (a button, a check box) is named by it, and Qt names a field by the label bound
to it (``QLabel.setBuddy``, a ``QFormLayout`` row). The others would be announced as a bare "edit" or "combo
box": :func:`name_controls` walks a page or a dialog once it is built and names each control that has no name
yet from what a sighted user reads beside it (its form label, the label just before it, its placeholder, its
tooltip). The important views are named where they are built (:func:`describe`), with a description saying
what they show, and :func:`describe` tells a running screen reader when that changes.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QToolButton,
    QWidget,
)

#: The kinds of widget a user operates: each needs a name a screen reader can say.
CONTROLS: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QGraphicsView,
    QPlainTextEdit,
    QTextEdit,
    QSlider,
)


def plain(text: str) -> str:
    """A label's text as it is said: without its mnemonic ampersand, a trailing colon or an ellipsis."""
    text = re.sub(r"<[^>]+>", "", text)  # a rich-text label is said without its markup
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(":").strip()


def describe(widget: QWidget, name: str, description: str | None = None) -> None:
    """Name ``widget`` (and describe it) for assistive technology, telling a screen reader that listens."""
    if widget.accessibleName() != name:
        widget.setAccessibleName(name)
        _tell(widget, QAccessible.Event.NameChanged)
    if description is not None and widget.accessibleDescription() != description:
        widget.setAccessibleDescription(description)
        _tell(widget, QAccessible.Event.DescriptionChanged)


def _tell(widget: QWidget, kind: QAccessible.Event) -> None:
    if QAccessible.isActive():  # nobody listens otherwise: building the event would be wasted
        QAccessible.updateAccessibility(QAccessibleEvent(widget, kind))


def is_internal(widget: QWidget) -> bool:
    """A part of another control that Qt presents as part of it (a spin box's editor, a table's header)."""
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return True
    if isinstance(parent, QAbstractItemView) and isinstance(widget, QAbstractButton):
        return True  # a table's corner button
    return isinstance(widget, QHeaderView)


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget``: its accessible name, else its visible text."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton):
        return plain(widget.text())
    return ""


def name_controls(root: QWidget) -> int:
    """Name every control under ``root`` that has no name yet; how many were named.

    The name comes from, in turn: the label bound to it (buddy or form row), the label just before it in
    its row or column, its placeholder, its tooltip. Its tooltip becomes its description.
    """
    labels = _labels_by_field(root)
    named = 0
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or is_internal(widget):
            continue
        if not widget.accessibleDescription() and widget.toolTip():
            widget.setAccessibleDescription(widget.toolTip())
        if spoken_name(widget):
            continue
        name = labels.get(id(widget)) or _placeholder(widget) or plain(widget.toolTip())
        if not name and isinstance(widget, QToolButton):
            name = _button_name(widget)
        if name:
            widget.setAccessibleName(name)
            named += 1
    return named


def _labels_by_field(root: QWidget) -> dict[int, str]:
    """The text of the label beside each field under ``root``, by the field's id."""
    found: dict[int, str] = {}
    for layout in root.findChildren(QLayout):
        if isinstance(layout, QFormLayout):
            for row in range(layout.rowCount()):
                label = _widget_of(layout.itemAt(row, QFormLayout.ItemRole.LabelRole))
                field = _widget_of(layout.itemAt(row, QFormLayout.ItemRole.FieldRole))
                if isinstance(label, QLabel) and label.text() and field is not None:
                    found.setdefault(id(field), plain(label.text()))
        elif isinstance(layout, QBoxLayout):
            previous: QWidget | None = None
            for index in range(layout.count()):
                widget = _widget_of(layout.itemAt(index))
                if widget is None:
                    continue
                if isinstance(previous, QLabel) and previous.text() and isinstance(widget, CONTROLS):
                    found.setdefault(id(widget), plain(previous.text()))
                previous = widget
    for text_label in root.findChildren(QLabel):  # a buddy names its field, whatever the layout
        buddy = text_label.buddy()
        if buddy is not None and text_label.text():
            found[id(buddy)] = plain(text_label.text())
    return found


def _widget_of(item: QLayoutItem | None) -> QWidget | None:
    return item.widget() if item is not None else None


def _placeholder(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return plain(widget.placeholderText())
    if isinstance(widget, QComboBox):
        editor = widget.lineEdit()
        return plain(editor.placeholderText()) if editor is not None else ""
    return ""


def _button_name(button: QToolButton) -> str:
    action = button.defaultAction()
    if action is not None and (action.text() or action.toolTip()):
        return plain(action.text() or action.toolTip())
    if isinstance(button.parentWidget(), QLineEdit):
        return "Clear"  # the clear button a line edit shows when it has text
    return ""
