"""The success plan as a PowerPoint deck: the PDF's content on slides, real tables, nothing internal by any path."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageStat
from pptx import Presentation
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu
from sqlalchemy import select, text

from accountplan.cli import main
from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Responsibility, SuccessMilestone
from accountplan.model.enums import CoSellerRole, SuccessPhase
from accountplan.plan import success, team
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.reports.exports import export_success_plan
from accountplan.reports.shareable import SharedSuccessPlan, read_success_plan
from accountplan.reports.success_plan import date_label
from accountplan.store.database import Database

from .slide_rendering import render_slides
from .test_hostile_text import UNPRINTABLE, WORDS, write_hostile_text
from .test_success_plan import _mark_every_internal_field

TODAY = dt.date(2026, 11, 23)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: Where the slides' content ends: the footer's rule is under it (points from the top of a 540 pt slide).
CONTENT_BOTTOM = 490.0


@pytest.fixture
def demo_id(db: Database) -> int:
    load_demo(db, today=TODAY)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def export(db: Database, account_id: int, path: Path) -> tuple[Deck, int, tuple[str, ...]]:
    with db.session() as session:
        result = export_success_plan(session, account_id, path, TODAY)
    return Presentation(str(path)), result.pages, result.withheld


def plan_of(db: Database, account_id: int) -> SharedSuccessPlan:
    with db.session() as session:
        return read_success_plan(session, account_id)


def squeeze(value: str) -> str:
    return " ".join(value.split())


def title_of(slide: Slide) -> str:
    title = slide.shapes.title
    assert title is not None, "every slide has a real title"
    return squeeze(title.text_frame.text)


def tables(deck: Deck, title_start: str) -> list[list[list[str]]]:
    """The tables (rows of cell texts) on the slides whose title starts with ``title_start``.

    A group row (a phase's name, merged across the table) is a list of one text.
    """
    found = []
    for slide in deck.slides:
        if title_of(slide).startswith(title_start):
            for shape in slide.shapes:
                if shape.has_table:
                    rows = [[squeeze(c.text_frame.text) for c in row.cells] for row in shape.table.rows]
                    merged = [row.cells[0].is_merge_origin for row in shape.table.rows]
                    found.append([row[:1] if group else row for row, group in zip(rows, merged, strict=True)])
    return found


def body_rows(found: list[list[list[str]]]) -> list[list[str]]:
    """The rows of the tables but their header rows and group rows; a row cut over two slides joined again."""
    rows: list[list[str]] = []
    for table in found:
        for row in table[1:]:
            if len(row) == 1:  # a group row
                continue
            if rows and row[1] == "" and any(row):  # the rest of a row cut at the foot of the last slide
                rows[-1] = [squeeze(f"{a} {b}") for a, b in zip(rows[-1], row, strict=True)]
                continue
            rows.append(row)
    return rows


def deck_xml(path: Path) -> str:
    """Every part of the deck (slides, notes, layouts, document properties, pictures…) as text."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def assert_every_shape_on_its_slide(deck: Deck) -> None:
    width, height = Emu(deck.slide_width or 0).pt, Emu(deck.slide_height or 0).pt
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            right = Emu(shape.left + shape.width).pt
            bottom = Emu(shape.top + shape.height).pt
            assert right <= width + 0.5 and bottom <= height + 0.5, f"slide {number}: {shape.name} runs off"
            if shape.has_table:
                rows = sum(Emu(row.height).pt for row in shape.table.rows)
                assert Emu(shape.top).pt + rows <= CONTENT_BOTTOM, (
                    f"slide {number}: the table reaches the footer"
                )


def test_the_demo_deck_says_what_the_pdf_says_in_real_tables(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    deck, slides, _ = export(db, demo_id, tmp_path / "plan.pptx")
    plan = plan_of(db, demo_id)
    assert slides == len(deck.slides) and 7 <= slides <= 10
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9, 13.33 × 7.5 in
    titles = [title_of(slide) for slide in deck.slides]
    assert titles[0] == plan.title
    assert titles[1] == "Agreed by"  # issue #22: who signs for each side
    assert titles[2] == "What success means for Shirokane Nordhaven Holdings"
    assert titles[3] == "Objectives"
    assert titles[4] == "Milestones: from deployment to business impact"
    assert "Who does what" in titles and titles[-1] == "Next steps"
    first = squeeze(" ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame))
    assert "SUCCESS PLAN" in first and "Shirokane Nordhaven Holdings" in first
    assert "with Corvane Systems" in first and f"Version {plan.revision} · {date_label(TODAY)}" in first
    assert squeeze(plan.definition_of_success) in squeeze(
        " ".join(s.text_frame.text for s in deck.slides[2].shapes if s.has_text_frame)
    )

    objectives = tables(deck, "Objectives")
    assert objectives[0][0] == ["Objective", "Today", "Target", "By"]
    assert body_rows(objectives) == [
        [squeeze(o.metric), squeeze(o.baseline), squeeze(o.target), date_label(o.due)]
        for o in plan.objectives
    ]
    milestones = tables(deck, "Milestones")
    assert milestones[0][0] == ["Milestone", "When", "Your owner", "Our owner", "Status"]
    groups = [row[0] for table in milestones for row in table[1:] if len(row) == 1]
    assert [g for g in groups if "continued" not in g] == ["Deployment", "Adoption", "Business impact"]
    shown = body_rows(milestones)
    assert len(shown) == len(plan.milestones)
    by_phase = sorted(plan.milestones, key=lambda m: list(SuccessPhase).index(m.phase))
    for row, milestone in zip(shown, by_phase, strict=True):
        assert row[:4] == [
            squeeze(milestone.title),
            date_label(milestone.due),
            squeeze(milestone.customer_owner),
            squeeze(milestone.our_owner),
        ]
        assert row[4] in ("Planned", "Reached", "Missed")
    duties = body_rows(tables(deck, "Who does what"))
    assert duties == [
        [squeeze(r.description), squeeze(r.customer_owner), squeeze(r.our_owner), date_label(r.due)]
        for r in plan.responsibilities
    ]
    assert any("中村 恵美" in row[1] for row in duties)  # a Japanese name, as text in a cell
    assert_every_shape_on_its_slide(deck)
    properties = deck.core_properties
    assert properties.title == f"{plan.title} — Shirokane Nordhaven Holdings"
    assert properties.author == properties.last_modified_by == "Marcus Lindqvist"
    assert properties.comments == ""  # not python-pptx's "generated using python-pptx"


def test_japanese_names_are_set_in_a_japanese_font_and_every_run_names_an_east_asian_one(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    path = tmp_path / "plan.pptx"
    export(db, demo_id, path)
    japanese = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not re.fullmatch(r"ppt/slides/slide\d+\.xml", name):
                continue
            for run in etree.fromstring(archive.read(name)).iter(f"{A}r"):
                words = run.findtext(f"{A}t") or ""
                properties = run.find(f"{A}rPr")
                assert properties is not None and properties.find(f"{A}ea") is not None, words
                if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", words):
                    japanese += 1
                    assert properties.find(f"{A}ea").get("typeface") == "Yu Gothic"
                    assert properties.find(f"{A}latin").get("typeface") == "Yu Gothic"
                    assert properties.get("lang") == "ja-JP"
                else:
                    assert properties.find(f"{A}latin").get("typeface") == "Arial"
    assert japanese >= 2  # 三浦 直樹 in the milestones, 中村 恵美 in who does what


def test_no_internal_field_reaches_the_deck_by_any_part(db: Database, demo_id: int, tmp_path: Path) -> None:
    markers = _mark_every_internal_field(db)
    assert len(markers) > 40
    path = tmp_path / "plan.pptx"
    deck, _, _ = export(db, demo_id, path)
    everything = deck_xml(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert "docProps/core.xml" in names and not any("notesSlide" in name for name in names)
    for marker in markers:
        assert marker not in everything, f"{marker} is in the deck"
    visible = " ".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    ) + " ".join(
        cell.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    )
    for word in ("Detractor", "Skeptic", "Champion", "MEDDPICC", "red flag", "commission"):
        assert word not in visible
    plan = plan_of(db, demo_id)  # the shareable fields are there: the test would not pass on an empty deck
    assert squeeze(plan.objectives[0].metric) in squeeze(visible)
    assert squeeze(plan.milestones[0].customer_owner) in squeeze(visible)


def test_the_command_line_prints_the_same_left_out_summary_for_the_deck_and_refuses_another_suffix(
    db: Database, db_path: Path, demo_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def run(output: Path) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), "export", "success-plan", "--account", name, "-o", str(output)])
        out, err = capsys.readouterr()
        return code, out, err

    name = "Shirokane Nordhaven Holdings"
    code, pdf_out, err = run(tmp_path / "plan.pdf")
    assert (code, err) == (0, "")
    code, deck_out, err = run(tmp_path / "plan.pptx")
    assert (code, err) == (0, "")
    slides = len(Presentation(str(tmp_path / "plan.pptx")).slides)
    assert deck_out.splitlines()[0] == (
        f"Exported the success plan of {name!r} to {tmp_path / 'plan.pptx'} ({slides} slides)."
    )
    assert "Left out, as internal:" in deck_out and "162 stakeholders" in deck_out and "red flags" in deck_out
    assert deck_out.splitlines()[1:] == pdf_out.splitlines()[1:]  # the very same summary

    for wrong in ("plan.docx", "plan.ppt", "plan"):
        code, out, err = run(tmp_path / wrong)
        assert code == 1 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err
        assert lines[0].startswith("accountplan: Cannot export the success plan as")
        assert ".pdf" in lines[0] and ".pptx" in lines[0]
        assert not (tmp_path / wrong).exists()


def test_control_characters_in_any_text_are_left_out_and_the_words_stay_whole(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    assert write_hostile_text(db) > 60
    path = tmp_path / "plan.pptx"
    deck, _, _ = export(db, demo_id, path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # well-formed XML 1.0
    with zipfile.ZipFile(path) as archive:  # the texts and attributes of the slides and the properties
        parts = [
            n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml|docProps/.*\.xml", n)
        ]
        elements = [e for n in parts for e in etree.fromstring(archive.read(n)).iter()]
    shown = " ".join([e.text or "" for e in elements] + [v for e in elements for v in e.attrib.values()])
    assert UNPRINTABLE.search(shown) is None
    assert "_x000" not in shown  # no control character smuggled in as an escape either
    words = " ".join(title_of(slide) for slide in deck.slides)
    for word in WORDS:
        assert word in words


def _long_plan(db: Database) -> int:
    """A plan with 40 milestones, long owners' titles, and one responsibility of 12,000 characters."""
    with db.transaction() as session:
        account_id = create_account(session, "Kunde AG", currency="EUR")
        seller = team.add_co_seller(session, "Ana Vendedora", CoSellerRole.ACCOUNT_EXECUTIVE, title="AE")
        team.join_team(session, account_id, seller)
        owners = [
            add_stakeholder(
                session, account_id, f"山田 太郎 {n}", title="Head of " + "Regional Operations " * 3
            )
            for n in range(5)
        ]
        success.update_success_plan(session, account_id, definition_of_success="Fewer delays. " * 300)
        success.add_item(session, account_id, "objective", "Dwell time", baseline="9 h", target="4 h")
        for n in range(40):
            success.add_item(
                session,
                account_id,
                "milestone",
                f"Milestone {n:02d}: hub {n} connected and its shift leads trained",
                phase=list(SuccessPhase)[n % 3],
                due=dt.date(2027, 1, 1) + dt.timedelta(days=9 * n),
                customer_owner_id=owners[n % 5],
                our_owner_id=seller,
            )
        success.add_item(session, account_id, "responsibility", "Short one", customer_owner_id=owners[0])
    sentence = "The hub teams agree to measure dwell time every shift and to review it weekly. "
    with db.transaction(audit=False) as session:  # longer than any cell of a slide can hold
        session.execute(
            text("UPDATE responsibilities SET description = :d"), {"d": sentence * 150 + "THE-END-MARK"}
        )
        assert str(session.scalar(select(Responsibility.description))).endswith("THE-END-MARK")
        assert len(session.scalars(select(SuccessMilestone.id)).all()) == 40
    return account_id


def test_long_tables_and_texts_go_on_over_slides_and_never_run_off_one(db: Database, tmp_path: Path) -> None:
    account_id = _long_plan(db)
    deck, slides, _ = export(db, account_id, tmp_path / "long.pptx")
    plan = plan_of(db, account_id)
    titles = [title_of(slide) for slide in deck.slides]
    assert titles.count("What success means for Kunde AG (continued)") >= 1
    assert titles.count("Milestones: from deployment to business impact (continued)") >= 3
    assert titles.count("Who does what (continued)") >= 1  # one cell taller than a slide, cut between lines
    assert slides == len(titles)
    assert_every_shape_on_its_slide(deck)
    shown = body_rows(tables(deck, "Milestones"))
    assert [row[0] for row in shown] == [
        squeeze(m.title) for m in sorted(plan.milestones, key=lambda m: list(SuccessPhase).index(m.phase))
    ]
    groups = [row[0] for table in tables(deck, "Milestones") for row in table[1:] if len(row) == 1]
    assert any(group.endswith("(continued)") for group in groups)  # a phase's label over its rest
    duty = " ".join(row[0] for row in body_rows(tables(deck, "Who does what")))
    assert squeeze(duty).startswith(squeeze(plan.responsibilities[0].description)[:200])
    assert "THE-END-MARK" in duty
    prose = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        if title_of(slide).startswith("What success means")
        for shape in slide.shapes
        if shape.name == "What success means for Kunde AG"
    )
    assert squeeze(prose) == squeeze(plan.definition_of_success)


def _inked(image: Image.Image) -> float:
    """The share of the image's pixels that are not white."""
    grey = image.convert("L").point(lambda value: 255 if value < 245 else 0)
    return float(ImageStat.Stat(grey).mean[0]) / 255


def test_the_deck_renders_to_slides_that_show_the_plan(db: Database, demo_id: int, tmp_path: Path) -> None:
    path = tmp_path / "plan.pptx"
    _, slides, _ = export(db, demo_id, path)
    images = render_slides(path, tmp_path / "rendered")
    assert len(images) == slides
    for number, image_path in enumerate(images, start=1):
        with Image.open(image_path) as image:
            assert abs(image.width / image.height - 16 / 9) < 0.02
            assert _inked(image) > 0.01, f"slide {number} is blank"
            footer = image.crop((0, int(image.height * 0.92), image.width, image.height))
            if number > 1:
                assert _inked(footer) > 0.001, f"slide {number} has no footer"
