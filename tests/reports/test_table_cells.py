"""Table cells drawn without a Paragraph show the same lines a Paragraph would, literally, in every script."""

from __future__ import annotations

import io
import random

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from accountplan.reports.document import DocumentInfo, body, build_document, style, table
from accountplan.reports.markup import markup
from accountplan.reports.table_cells import CELL_PADDING, ScriptLines, cell_content

INFO = DocumentInfo("Title", "Author", "Subject", "keywords", "footer")
WORDS = ("Zoë", "Lefèvre", "supply", "chain", "Søren", "Ødegård", "migration", "a", "of", "influence", "5/5")


def paragraph_lines(text: str, width: float) -> list[str]:
    """The lines reportlab's Paragraph breaks ``text`` into in a cell ``width`` points wide."""
    paragraph = Paragraph(markup(text), style("cell"))
    paragraph.wrap(width - 2 * CELL_PADDING, 1e6)
    return [" ".join(words) for _, words in paragraph.blPara.lines]


def shown_lines(content: object) -> list[str]:
    if isinstance(content, str):
        return content.split("\n")
    assert isinstance(content, ScriptLines), content
    return ["".join(run.text for run in line) for line in content.lines]


def test_a_sentence_in_a_cell_breaks_into_the_lines_a_paragraph_would() -> None:
    chance = random.Random(7)
    compared = 0
    for _ in range(400):
        text = " ".join(chance.choice(WORDS) for _ in range(chance.randint(1, 40)))
        width = chance.uniform(40, 500)
        content = cell_content(text, width, style("cell"), bold=False)
        if any(stringWidth(word, "DejaVuSans", 9) > width - 2 * CELL_PADDING for word in text.split()):
            continue  # a word wider than the cell: split between letters, not where a Paragraph would
        assert shown_lines(content) == paragraph_lines(text, width), (text, width)
        compared += 1
    assert compared > 300


def test_cells_show_user_text_literally_and_cjk_still_wraps() -> None:
    japanese = "田中 愛子"
    long_japanese = "東京本社の調達部門は来年度の予算を確定する前に移行計画の詳細を求めている" * 3
    rows = [
        ("Zoë Lefèvre", "<b>not bold</b> & <a href='x'>no link</a>"),
        (f"{japanese}\nDirector of supply chain", "Дмитрий Соколов"),
        ("Long", long_japanese),
        ("Sentence", "The hub teams agreed to measure dwell time every shift and to review it weekly. " * 3),
    ]
    buffer = io.BytesIO()
    build_document(buffer, INFO, [table(("Who", "What"), rows, (0.3, 0.7))])
    text = "".join(page.extract_text() for page in PdfReader(buffer).pages)
    flat = "".join(text.split())
    for expected in ("Zoë Lefèvre", "<b>not bold</b> & <a href='x'>no link</a>", "Дмитрий Соколов"):
        assert "".join(expected.split()) in flat
    assert japanese.replace(" ", "") in flat and "Directorofsupplychain" in flat
    assert long_japanese in flat  # broken over lines between characters, none lost
    cell = table(("What",), [(long_japanese,)], (0.7,))._cellvalues[1][0]
    assert isinstance(cell, ScriptLines) and len(shown_lines(cell)) > 1


def test_a_row_of_broken_lines_taller_than_a_page_splits_over_pages_by_whole_lines() -> None:
    tall = " ".join(["dwell"] * 250)  # one sentence in a column a tenth of the page wide: ~2 pages of lines
    buffer = io.BytesIO()
    pages = build_document(
        buffer, INFO, [table(("A", "B"), [(tall, "after"), ("next row", "x")], (0.1, 0.9))]
    )
    assert pages >= 2
    text = "".join(page.extract_text() for page in PdfReader(buffer).pages)
    assert text.count("dwell") == 250
    assert "next row" in text or "next\nrow" in text


def test_a_row_that_does_not_fit_at_a_pages_foot_starts_the_next_page_under_its_header() -> None:
    filler = body("Filler. " * 50) * 9  # most of the first page: a few lines of the tall row would fit
    rows = [(f"row {n}", "short") for n in range(3)] + [("tall row", " ".join(["line"] * 300))]
    buffer = io.BytesIO()
    build_document(buffer, INFO, [*filler, table(("Who", "What"), rows, (0.3, 0.7))])
    pages = [page.extract_text() for page in PdfReader(buffer).pages]
    assert len(pages) == 2
    assert all(page.count("Who") <= 1 for page in pages), pages
    assert "tall row" in pages[1] and pages[1].count("line") == 300
