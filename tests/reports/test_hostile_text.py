"""Every report survives any text the database holds: control characters, NUL, lone surrogates, huge names.

The text goes in with SQL, past every check on the way in, as an old database or a hand-made UPDATE would
hold it. The org chart's SVG stays well-formed XML, its PNG a PNG; each PDF shows the visible part of the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.dom.minidom
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import String, Text, select, text
from sqlalchemy.orm import Session

from accountplan.analysis.graphs import AccountGraphs, Person, load_graphs
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Base
from accountplan.reports.exports import (
    ExportedDocument,
    export_account_plan,
    export_meeting_pack,
    export_success_plan,
    find_meeting,
)
from accountplan.reports.org_chart import export_org_chart
from accountplan.reports.shareable import read_success_plan
from accountplan.reports.success_plan import write_success_plan
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)
SVG_TEXT = "{http://www.w3.org/2000/svg}text"
#: Four words run through with control characters: NUL, escape, DEL, CR, vertical tab, NEL, a separator.
HOSTILE = "Qu\x01ix\x0bZor\x1bb\x00a\rVex\x7fo\x85Wy\x1cn "
#: What a reader sees of it: the words whole (nothing dropped shows as a box or splits a word).
WORDS = ("Quix", "Zorba", "Vexo", "Wyn")
#: What no output may hold: C0 controls but tab and newline, DEL, C1 controls, surrogates, U+FFFE/U+FFFF.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: Columns holding codes, not prose: hostile text there would not be a valid value (see test_success_plan).
#: The change log's old and new values are values as stored (a date as 2027-01-31), read back as such.
CODES = ("currency", "field", "entity_type", "stage", "process", "old_value", "new_value")
Export = Callable[[Session, int, Path, dt.date], ExportedDocument]


def write_hostile_text(db: Database) -> int:
    """Put HOSTILE before the value of every prose column of every row, with SQL; return how many columns."""
    columns = 0
    with db.transaction(audit=False) as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text) or column.foreign_keys or column.name in CODES:
                    continue
                if getattr(column.type, "enums", None):
                    continue
                session.execute(
                    text(f'UPDATE "{table.name}" SET "{column.name}" = :h || "{column.name}"'), {"h": HOSTILE}
                )
                columns += 1
    return columns


@pytest.fixture
def hostile_demo(db: Database) -> int:
    """The demo account with HOSTILE before every name, title, note and description; its id."""
    load_demo(db, today=TODAY)
    assert write_hostile_text(db) > 60
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return " ".join(page.extract_text() or "" for page in reader.pages) + " " + metadata


def assert_shows_the_words(shown: str) -> None:
    assert UNPRINTABLE.search(shown) is None
    for word in WORDS:
        assert word in shown


def test_the_org_chart_svg_is_well_formed_xml_showing_the_names(
    db: Database, hostile_demo: int, tmp_path: Path
) -> None:
    with db.session() as session:
        graphs = load_graphs(session, hostile_demo)
        title = f"Org chart: {session.get_one(Account, hostile_demo).name}"
    assert all(person.name.startswith(HOSTILE) for person in graphs.people.values())
    path = export_org_chart(graphs, tmp_path / "chart.svg", title=title).path
    xml.dom.minidom.parse(str(path))  # expat: XML 1.0, well-formed
    texts = [element.text or "" for element in ET.parse(path).getroot().iter(SVG_TEXT)]
    assert_shows_the_words(" ".join(texts))
    for person in graphs.people.values():  # each name whole, or cut with an ellipsis on a narrow card
        shown = "Quix Zorba Vexo Wyn " + person.name.removeprefix(HOSTILE)
        assert any(line == shown or (line.endswith("…") and shown.startswith(line[:-1])) for line in texts)
    assert texts[0] == "Org chart: Quix Zorba Vexo Wyn Shirokane Nordhaven Holdings"
    assert ET.parse(path).getroot().findtext("{http://www.w3.org/2000/svg}title") == texts[0]


def test_the_org_chart_png_and_pdf_are_written(db: Database, hostile_demo: int, tmp_path: Path) -> None:
    with db.session() as session:
        graphs = load_graphs(session, hostile_demo)
    png = export_org_chart(graphs, tmp_path / "chart.png", title=HOSTILE).path
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width > 1000
        image.load()
    pdf = export_org_chart(graphs, tmp_path / "chart.pdf", title=HOSTILE).path
    assert_shows_the_words(pdf_text(pdf))


def _synthetic(name: str, title: str) -> AccountGraphs:
    return AccountGraphs.build(
        [Person(1, name, title), Person(2, "Zoë\u2029Ödegård", "CFO\u2028Group", reports_to_id=1)]
    )


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_a_chart_of_lone_surrogates_and_a_million_characters_is_written(suffix: str, tmp_path: Path) -> None:
    """Text no database returns, but a chart drawn from memory may be given: shown with U+FFFD, cut short."""
    huge = "Word " * 200_000
    graphs = _synthetic("A\x01B\x0bC\x1bD\x00E\rF\ud800G" + huge, "T\udfff" + huge)
    path = export_org_chart(graphs, tmp_path / f"chart{suffix}", title="Org chart \ud800" + huge).path
    if suffix == ".svg":
        xml.dom.minidom.parse(str(path))
        texts = [element.text or "" for element in ET.parse(path).getroot().iter(SVG_TEXT)]
        assert any(line.startswith("AB CDE F\ufffdGWord Word") for line in texts)
        assert "Zoë Ödegård" in texts and "CFO Group" in texts
        assert max(len(line) for line in texts) <= 1000
    elif suffix == ".png":
        with Image.open(path) as image:
            assert image.format == "PNG"
            image.load()
    else:
        shown = pdf_text(path)
        assert "AB CDE F" in shown and "Zoë Ödegård" in shown and UNPRINTABLE.search(shown) is None


@pytest.mark.parametrize("export", [export_success_plan, export_account_plan], ids=["success", "account"])
def test_the_plans_show_the_words_in_their_pages_and_metadata(
    db: Database, hostile_demo: int, tmp_path: Path, export: Export
) -> None:
    with db.session() as session:
        result = export(session, hostile_demo, tmp_path / "plan.pdf", TODAY)
    shown = pdf_text(result.path)
    assert_shows_the_words(shown)
    assert "Quix Zorba Vexo Wyn Shirokane" in " ".join(shown.split())  # the account's name, on one line


def test_the_meeting_pack_shows_the_words(db: Database, hostile_demo: int, tmp_path: Path) -> None:
    with db.session() as session:
        meeting_id = find_meeting(session, hostile_demo, None, TODAY)
        result = export_meeting_pack(session, meeting_id, tmp_path / "pack.pdf", TODAY)
    assert_shows_the_words(pdf_text(result.path))


def test_a_success_plan_with_lone_surrogates_is_written(db: Database, tmp_path: Path) -> None:
    load_demo(db, today=TODAY)
    with db.session() as session:
        plan = read_success_plan(session, int(session.scalars(select(Account.id)).one()))
    broken = dataclasses.replace(
        plan, title="Plan \ud800 one\x00", account="Acme \udfff", author="Ann \ud800"
    )
    path = tmp_path / "plan.pdf"
    write_success_plan(broken, path, TODAY)
    shown = pdf_text(path)
    assert "Plan \ufffd one" in shown and "Acme \ufffd" in shown
    assert UNPRINTABLE.search(shown) is None
