"""Every command's --help explains each of its options and shows how it is used."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from accountplan.cli import MAP_FIELDS, build_parser
from accountplan.interchange.contact_formats import FIELD_ALIASES, FIELDS


def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The words of every command and sub-command (``("export", "plan")``...), the parser's own first."""
    yield words
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from commands(child, (*words, name))


def parser_of(words: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = build_parser()
    for word in words:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    return parser


ALL = list(commands(build_parser()))


def test_the_commands_are_all_found() -> None:
    assert len(ALL) > 15
    assert ("export", "success-plan") in ALL and ("import", "contacts") in ALL and ("team", "add-user") in ALL


@pytest.mark.parametrize("words", ALL, ids=lambda words: " ".join(words) or "accountplan")
def test_every_command_has_an_example_and_every_option_an_explanation(
    words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    parser = parser_of(words)
    unexplained = [
        "/".join(action.option_strings) or action.dest
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert unexplained == [], f"options without help: {unexplained}"
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["--help"])
    assert exited.value.code == 0
    shown = capsys.readouterr().out
    assert "\nexamples:\n" in shown
    examples = re.findall(r"^  (accountplan .*)$", shown.split("\nexamples:\n")[1], flags=re.MULTILINE)
    assert examples, shown
    command = " ".join(("accountplan", *words))
    assert any(f" {' '.join(words)}" in example or not words for example in examples), (command, examples)


def test_the_map_fields_explained_are_the_fields_an_import_reads() -> None:
    listed = re.findall(r"^  (\w+) {2,}", MAP_FIELDS, flags=re.MULTILINE)
    assert listed == list(FIELDS)
    for alias, field in FIELD_ALIASES.items():
        line = next(line for line in MAP_FIELDS.splitlines() if line.startswith(f"  {field} "))
        assert alias in line, (alias, line)


def test_account_is_explained_wherever_it_is_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "calendar", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--account NAME the account, by its name as 'accountplan accounts' lists it" in shown
