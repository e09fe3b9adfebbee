"""``export org-chart --as-of`` and ``changes`` on a scripted history (issue #18)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.cli.conftest import CliRunner
from tests.org_history import ACCOUNT, History, build_history

from accountplan.analysis.change_window import medium_day
from accountplan.store.database import Database

TODAY = dt.date.today()


@pytest.fixture
def history(db: Database, tmp_path: Path) -> History:
    return build_history(db, tmp_path, TODAY - dt.timedelta(days=10))


def test_the_chart_as_of_a_day_shows_the_old_title_and_manager(
    cli: CliRunner, db_path: Path, history: History, tmp_path: Path
) -> None:
    day = history.days[0]
    out = tmp_path / "then.pdf"
    args = ["--db", str(db_path), "export", "org-chart", "--account", ACCOUNT, "-o"]
    code, said, err = cli(*args, str(out), "--as-of", day.isoformat())
    assert (code, err) == (0, ""), err
    assert f"as of {medium_day(day)}" in said
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert f"as of {medium_day(day)}" in text
    assert "Manager" in text and "Director" not in text  # Ken's title then
    assert "Ken" in text and "Olaf Berg" not in text and "Lena" not in text
    for suffix in (".svg", ".png", ".pptx"):
        code, _, err = cli(*args, str(tmp_path / f"then{suffix}"), "--as-of", day.isoformat())
        assert code == 0, err
    code, _, err = cli(*args, str(tmp_path / "now.pdf"))
    now = " ".join(p.extract_text() for p in PdfReader(tmp_path / "now.pdf").pages)
    assert "Ken" not in now and "Olaf Berg" in now and "as of" not in now
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    code, _, err = cli(*args, str(tmp_path / "later.pdf"), "--as-of", future)
    assert code == 1 and "in the future" in cli.one_clear_sentence(err)
    assert not (tmp_path / "later.pdf").exists()


def test_changes_in_text_csv_and_json(cli: CliRunner, db_path: Path, history: History) -> None:
    d = history.days
    base = ["--db", str(db_path), "changes", "--account", ACCOUNT]
    code, text, err = cli(*base, "--since", d[0].isoformat(), "--until", d[5].isoformat())
    assert (code, err) == (0, "")
    assert f"from the end of {medium_day(d[0])} to the end of {medium_day(d[5])}" in text
    assert "Left: Ken (deleted)" in text
    assert "Coverage lost: Sam – Aiko (Working → Brief)" in text
    code, written, _ = cli(*base, "--since", d[0].isoformat(), "--until", d[5].isoformat(), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(written)))
    assert [row["person"] for row in rows if row["kind"] == "joined"] == ["Lena", "Olaf Berg", "Ute Kern"]
    assert {
        "kind": "coverage gained",
        "person": "Mira",
        "before": "none",
        "after": "Strong",
        "co_seller": "Pia",
    } in rows
    # By default: from the meeting held on the third day to today.
    code, written, _ = cli(*base, "--format", "json")
    document = json.loads(written)
    assert (document["since"], document["until"]) == (d[2].isoformat(), TODAY.isoformat())
    assert [(c["kind"], c["person"]) for c in document["changes"]] == [
        ("joined", "Olaf Berg"),
        ("joined", "Ute Kern"),
        ("left", "Aiko"),
        ("left", "Ken"),
        ("title", "Lena"),
        ("stance", "Mira"),
    ]
    assert document["notes"] == []
