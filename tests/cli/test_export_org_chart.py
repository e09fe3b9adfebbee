"""`accountplan export org-chart`: the file in the format asked, one sentence on success or on a user error."""

from __future__ import annotations

import hashlib
import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.store.database import Database


def test_exports_the_demo_chart_as_svg_and_says_so(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    out = tmp_path / "chart.svg"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", "org-chart", "--account", demo_name, "-o", str(out)
    )
    assert (code, stderr) == (0, "")
    assert stdout == f"Exported the org chart of {demo_name!r} (162 people) to {out}.\n"
    names = {element.text for element in ET.parse(out).getroot().iter("{http://www.w3.org/2000/svg}text")}
    assert "白川 正嗣" in names


def test_pdf_and_png_with_the_options(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    pdf, png = tmp_path / "chart.pdf", tmp_path / "chart.png"
    base = ("--db", str(db_path), "export", "org-chart", "--account", demo_name)
    assert cli(*base, "-o", str(pdf), "--no-influence", "--compact")[0] == 0
    assert len(PdfReader(pdf).pages) >= 1
    assert cli(*base, "--compact", "-o", str(png))[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as image:
        assert min(image.size) >= 300


def test_a_png_too_big_to_read_is_refused_in_one_sentence_leaving_the_database_and_folder_as_they_were(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    database = tmp_path / "wide.sqlite"
    with Database.open(database, user="tester") as opened, opened.transaction() as session:
        account_id = create_account(session, "Wide Co")
        for number in range(400):  # nobody reports to anybody: 400 cards in one row, 93,000 pt across
            add_stakeholder(session, account_id, f"Person {number}")
    before, listing = hashlib.sha256(database.read_bytes()).digest(), sorted(os.listdir(tmp_path))
    out = tmp_path / "chart.png"
    code, stdout, stderr = cli(
        "--db", str(database), "export", "org-chart", "--account", "Wide Co", "-o", str(out)
    )
    assert (code, stdout) == (1, "")
    sentence = cli.one_clear_sentence(stderr)
    assert "The org chart (400 people) is too big for one readable PNG" in sentence
    # 400 loose cards pile into a readable shape in the compact layout: the sentence says so.
    assert sentence.endswith(
        "nothing was written: export it as PDF (tiled pages) or SVG instead, "
        "or in the compact layout (--compact), which fits."
    )
    assert hashlib.sha256(database.read_bytes()).digest() == before
    assert sorted(os.listdir(tmp_path)) == listing

    svg = tmp_path / "chart.svg"  # what it suggests works
    assert cli("--db", str(database), "export", "org-chart", "--account", "Wide Co", "-o", str(svg))[0] == 0
    groups = [g for g in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}g")]
    assert sum((g.get("id") or "").startswith("person-") for g in groups) == 400


def test_an_unknown_account_is_one_sentence_and_exit_1(
    cli: Callable[..., tuple[int, str, str]], db: Database, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "chart.pdf"
    code, stdout, stderr = cli(
        "--db", str(db_path), "export", "org-chart", "--account", "Nobody Inc", "-o", str(out)
    )
    assert (code, stdout) == (1, "")
    assert "Nobody Inc" in cli.one_clear_sentence(stderr)
    assert not out.exists()


def test_an_unknown_suffix_names_the_formats_before_opening_the_database(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    missing_db = tmp_path / "never-created.sqlite"
    code, _, stderr = cli(
        "--db",
        str(missing_db),
        "export",
        "org-chart",
        "--account",
        "Any",
        "-o",
        str(tmp_path / "chart.jpg"),
    )
    assert code == 1
    assert ".svg, .pdf, .png or .pptx" in cli.one_clear_sentence(stderr)
    assert not missing_db.exists()


def test_an_unwritable_path_is_one_sentence_and_exit_1(
    cli: Callable[..., tuple[int, str, str]], db_path: Path, demo_name: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "chart.svg"
    code, _, stderr = cli("--db", str(db_path), "export", "org-chart", "--account", demo_name, "-o", str(out))
    assert code == 1
    assert f"Cannot write {out}" in cli.one_clear_sentence(stderr)


def test_the_output_is_required(cli: Callable[..., tuple[int, str, str]], db_path: Path) -> None:
    code, _, stderr = cli("--db", str(db_path), "export", "org-chart", "--account", "Any")
    assert code == 2
    assert "-o/--output" in stderr
