"""The text rules: what a plan may hold, what lenient inputs keep, what every writer puts out."""

from __future__ import annotations

import xml.dom.minidom

import pytest

from accountplan.model.text_rules import clean_text, printable, text_problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Ольга Петрова\tCEO\nBoard", None),
        ("A\x00B", "control character U+0000 at character 2"),
        ("\x1b[31m", "control character U+001B at character 1"),
        ("line\r\nbreak", "control character U+000D at character 5"),
        ("half \ud800", "lone surrogate U+D800) at character 6"),
        ("C1 \x85", "control character U+0085 at character 4"),
    ],
)
def test_text_problem_names_the_character_and_where_it_is(value: str, problem: str | None) -> None:
    found = text_problem(value)
    assert found == problem if problem is None else problem in (found or "")


def test_a_text_over_its_limit_is_refused_with_both_numbers() -> None:
    assert text_problem("x" * 301, 300) == "is too long (301 characters, at most 300)"
    assert text_problem("x" * 300, 300) is None


@pytest.mark.parametrize("value", ["a\u2028b", "a\u2029b", "a\x85b", "a\rb", "a\r\nb", "a\x0bb", "a\x0cb"])
def test_every_line_break_becomes_a_newline_whatever_else_the_text_holds(value: str) -> None:
    assert clean_text(value) == "a\nb"
    assert printable(value) == "a\nb"


def test_clean_text_drops_controls_and_broken_characters_and_keeps_tabs() -> None:
    assert clean_text("\x00A\x01\tB\x7f\ud800C\x9f") == "A\tBC"
    assert clean_text("井上 大輔") == "井上 大輔"


def test_printable_is_always_well_formed_xml_and_marks_a_broken_character() -> None:
    every_code_point = "".join(chr(c) for c in range(0x20000) if c not in range(0xD800, 0xE000))
    hostile = every_code_point + "\ud800\udfff"
    text = printable(hostile)
    document = xml.dom.minidom.parseString(f"<a>{text.replace('&', '&amp;').replace('<', '&lt;')}</a>")
    assert document.documentElement.tagName == "a"
    assert printable("bad \ud800 half") == "bad \ufffd half"
