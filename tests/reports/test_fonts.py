"""The shipped fonts: TrueType outlines for every script a name may be in, and the right font for each run."""

from __future__ import annotations

from importlib import resources

import pytest
from reportlab.pdfbase import pdfmetrics

from accountplan.reports.fonts import (
    CHINESE,
    FACES,
    JAPANESE,
    KOREAN,
    SANS,
    SANS_BOLD,
    TextRun,
    register_fonts,
    text_runs,
    text_width,
)


def test_every_font_ships_with_its_licence_and_the_set_stays_small() -> None:
    folder = resources.files("accountplan.resources") / "fonts"
    total = 0
    for face in FACES:
        data = (folder / face.file).read_bytes()
        total += len(data)
        assert data[:4] in (b"\x00\x01\x00\x00", b"ttcf"), f"{face.file} is not TrueType"
    licences = {entry.name for entry in (folder / "LICENSES").iterdir()}
    assert {"DejaVu.txt", "IPAfont.txt", "Nanum.txt", "WenQuanYi-MicroHei.txt", "README.txt"} <= licences
    assert total < 25_000_000


def test_fonts_register_once_with_glyph_outlines_for_every_script() -> None:
    register_fonts()
    register_fonts()
    for face in FACES:
        assert pdfmetrics.getFont(face.name).face.name  # a TrueType face, parsed
    for text, face in [("Søren Ødegård", SANS), ("Дмитрий", SANS), ("田中", JAPANESE), ("김민준", KOREAN)]:
        glyphs = pdfmetrics.getFont(face.name).face.charToGlyph
        assert all(ord(char) in glyphs for char in text), (text, face.name)


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("Zoë Lefèvre", [TextRun("Zoë Lefèvre", SANS.name)]),
        ("Ольга Ким", [TextRun("Ольга Ким", SANS.name)]),
        ("田中 Aiko", [TextRun("田中", JAPANESE.name), TextRun(" Aiko", SANS.name)]),
        ("Aiko 田中", [TextRun("Aiko ", SANS.name), TextRun("田中", JAPANESE.name)]),
        ("さくら 田中", [TextRun("さくら 田中", JAPANESE.name)]),
        ("김민준 (CTO)", [TextRun("김민준", KOREAN.name), TextRun(" (CTO)", SANS.name)]),
        # Simplified hanzi are not in the Japanese font: the name goes whole to the Chinese one.
        ("张伟", [TextRun("张伟", CHINESE.name)]),
        ("王芳", [TextRun("王芳", JAPANESE.name)]),
        ("", []),
    ],
)
def test_text_is_split_into_runs_by_script(text: str, runs: list[TextRun]) -> None:
    assert list(text_runs(text)) == runs


def test_bold_uses_the_bold_latin_face_and_marks_cjk_for_a_synthetic_bold() -> None:
    assert text_runs("田中 Aiko", bold=True) == (
        TextRun("田中", JAPANESE.name, synthetic_bold=True),
        TextRun(" Aiko", SANS_BOLD.name),
    )
    assert text_width("Aiko", 10, bold=True) > text_width("Aiko", 10)


def test_a_character_the_chosen_font_lacks_comes_from_one_that_has_it() -> None:
    # 专 (U+4E13) is in the Chinese font only; the Japanese run around it keeps its own font.
    runs = text_runs("さ专さ")
    assert [run.font for run in runs] == [JAPANESE.name, CHINESE.name, JAPANESE.name]
    assert "".join(run.text for run in runs) == "さ专さ"
