"""The house style of the documents: tables that never fail on tall cells, text split for speed."""

from __future__ import annotations

import io

from pypdf import PdfReader

from accountplan.reports.document import DocumentInfo, build_document, table
from accountplan.reports.markup import MAX_PIECE, markup, pieces

INFO = DocumentInfo("Title", "Author", "Subject", "keywords", "footer")


def test_a_table_cell_taller_than_a_page_splits_over_pages_instead_of_failing() -> None:
    tall = "dwell " * 250  # 1,500 characters in a column a tenth of the page wide: ~2 pages tall
    buffer = io.BytesIO()
    pages = build_document(
        buffer, INFO, [table(("A", "B"), [(tall, "after"), ("next row", "x")], (0.1, 0.9))]
    )
    assert pages >= 2
    text = "".join(page.extract_text() for page in PdfReader(buffer).pages)
    assert "next\nrow" in text or "next row" in text  # the narrow column wraps it


def test_long_text_is_cut_at_natural_breaks_into_short_pieces() -> None:
    text = "First paragraph.\n\n" + "A sentence that goes on. " * 400 + "\n\nLast."
    cut = pieces(text)
    assert cut[0] == "First paragraph." and cut[-1] == "Last."
    assert all(len(piece) <= MAX_PIECE for piece in cut)
    assert all(piece.endswith(".") for piece in cut)  # sentence ends, not mid-word
    assert "".join(cut[1:-1]).replace(" ", "") == ("A sentence that goes on. " * 400).replace(" ", "")
    assert pieces("x" * 7000) == ["x" * 3000, "x" * 3000, "x" * 1000]


def test_markup_is_escaped_and_scripts_get_their_fonts() -> None:
    assert markup('<a href="x">Bob</a> & Co') == "&lt;a href=&quot;x&quot;&gt;Bob&lt;/a&gt; &amp; Co"
    assert markup("山田 太郎") == '<font face="IPAGothic">山田 太郎</font>'
    assert markup("one\ntwo") == "one<br/>two"
