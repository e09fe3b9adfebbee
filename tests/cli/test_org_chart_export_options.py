"""export org-chart on paper, of part of the account, and as a deck: what a seller types before a meeting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from tests.cli.conftest import CliRunner
from tests.reports.pdf_reading import page_texts

from accountplan.interchange.demo import load_demo
from accountplan.reports.paper import PAPERS
from accountplan.store.database import Database


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with Database.open(path, user="tester") as database:
        name, _ = load_demo(database)
    return path, name


@pytest.fixture
def demo(demo_file: tuple[Path, str], tmp_path: Path) -> tuple[str, str]:
    copy = tmp_path / "plan.sqlite"
    shutil.copy(demo_file[0], copy)  # closed database: a plain copy is whole
    return str(copy), demo_file[1]


def _export(cli: CliRunner, demo: tuple[str, str], *args: str) -> tuple[int, str, str]:
    return cli("--db", demo[0], "export", "org-chart", "--account", demo[1], *args)


def _sizes(path: Path) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages}


def test_the_demo_fits_one_a3_landscape_page_with_names_of_six_points_or_more(
    cli: CliRunner, demo: tuple[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "wall.pdf"
    code, out, err = _export(cli, demo, "-o", str(target), "--compact", "--paper", "A3", "--fit")
    assert code == 0, err
    assert "(162 people)" in out and "A3 landscape" in out
    assert "too small" not in out  # no illegible-names warning
    width, height = PAPERS["A3"]
    assert _sizes(target) == {(round(height), round(width))}
    text = " ".join(page_texts(target))
    assert "Yuki Hasegawa" in text and "Matthias Vogelsang" in text  # names stay text


def test_the_wide_chart_fitted_on_a4_warns_that_names_are_too_small_and_tiles_do_not(
    cli: CliRunner, demo: tuple[str, str], tmp_path: Path
) -> None:
    code, out, _ = _export(cli, demo, "-o", str(tmp_path / "fit.pdf"), "--paper", "A4", "--fit")
    assert code == 0 and "too small" in out
    code, out, _ = _export(cli, demo, "-o", str(tmp_path / "tiles.pdf"), "--paper", "A4", "--portrait")
    assert code == 0 and "A4 portrait" in out and "too small" not in out
    width, height = PAPERS["A4"]
    assert _sizes(tmp_path / "tiles.pdf") == {(round(width), round(height))}
    assert len(PdfReader(tmp_path / "tiles.pdf").pages) > 2


def test_fit_alone_prints_on_a3_and_no_page_is_ever_over_14400_points(
    cli: CliRunner, demo: tuple[str, str], tmp_path: Path
) -> None:
    code, out, _ = _export(cli, demo, "-o", str(tmp_path / "a3.pdf"), "--fit")
    assert code == 0 and "A3 landscape" in out
    code, _, _ = _export(cli, demo, "-o", str(tmp_path / "wide.pdf"))
    assert code == 0
    assert all(max(size) <= 14_400 for size in _sizes(tmp_path / "wide.pdf"))


def test_one_org_unit_and_a_person_with_levels_below_each_make_their_own_chart(
    cli: CliRunner, demo: tuple[str, str], tmp_path: Path
) -> None:
    code, out, err = _export(cli, demo, "-o", str(tmp_path / "it.pdf"), "--unit", "group it & digital")
    assert code == 0, err
    assert "(37 people)" in out
    text = " ".join(page_texts(tmp_path / "it.pdf"))
    assert "Group IT & Digital" in text and "Yuki Hasegawa" in text and "Matthias Vogelsang" not in text

    code, out, err = _export(
        cli, demo, "-o", str(tmp_path / "yuki.pdf"), "--person", "Yuki Hasegawa", "--levels", "1"
    )
    assert code == 0, err
    text = " ".join(page_texts(tmp_path / "yuki.pdf"))
    assert "Yuki Hasegawa and 1 level below" in text
    assert "José Núñez" in text  # a direct report
    assert "Haruka Shimizu" not in text  # two levels down


def test_unknown_units_people_and_misplaced_options_are_refused_in_one_sentence(
    cli: CliRunner, demo: tuple[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "x.pdf"
    for args, words in [
        (("--unit", "Nowhere"), "no org unit called 'Nowhere' (units: "),
        (("--person", "Nobody"), "nobody called 'Nobody'"),
        (("--levels", "2"), "name them with --person"),
        (("--person", "Yuki Hasegawa", "--levels", "-1"), "--levels must be 0 or more"),
        (("--paper", "B5"), "no paper called 'B5'"),
    ]:
        code, _, err = _export(cli, demo, "-o", str(target), *args)
        assert code != 0
        assert words in CliRunner.one_clear_sentence(err)
    code, _, err = _export(cli, demo, "-o", str(tmp_path / "x.svg"), "--paper", "A4", "--tiles")
    assert code != 0 and "cannot be cut into tiles" in CliRunner.one_clear_sentence(err)
    code, _, err = _export(cli, demo, "-o", str(tmp_path / "x.pptx"), "--paper", "A4")
    assert code != 0 and "16:9 slides" in CliRunner.one_clear_sentence(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.sqlite"]


def test_a_deck_has_the_whole_chart_then_a_slide_per_unit_and_every_name_as_text(
    cli: CliRunner, demo: tuple[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "chart.pptx"
    code, out, err = _export(cli, demo, "-o", str(target), "--compact")
    assert code == 0, err
    deck = Presentation(str(target))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert f"on {len(deck.slides)} slides" in out
    assert titles[0].startswith(demo[1])
    for unit in ("Corporate Office", "Group IT & Digital", "Nordhaven Logistics", "Global Supply Chain"):
        assert unit in titles
    assert titles[-1] == "How to read the org chart"

    def texts(shapes) -> list[str]:  # type: ignore[no-untyped-def]
        found = []
        for shape in shapes:
            if shape.shape_type == 6:  # a group: a card
                found += texts(shape.shapes)
            elif shape.has_text_frame:
                found.append(shape.text_frame.text)
        return found

    unit_slide = deck.slides[titles.index("Group IT & Digital")]
    on_slide = texts(unit_slide.shapes)
    assert "Yuki Hasegawa" in on_slide and "Matthias Vogelsang" not in on_slide

    code, out, _ = _export(cli, demo, "-o", str(tmp_path / "it.pptx"), "--unit", "Group IT & Digital")
    assert code == 0
    only = Presentation(str(tmp_path / "it.pptx"))
    headings = [slide.shapes.title.text for slide in only.slides if slide.shapes.title is not None]
    assert not any("Corporate Office" in heading for heading in headings)  # one unit: no slide per unit
