"""The internal account plan PDF: every section in order with contents and bookmarks, everything internal in it,
text that stays text, and pages that stay within what viewers open."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Stakeholder
from accountplan.model.enums import BuyingRole, Severity
from accountplan.plan import qualification
from accountplan.plan.accounts import create_account, update_account
from accountplan.plan.opportunities import add_opportunity
from accountplan.plan.qualification import list_red_flags
from accountplan.plan.stakeholders import add_stakeholder, new_stakeholder
from accountplan.reports.exports import ExportedDocument, export_account_plan
from accountplan.reports.paper import PAPERS
from accountplan.store.database import Database

from .pdf_reading import assert_embedded_subsets, page_texts

TODAY = dt.date(2026, 11, 23)
SECTIONS = [
    "The account",
    "Org chart and influence",
    "Findings",
    "Coverage",
    "Progress",
    "Opportunities and the two processes",
    "Win / loss",
    "Decision process",
    "Qualification",
    "Red flags and objections",
    "The 3-year journey",
    "Whitespace map",
    "Actions",
    "The numbers",
]
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def export(db: Database, account_id: int, path: Path) -> ExportedDocument:
    with db.session() as session:
        return export_account_plan(session, account_id, path, TODAY)


def account_named(db: Database, name: str) -> int:
    with db.transaction() as session:
        return create_account(session, name, currency="EUR")


@pytest.fixture
def demo_id(db: Database) -> int:
    load_demo(db, today=TODAY)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def test_the_demo_plan_has_every_section_in_order_listed_in_the_contents_and_bookmarked(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    result = export(db, demo_id, tmp_path / "plan.pdf")
    reader = PdfReader(result.path)
    assert result.pages == len(reader.pages) > 15
    outline = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in outline] == SECTIONS
    bookmarked = [reader.get_destination_page_number(item) + 1 for item in outline]
    assert bookmarked == sorted(bookmarked) and bookmarked[0] == 2
    pages = page_texts(result.path)
    contents = pages[0]  # each entry, its dot leader, then its page number
    assert "Shirokane Nordhaven Holdings" in contents and "Internal: for the deal team only" in contents
    for title, page in zip(SECTIONS, bookmarked, strict=True):
        listed = re.search(re.escape(title) + r"[ .]*?(\d+)\b", contents)
        assert listed is not None, f"{title} is not in the contents"
        assert int(listed.group(1)) == page, f"the contents send {title} to the wrong page"
        assert title in pages[page - 1], f"{title} is not on the page its bookmark opens"
    for number, text in enumerate(pages, start=1):
        assert "internal: for the deal team only" in text, f"page {number} does not say it is internal"


def test_the_demo_plan_holds_the_internal_content(db: Database, demo_id: int, tmp_path: Path) -> None:
    result = export(db, demo_id, tmp_path / "plan.pdf")
    words = " ".join(page_texts(result.path))
    with db.session() as session:
        flags = list_red_flags(session, demo_id)
        names = session.scalars(select(Stakeholder.name).where(Stakeholder.account_id == demo_id)).all()
    for flag in flags:
        assert " ".join(flag.title.split()[:4]) in words
    assert "MEDDPICC" in words and "Economic buyer" in words and "Weak letters" in words
    assert "Deals to win" in words and "Qualified opportunities" in words and "Outreach" in words
    assert "Critical path (★)" in words and "Whitespace to win" not in words  # the map says "To win"
    assert "Q1 FY2026/27" in words and "Overdue (" in words and "Lost to Pallas Analytics" in words
    cjk = [name for name in names if CJK.search(name)]
    assert len(cjk) > 10
    missing = [name for name in cjk if name not in words]
    assert missing == []


def test_fonts_are_embedded_subsets_and_no_page_is_over_the_limit(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    result = export(db, demo_id, tmp_path / "plan.pdf")
    fonts = assert_embedded_subsets(result.path)  # embedded, subset, Unicode
    assert not any("Helvetica" in font.name or "Times" in font.name for font in fonts), fonts
    sizes = [
        (float(page.mediabox.width), float(page.mediabox.height)) for page in PdfReader(result.path).pages
    ]
    a4, a4_landscape = PAPERS["A4"], PAPERS["A4"][::-1]
    for width, height in sizes:  # A4 for the text, A4 landscape for the chart: any office printer takes them
        assert any(abs(width - w) < 0.5 and abs(height - h) < 0.5 for w, h in (a4, a4_landscape)), (
            width,
            height,
        )
    a3_landscape = PAPERS["A3"][::-1]
    assert all(width <= a3_landscape[0] + 0.5 and height <= a3_landscape[1] + 0.5 for width, height in sizes)
    chart = [number for number, (width, _) in enumerate(sizes, start=1) if abs(width - a4_landscape[0]) < 0.5]
    assert len(chart) > 2, "the demo's chart is tiled, after a map of the tiles"
    pages = page_texts(result.path)
    first = chart[0]
    assert "Map of the tiles" in pages[first - 1]
    for number in chart[1:]:  # pages named as the document numbers them
        assert re.search(rf"Row \d+ · Column \d+ — page {number}\b", pages[number - 1]), number
    assert "p. " + str(first + 1) in pages[first - 1], "the map names the tiles' pages"
    assert re.search(r"[→↓] p\. \d+", pages[first]), "a line that leaves the first tile says where it goes on"


def test_markup_in_user_text_stays_literal_no_link_no_image(db: Database, tmp_path: Path) -> None:
    link = '<a href="https://evil.example/x">Click here</a>'
    image = '<img src="/etc/hostname" width="50" height="50"/>'
    account_id = account_named(db, "Kunde AG")
    with db.transaction() as session:
        person = add_stakeholder(session, account_id, f"Eve {link}", title=image, influence=5)
        deal = add_opportunity(session, account_id, f"Deal {image}", amount=1000)
        qualification.add_red_flag(
            session, account_id, "<b>bold?</b> & more", opportunity_id=deal, source_id=person
        )
        update_account(session, account_id, vision=f"Vision {link}")
    result = export(db, account_id, tmp_path / "plan.pdf")
    reader = PdfReader(result.path)
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A", {})
            assert "/URI" not in action, "a name added a web link"
        assert number == 1 or "/Annots" not in page, "only the contents link to the sections"
        resources = page["/Resources"]
        xobjects = resources.get("/XObject", {}) if resources else {}
        for name, xobject in xobjects.items():  # only the contents page's numbers, drawn as forms
            assert xobject.get_object()["/Subtype"] == "/Form", f"user text embedded an image ({name})"
            assert number == 1 and "contents-page" in name
    letters = "".join("".join(page_texts(result.path)).split())
    for literal in (link, image, "<b>bold?</b> & more", f"Deal {image}"):
        assert "".join(literal.split()) in letters


def test_a_200000_character_internal_note_flows_over_pages_in_seconds(db: Database, tmp_path: Path) -> None:
    sentence = "The hub teams agreed to measure dwell time every shift and to review it weekly. "
    account_id = account_named(db, "Kunde AG")
    with db.transaction() as session:
        update_account(session, account_id, internal_notes=sentence * 2500 + "\n\nTHE-END-MARK")
    started = time.monotonic()
    result = export(db, account_id, tmp_path / "plan.pdf")
    assert time.monotonic() - started < 60
    assert result.pages > 20
    assert "THE-END-MARK" in " ".join(page_texts(result.path))


def test_an_account_with_nothing_exports_and_each_section_says_it_is_empty(
    db: Database, tmp_path: Path
) -> None:
    account_id = account_named(db, "Leer GmbH")
    result = export(db, account_id, tmp_path / "plan.pdf")
    words = " ".join(page_texts(result.path))
    assert result.pages <= 4
    for title in SECTIONS:
        assert title in words
    for sentence in (
        "Nobody is on the org chart yet",
        "No opportunity is recorded yet.",
        "No deal has closed yet.",
        "There is no open deal.",
        "No red flag or objection is recorded.",
        "No action is open.",
        "The map needs org units and product lines",
        "Set a target and an average deal size",
    ):
        assert sentence in words


def test_a_2000_person_account_is_tiled_over_chart_pages_none_over_the_limit(
    db: Database, tmp_path: Path
) -> None:
    account_id = account_named(db, "Groß AG")
    with db.transaction(audit=False) as session:
        people = [new_stakeholder(account_id, f"Person {i}", title=f"Title {i}") for i in range(1, 2001)]
        session.add_all(people)
        session.flush()
        for index, person in enumerate(people[1:]):
            person.reports_to_id = people[index // 6].id  # everyone below the top has one of six peers
        add_stakeholder(session, account_id, "Ada Economic", roles=[BuyingRole.ECONOMIC_BUYER])
    result = export(db, account_id, tmp_path / "plan.pdf")
    reader = PdfReader(result.path)
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    chart = [size for size in sizes if size != sizes[0]]
    assert len(chart) > 2, "a chart this large is tiled, after a map of the tiles"
    a3_landscape = PAPERS["A3"][::-1]
    assert all(width <= a3_landscape[0] + 0.5 and height <= a3_landscape[1] + 0.5 for width, height in sizes)
    pages = page_texts(result.path)
    assert any("Map of the tiles" in text for text in pages)
    assert any(re.search(r"Row 1 · Column 3 — page \d+", text) for text in pages)
    assert all("internal: for the deal team only" in text for text in pages)
    assert f"2001 people (0 departed) on the next {len(chart)} pages (A4 landscape): a map" in " ".join(pages)
    assert Severity.CRITICAL.label in " ".join(pages)  # the uncovered economic buyer is a finding
