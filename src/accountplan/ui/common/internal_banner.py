"""The amber strip that marks a screen as internal: what it shows never reaches a customer document."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

BANNER_STYLE = (
    "background: #fff4e0; color: #7a4a00; border: 1px solid #e8a33d; border-radius: 4px; padding: 4px 8px;"
)


def internal_banner(text: str) -> QLabel:
    """A one-line warning, e.g. "Internal only: red flags never reach a customer document."."""
    label = QLabel(f"<b>Internal only</b> · {text}")
    label.setObjectName("internalBanner")
    label.setStyleSheet(BANNER_STYLE)
    label.setWordWrap(True)
    return label
