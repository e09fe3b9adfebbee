"""The Portfolio page's Forecast tab: all accounts in a chosen currency or one seller, by quarter, and the moves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot
from tests.portfolio_forecast_data import MEETING_DAYS_AGO, two_sellers_in_two_currencies

from accountplan.store.database import Database
from accountplan.ui.account.portfolio_forecast import DEFAULT_DAYS_BACK, PortfolioForecastPanel
from accountplan.ui.account.portfolio_page import FORECAST_TAB, PortfolioPage
from accountplan.ui.common import settings as S
from accountplan.ui.frame.main_window import MainWindow
from accountplan.ui.pursuit.rates_dialog import SetExchangeRate

SHOTS = os.environ.get("ACCOUNTPLAN_SCREENSHOTS")
ROWS = {"Closed": 0, "Commit": 1, "Best case": 2, "Pipeline": 3, "Weighted": 4}
#: The columns: the four quarters of this (calendar) fiscal year, the year and the next.
QUARTER, YEAR, NEXT_YEAR = (dt.date.today().month - 1) // 3, 4, 5


@pytest.fixture
def panel(qtbot: QtBot, db: Database, settings: S.Settings) -> tuple[MainWindow, PortfolioPage]:
    two_sellers_in_two_currencies(db)
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.current_page()
    assert isinstance(page, PortfolioPage)
    page.tabs.setCurrentIndex(FORECAST_TAB)
    return window, page


def _cell(forecast: PortfolioForecastPanel, row: str, column: int) -> tuple[str, str]:
    """What a cell shows, and its tooltip (the exact amount)."""
    index = forecast.model.index(ROWS[row], column)
    return index.data(), index.data(Qt.ItemDataRole.ToolTipRole).rsplit(": ", 1)[1]


def _pick(qtbot: QtBot, box: QComboBox, text: str) -> None:
    """Choose ``text`` in a combo box as a user does by keyboard: Home, then Down until it shows."""
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(box.count()):
        if box.currentText() == text:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == text, f"{text} is not in the box"


def test_all_accounts_in_a_chosen_currency_by_quarter(
    qtbot: QtBot, panel: tuple[MainWindow, PortfolioPage]
) -> None:
    _, page = panel
    forecast = page.forecast
    assert not page.fit.isVisible(), "the checklist goes with the table and the board"
    assert not page.find_box.isVisible() and not page.status_box.isVisible()
    # One account in USD, one in EUR: EUR comes first, and says why.
    assert forecast.title.text() == "All accounts in EUR"
    assert "Amounts in EUR, the currency most of the accounts keep." in forecast.notes.text()
    assert _cell(forecast, "Commit", QUARTER) == ("EUR 454.5k", "EUR 454,545")  # USD 500,000 / 1.1
    _pick(qtbot, forecast.currency_box, "USD")
    assert forecast.title.text() == "All accounts in USD"
    assert _cell(forecast, "Commit", QUARTER) == ("USD 500.0k", "USD 500,000")
    assert _cell(forecast, "Best case", QUARTER) == ("USD 88.0k", "USD 88,000")  # EUR 80,000 at 1.1
    assert _cell(forecast, "Pipeline", QUARTER) == ("—", "USD 0")  # Depot's pounds are not converted
    assert _cell(forecast, "Weighted", QUARTER) == ("USD 444.0k", "USD 444,000")  # 80 % and 50 %
    assert _cell(forecast, "Closed", QUARTER)[0] == "—"
    assert _cell(forecast, "Commit", YEAR) == ("USD 500.0k", "USD 500,000")
    assert _cell(forecast, "Commit", NEXT_YEAR)[0] == "—"
    this_year = dt.date.today().year
    headers = [forecast.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers[QUARTER].startswith(f"Q{QUARTER + 1} FY{this_year} (now)\n")
    assert headers[YEAR:] == [
        f"FY{this_year}\nJan–Dec {this_year}",
        f"FY{this_year + 1} (next)\nJan–Dec {this_year + 1}",
    ]
    assert f"Converted to USD at 1 EUR = 1.1 USD (FY{this_year})." in forecast.notes.text()
    assert forecast.unconverted.isVisible()
    assert (
        f"⚠ Depot (Hoshino Logistics): GBP 40,000, no GBP → USD rate for FY{this_year}: not converted"
        in forecast.unconverted.text()
    )
    # How it moved: each account since its own last meeting.
    held = dt.date.today() - dt.timedelta(days=MEETING_DAYS_AGO)
    moves = forecast.moves.text().split("\n")
    assert forecast.moves.accessibleName() == "How it moved since each account's last alignment meeting"
    assert moves[0].startswith(
        f"Hoshino Logistics, since the Alignment meeting of {held.day} {held:%b %Y}: "
        f"FY{this_year}: Commit +USD 500,000 · Pipeline −USD 500,000"
    )
    assert moves[1:] == [
        "• Yard: Pipeline → Commit (USD 500,000)",
        "Nordwind Freight: no alignment meeting held yet.",
    ]


def test_switching_seller_changes_the_numbers(qtbot: QtBot, panel: tuple[MainWindow, PortfolioPage]) -> None:
    _, page = panel
    forecast = page.forecast
    names = [forecast.scope_box.itemText(i) for i in range(forecast.scope_box.count())]
    assert names == ["All accounts", "Lars Pettersson", "Mia Schulz"]
    _pick(qtbot, forecast.scope_box, "Mia Schulz")
    assert forecast.title.text() == "Mia Schulz's deals in EUR"
    assert forecast.currency_box.currentText() == "EUR"
    assert _cell(forecast, "Best case", QUARTER) == ("EUR 80.0k", "EUR 80,000")
    assert _cell(forecast, "Commit", QUARTER)[0] == "—"
    assert _cell(forecast, "Weighted", YEAR) == ("EUR 40.0k", "EUR 40,000")
    assert not forecast.unconverted.isVisible()
    assert forecast.moves.text() == "Nordwind Freight: no alignment meeting held yet."
    _pick(qtbot, forecast.scope_box, "Lars Pettersson")
    assert forecast.title.text() == "Lars Pettersson's deals in USD"
    assert _cell(forecast, "Commit", QUARTER) == ("USD 500.0k", "USD 500,000")
    assert _cell(forecast, "Best case", QUARTER)[0] == "—"
    assert "Depot (Hoshino Logistics): GBP 40,000, no GBP → USD rate" in forecast.unconverted.text()
    # Lars's figures in euros, then all accounts again: each in its own currency until another is asked.
    _pick(qtbot, forecast.currency_box, "EUR")
    assert _cell(forecast, "Commit", QUARTER) == ("EUR 454.5k", "EUR 454,545")
    _pick(qtbot, forecast.scope_box, "All accounts")
    assert forecast.title.text() == "All accounts in EUR"


def test_the_moves_since_a_day_chosen(qtbot: QtBot, panel: tuple[MainWindow, PortfolioPage]) -> None:
    _, page = panel
    forecast = page.forecast
    assert not forecast.day_box.isEnabled()
    expected = QDate.currentDate().addDays(-DEFAULT_DAYS_BACK)
    assert forecast.day_box.date() == expected
    qtbot.mouseClick(forecast.since_day, Qt.MouseButton.LeftButton)
    assert forecast.day_box.isEnabled()
    day = dt.date.today() - dt.timedelta(days=DEFAULT_DAYS_BACK)
    assert forecast.moves.accessibleName() == f"How it moved since {day.day} {day:%b %Y}"
    _pick(qtbot, forecast.currency_box, "USD")
    moves = forecast.moves.text().split("\n")
    this_quarter = f"Q{QUARTER + 1} FY{dt.date.today().year}"
    assert moves[1:] == [
        "• Hoshino Logistics — Yard: Pipeline → Commit (USD 500,000)",
        f"• Nordwind Freight — Fleet: new in Best case (USD 88,000, {this_quarter})",
    ]
    # A day after every change: nothing moved.
    forecast.day_box.setDate(QDate.currentDate().addDays(1))
    assert forecast.moves.text() == "No deal moved."
    qtbot.mouseClick(forecast.since_meeting, Qt.MouseButton.LeftButton)
    assert forecast.moves.text().startswith("Hoshino Logistics, since the Alignment meeting")


def test_a_rate_set_in_the_window_reaches_the_tab(panel: tuple[MainWindow, PortfolioPage]) -> None:
    window, page = panel
    this_year, account_id = dt.date.today().year, window.current_account_id()
    assert window.context.execute(SetExchangeRate(window.context, account_id, this_year, "GBP", "EUR", "1.2"))
    forecast = page.forecast
    assert not forecast.unconverted.isVisible()
    assert _cell(forecast, "Pipeline", QUARTER) == ("EUR 48.0k", "EUR 48,000")


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_nothing_is_squeezed(
    qtbot: QtBot, panel: tuple[MainWindow, PortfolioPage], size: tuple[int, int], tmp_path: Path
) -> None:
    window, page = panel
    forecast = page.forecast
    _pick(qtbot, forecast.currency_box, "USD")
    window.resize(*size)
    for _ in range(5):
        QApplication.processEvents()
    assert window.width() == size[0], "the forecast widened the window"
    table, header = forecast.table, forecast.table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0, "the quarters do not fit side by side"
    metrics = header.fontMetrics()
    for column in range(forecast.model.columnCount()):
        lines = str(forecast.model.headerData(column, Qt.Orientation.Horizontal)).split("\n")
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        assert header.sectionSize(column) >= widest, f"{lines[0]} is cut"
        for row in range(forecast.model.rowCount()):
            text = forecast.model.index(row, column).data()
            assert header.sectionSize(column) >= table.fontMetrics().horizontalAdvance(text) + 8
    assert table.height() >= header.height() + table.verticalHeader().length(), "a row of the table is hidden"
    for label in (forecast.notes, forecast.unconverted, forecast.moves):
        assert label.width() <= forecast.viewport().width(), "a note runs out of the page"
        assert label.height() >= label.heightForWidth(label.width()) - 1, "a note is cut"
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(folder / f"portfolio-forecast-{size[0]}x{size[1]}.png"))
