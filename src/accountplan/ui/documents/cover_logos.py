"""The logos on the success plan's cover, chosen in the window: a file per side, remembered per account.

A chosen file is checked at once by :func:`accountplan.reports.logos.read_logo`; a refused one is said with
the reason and nothing is remembered. What is remembered is the file's path (in the window's settings, per
database and account); the export, the live preview and Print read the file again when they need it, and
leave out a logo whose file has gone or no longer passes the check.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QToolButton, QWidget

from accountplan.errors import AccountPlanError
from accountplan.reports.logos import Logo, Logos, read_logo
from accountplan.ui.common import settings as S
from accountplan.ui.common.accessibility import describe
from accountplan.ui.common.commands import PlanContext

#: side → (button text, what a screen reader and a message call it)
SIDES = {"customer": ("Customer logo…", "the customer's logo"), "ours": ("Our logo…", "our logo")}
FILE_FILTER = "Logos (*.png *.jpg *.jpeg *.svg)"

#: Logos already read: path → (size, modification time, the logo or the reason it was refused).
_read: dict[str, tuple[int, int, Logo | str]] = {}
#: Where the choices go when the window has no settings (a page built on its own).
_unsaved: dict[str, str] = {}


def _path_of(context: PlanContext, account_id: int, side: str) -> str:
    setting = S.success_plan_logo(context.database.name, account_id, side)
    if context.settings is None:
        return _unsaved.get(setting.key, "")
    return context.settings.get(setting)


def _remember(context: PlanContext, account_id: int, side: str, path: str) -> None:
    setting = S.success_plan_logo(context.database.name, account_id, side)
    if context.settings is None:
        _unsaved[setting.key] = path
    else:
        context.settings.set(setting, path)


def _logo(path: str) -> Logo | str:
    """The logo in ``path``, read again only when the file changed; else why it cannot be used."""
    try:
        stat = Path(path).stat()
    except OSError:
        return "the file is gone"
    cached = _read.get(path)
    if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
        return cached[2]
    try:
        found: Logo | str = read_logo(Path(path))
    except AccountPlanError as error:
        found = str(error)
    _read[path] = (stat.st_size, stat.st_mtime_ns, found)
    return found


def remembered_logos(context: PlanContext, account_id: int) -> Logos:
    """The logos chosen for the account's success plan cover, those whose files can still be read."""
    found = {}
    for side in SIDES:
        path = _path_of(context, account_id, side)
        logo = _logo(path) if path else None
        found[side] = logo if isinstance(logo, Logo) else None
    return Logos(customer=found["customer"], ours=found["ours"])


def tell_refused(parent: QWidget, message: str) -> None:
    """Say why a chosen file cannot be a logo."""
    QMessageBox.warning(parent, "This file cannot be a logo", message)


class CoverLogos(QWidget):
    """A row: "Customer logo…" and "Our logo…", each with the file chosen and a Clear.

    Signals:
        changed(): a logo was chosen or cleared (the page rebuilds its preview).
    """

    changed = Signal()

    def __init__(self, context: PlanContext) -> None:
        super().__init__()
        self.context = context
        self.account_id: int | None = None
        self.choose_buttons: dict[str, QPushButton] = {}
        self.clear_buttons: dict[str, QToolButton] = {}
        self.file_labels: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Cover:"))
        for side, (text, spoken) in SIDES.items():
            choose = QPushButton(text)
            choose.setToolTip(f"Put {spoken} on the cover: a PNG, JPEG or SVG file")
            choose.clicked.connect(lambda _=False, s=side: self.choose(s))
            describe(choose, f"Choose {spoken}")
            label = QLabel("")
            label.setObjectName("muted")
            clear = QToolButton()
            clear.setText("Clear")
            clear.setToolTip(f"Leave {spoken} off the cover")
            clear.clicked.connect(lambda _=False, s=side: self.clear(s))
            describe(clear, f"Clear {spoken}")
            self.choose_buttons[side], self.file_labels[side], self.clear_buttons[side] = choose, label, clear
            layout.addWidget(choose)
            layout.addWidget(label)
            layout.addWidget(clear)
            layout.addSpacing(8)
        layout.addStretch(1)
        self.show_account(None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as its minimum: the row never widens the editor at the preview's expense."""
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())

    def path(self, side: str) -> str:
        """The file remembered for ``side`` of the account shown ("" if none)."""
        return _path_of(self.context, self.account_id, side) if self.account_id is not None else ""

    def show_account(self, account_id: int | None) -> None:
        self.account_id = account_id
        for side, (_text, spoken) in SIDES.items():
            path = self.path(side)
            logo = _logo(path) if path else None
            label = self.file_labels[side]
            if not path:
                label.setText("")
                label.setToolTip("")
            elif isinstance(logo, Logo):
                label.setText(self._short(Path(path).name))
                label.setToolTip(path)
            else:
                label.setText(f"{self._short(Path(path).name)} (left out)")
                label.setToolTip(f"{path}: {logo}")
            describe(label, f"{spoken.capitalize()}: {label.text()}")
            self.choose_buttons[side].setEnabled(account_id is not None)
            self.clear_buttons[side].setVisible(bool(path))  # nothing chosen: only the button to choose
            label.setVisible(bool(path))

    def _short(self, name: str) -> str:
        return self.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, 110)

    def logos(self) -> Logos:
        """The logos for the account shown (none without an account)."""
        if self.account_id is None:
            return Logos()
        return remembered_logos(self.context, self.account_id)

    def choose(self, side: str, path: Path | None = None) -> bool:
        """Choose the logo of ``side`` (without ``path``, ask); a refused file is said and not remembered."""
        if self.account_id is None:
            return False
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, f"Choose {SIDES[side][1]}", "", FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        path = path.resolve()
        _read.pop(str(path), None)  # checked now, whatever was read before
        try:
            read_logo(path)
        except AccountPlanError as error:
            tell_refused(self, str(error))
            return False
        _remember(self.context, self.account_id, side, str(path))
        self.show_account(self.account_id)
        self.changed.emit()
        return True

    def clear(self, side: str) -> None:
        """Leave the logo of ``side`` off the cover."""
        if self.account_id is None or not self.path(side):
            return
        _remember(self.context, self.account_id, side, "")
        self.show_account(self.account_id)
        self.changed.emit()
