"""The stack of an account's pages, each imported and built the first time it is needed: the window builds one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget

from accountplan.ui.common.commands import PlanContext
from accountplan.ui.common.pages import Page
from accountplan.ui.frame.sections import Section


class PageStack(QStackedWidget):
    """The account's pages in navigation order, each built when first shown or asked for, then kept.

    A page is given the current account when it is built; ``show_account`` hands a new account to the
    pages built so far. Other widgets (the welcome page) may be added to the stack as usual.

    The stack asks for the room its current page needs, not the widest page built so far: a wide page once
    shown does not keep the window wide (or the navigation squeezed) on every page after it.
    """

    def __init__(self, context: PlanContext, sections: Sequence[Section]) -> None:
        super().__init__()
        self.context = context
        self.sections = tuple(sections)
        self.account_id: int | None = None
        self._built: dict[int, Page] = {}
        self.currentChanged.connect(lambda _row: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        current = self.currentWidget()
        if current is None:
            return super().minimumSizeHint()
        return current.minimumSizeHint().expandedTo(current.minimumSize())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def row_of(self, key: str) -> int:
        """The navigation row of the page whose key is ``key`` (KeyError naming the keys there are)."""
        for row, section in enumerate(self.sections):
            if section.key == key:
                return row
        raise KeyError(f"There is no page {key!r}; the pages are {', '.join(s.key for s in self.sections)}.")

    def page_at(self, row: int) -> Page:
        """The page in navigation row ``row``, built now if it was not yet."""
        page = self._built.get(row)
        if page is None:
            page = self._built[row] = self.sections[row].page_class()(self.context)
            self.addWidget(page)
            page.show_account(self.account_id)
        return page

    def page(self, key: str) -> Page:
        """The page whose key is ``key``, built now if it was not yet."""
        return self.page_at(self.row_of(key))

    def built(self) -> list[Page]:
        """The pages built so far, in navigation order."""
        return [self._built[row] for row in sorted(self._built)]

    def show_account(self, account_id: int | None) -> None:
        """Show ``account_id`` (None: no account) on the pages built so far and on those built later."""
        self.account_id = account_id
        for page in self.built():
            page.show_account(account_id)
