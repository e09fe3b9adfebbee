"""The PDF checks themselves: a font left out of the file or without its Unicode map is caught, text is read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from accountplan.reports.fonts import SANS, register_fonts

from .pdf_reading import assert_embedded_subsets, fonts, page_texts


def test_a_standard_font_drawn_but_not_embedded_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Plain Helvetica")
    canvas.showPage()
    canvas.save()
    assert [(font.name, font.embedded, font.subset) for font in fonts(path)] == [("Helvetica", False, False)]
    with pytest.raises(AssertionError, match="Helvetica"):
        assert_embedded_subsets(path)
    assert page_texts(path) == ["Plain Helvetica"]


def test_an_embedded_subset_reads_back_on_its_page(tmp_path: Path) -> None:
    register_fonts()
    path = tmp_path / "dejavu.pdf"
    canvas = Canvas(str(path), initialFontName=SANS.name)  # else every page names Helvetica too
    for text in ("Zoë Lefèvre", "Ольга Иванова"):
        canvas.setFont(SANS.name, 12)
        canvas.drawString(72, 720, text)
        canvas.showPage()
    canvas.save()
    (font,) = assert_embedded_subsets(path)
    assert font.family == "DejaVuSans" and font.type == "TrueType"
    assert page_texts(path) == ["Zoë Lefèvre", "Ольга Иванова"]
