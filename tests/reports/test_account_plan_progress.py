"""The account plan's Progress page: the lines over time and each day's numbers, read back from the PDF (#18)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.org_history import build_history

from accountplan.analysis.progress import MEASURES, progress_series
from accountplan.reports.exports import export_account_plan
from accountplan.store.database import Database

from .pdf_reading import page_texts

TODAY = dt.date.today()


def test_the_progress_page_draws_the_measures_and_lists_each_day(db: Database, tmp_path: Path) -> None:
    history = build_history(db, tmp_path, TODAY - dt.timedelta(days=10))
    with db.session() as session:
        result = export_account_plan(session, history.account_id, tmp_path / "plan.pdf", TODAY)
        points = progress_series(session, history.account_id, today=TODAY)
    pages = page_texts(result.path)
    progress = [text for text in pages if "Each month's numbers" in text]
    assert len(progress) == 1
    text = " ".join(progress[0].split())
    for _, label in MEASURES:
        assert text.count(label) >= 2, label  # over its line and at the head of its column
    assert "Progress" in text and "rebuilt from the plan's change log" in text
    first, last = points[0], points[-1]
    assert first.day.strftime("%d %b %Y") in text and last.day.strftime("%d %b %Y") in text
    # Today's values above the lines and in the last row: the people known then and now.
    assert f"{last.decisive_covered} of {last.decisive}" in text
    assert f"{round(100 * last.influence_share)} %" in text
    assert first.people < last.people
