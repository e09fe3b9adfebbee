"""The meeting pack draws the org-chart changes since the previous held meeting (issue #18), then lists them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.org_history import History, build_history

from accountplan.model import Meeting
from accountplan.model.enums import MeetingStatus
from accountplan.reports.exports import export_meeting_pack
from accountplan.store.database import Database

TODAY = dt.date.today()
FIRST = TODAY - dt.timedelta(days=10)


@pytest.fixture
def history(db: Database, tmp_path: Path) -> History:
    """The scripted history (a meeting held on its third day), a review held on its last, one planned today."""
    found = build_history(db, tmp_path, FIRST)
    with db.transaction() as session:
        for title, day, status in (
            ("Review", found.days[5], MeetingStatus.HELD),
            ("Next alignment", TODAY, MeetingStatus.PLANNED),
        ):
            session.add(Meeting(account_id=found.account_id, title=title, held_on=day, status=status))
    return found


def _pack(db: Database, history: History, title: str, path: Path) -> PdfReader:
    with db.session() as session:
        meeting = next(m for m in session.query(Meeting) if m.title == title)
        export_meeting_pack(session, meeting.id, path, TODAY)
    return PdfReader(path)


def _landscape(page: object) -> bool:
    box = page.mediabox  # type: ignore[attr-defined]
    return float(box.width) > float(box.height)


def test_the_pack_draws_the_changes_since_the_previous_meeting_then_lists_them(
    db: Database, history: History, tmp_path: Path
) -> None:
    reader = _pack(db, history, "Review", tmp_path / "review.pdf")
    texts = [page.extract_text() for page in reader.pages]
    charts = [text for page, text in zip(reader.pages, texts, strict=True) if _landscape(page)]
    assert len(charts) == 1, "the chart fits one A4 landscape page"
    chart = charts[0]
    since = history.days[2].strftime("%-d %B %Y")
    assert f"Org chart changes since {since}" in chart
    for legend in ("new: joined", "left", "title changed", "stance changed"):
        assert legend in chart
    assert "moved (new manager)" not in chart  # nobody moved in this window: no legend entry for it
    # The changed people (who joined, left, changed title or stance) and their managers, tagged.
    for name in ("Olaf Berg", "Ute Kern", "Aiko", "Ken", "Lena", "Mira"):
        assert name in chart
    for tag in ("new", "left", "title", "stance"):
        assert tag in chart
    assert "Departed · CFO" in chart  # Aiko, as she was at the previous meeting, shown departed
    assert "Sam" not in chart and "Pia" not in chart  # no co-sellers' initials crowd a tagged card
    whole = "\n".join(texts)
    after_chart = whole[whole.index(chart) + len(chart) :]
    listed = (
        "Olaf Berg joined (Head of IT)",
        "Ute Kern joined (Architect)",
        "Ken left (deleted)",
        "Lena: title Buyer → Head of Procurement",
        "Mira: stance",
    )
    for line in listed:
        assert line in after_chart
    assert f"Changes since {since}" in after_chart
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Org chart changes" in titles


def test_a_pack_with_no_change_since_the_previous_meeting_says_so_without_a_chart(
    db: Database, history: History, tmp_path: Path
) -> None:
    reader = _pack(db, history, "Next alignment", tmp_path / "next.pdf")
    whole = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    since = history.days[5].strftime("%-d %B %Y")
    assert (
        f"Nobody joined, left, moved or changed title, stance, influence or coverage since {since}." in whole
    )
    assert not any(_landscape(page) for page in reader.pages)


def test_a_pack_with_no_earlier_meeting_says_there_is_nothing_to_compare(
    db: Database, history: History, tmp_path: Path
) -> None:
    reader = _pack(db, history, "Alignment", tmp_path / "first.pdf")
    whole = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "No meeting was held before this one" in whole
    assert not any(_landscape(page) for page in reader.pages)
