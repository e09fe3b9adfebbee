"""Table cells never break a word in the middle unless it is wider than the cell (issue #22, section 2)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from accountplan.reports.document import TEXT_WIDTH, DocumentInfo, build_document, style, table
from accountplan.reports.fonts import text_width
from accountplan.reports.table_cells import CELL_PADDING, ScriptLines, cell_content

INFO = DocumentInfo("Title", "Author", "Subject", "keywords", "footer")
PLACE = "Port Hamburg-Waltershof terminal"
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitänsmütze"
JAPANESE = "東京本社の調達部門は、来年度の予算を「確定」する前に、移行計画の詳細を求めている。"


def cell_lines(text: str, width: float) -> list[str]:
    content = cell_content(text, width, style("cell"), bold=False)
    if isinstance(content, str):
        return [content]
    assert isinstance(content, ScriptLines)
    return ["".join(run.text for run in line) for line in content.lines]


def breaks_inside_words(text: str, lines: list[str]) -> list[int]:
    """The offsets in ``text`` where ``lines`` break it other than at a space."""
    offsets, at = [], 0
    for line in lines[:-1]:
        assert text.startswith(line, at), (text, lines)
        at += len(line)
        if text[at] == " ":
            at += 1
        else:
            offsets.append(at)
    return offsets


def test_a_hyphenated_place_breaks_after_its_hyphen_and_nowhere_else_in_a_word_that_fits() -> None:
    for width in range(40, 200, 3):
        room = width - 2 * CELL_PADDING
        lines = cell_lines(PLACE, width)
        for offset in breaks_inside_words(PLACE, lines):
            pieces = ("Port", "Hamburg-", "Waltershof", "terminal")
            split_piece = [p for p in pieces if 0 < offset - PLACE.find(p) < len(p)]
            assert PLACE[offset - 1] == "-" or text_width(split_piece[0], 9) > room, (width, lines)
    room_for = text_width("Hamburg-Waltershof", 9) + 2 * CELL_PADDING
    assert cell_lines("Hamburg-Waltershof", room_for + 1) == ["Hamburg-Waltershof"]  # fits: not broken
    assert cell_lines(PLACE, room_for - 1)[:2] == ["Port Hamburg-", "Waltershof terminal"]


def test_a_word_wider_than_the_cell_is_split_starting_its_own_lines_and_filling_them() -> None:
    width = 70.0
    room = width - 2 * CELL_PADDING
    text = f"Die {COMPOUND} liegt in Hamburg-Waltershof"
    lines = cell_lines(text, width)
    assert lines[0] == "Die"  # not "Die Donau" / "dampf…": the long word starts a line
    assert "".join(lines[1:]).startswith(COMPOUND)
    split = breaks_inside_words(text, lines)
    inside = [offset for offset in split if offset < text.index(" liegt")]
    assert len(inside) >= 3
    for line in lines:
        assert text_width(line, 9) <= room + 0.5, lines
    for line in lines[1 : len(inside) + 1]:
        assert text_width(line, 9) > room - 12, lines  # each full line of the word is filled
    assert lines[-2:] == ["Hamburg-", "Waltershof"], lines


def test_japanese_breaks_between_characters_but_not_before_closing_marks() -> None:
    for width in (50.0, 63.0, 80.0, 101.0):
        lines = cell_lines(JAPANESE, width)
        assert "".join(lines) == JAPANESE
        assert len(lines) > 1
        for line in lines[1:]:
            assert line[0] not in "、。」", (width, lines)
        for line in lines[:-1]:
            assert line[-1] != "「", (width, lines)


def test_in_the_pdf_no_cell_line_ends_inside_hamburg_or_waltershof() -> None:
    rows = [(PLACE, COMPOUND, JAPANESE), ("Hamburg-Waltershof", "Kapitän", "「確定」")]
    buffer = io.BytesIO()
    build_document(buffer, INFO, [table(("Where", "Who", "What"), rows, (0.14, 0.16, 0.2))])
    text = PdfReader(buffer).pages[0].extract_text()
    lines = [line.strip() for line in text.split("\n")]
    for line in lines:
        last = line.split(" ")[-1] if line else ""
        if last and "Hamburg-Waltershof".startswith(last) and last != "Hamburg-Waltershof":
            assert last == "Hamburg-", (last, lines)
    assert text_width("Hamburg-Waltershof", 9) + 2 * CELL_PADDING > TEXT_WIDTH * 0.14  # really narrow
    assert "".join(text.split()).count("Hamburg-Waltershof") == 2
