"""The success plan's cover logos chosen in the window: remembered per account, on the exported PDF, refused
files said and not remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from accountplan.interchange.demo import load_demo
from accountplan.store.database import Database
from accountplan.ui.common import settings as S
from accountplan.ui.common.accessibility import spoken_name
from accountplan.ui.documents import cover_logos
from accountplan.ui.documents.success_plan_page import SuccessPlanPage
from accountplan.ui.frame.main_window import MainWindow


@pytest.fixture
def demo_plan(window: MainWindow, db: Database) -> SuccessPlanPage:
    load_demo(db)
    window.events.accounts_changed.emit()
    window.select_account(window.accounts.account_at(0).name)
    page = window.show_page("success")
    assert isinstance(page, SuccessPlanPage)
    return page


def _cover_images(path: Path) -> int:
    page = PdfReader(path).pages[0]
    objects = page["/Resources"].get("/XObject", {})
    return sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image")


def test_a_chosen_logo_is_remembered_per_account_goes_on_the_cover_and_is_cleared(
    qtbot: QtBot, window: MainWindow, demo_plan: SuccessPlanPage, settings: S.Settings, tmp_path: Path
) -> None:
    logo = tmp_path / "acme.png"
    Image.new("RGB", (300, 100), (200, 30, 30)).save(logo)
    row = demo_plan.cover_logos
    assert row.choose("customer", logo)
    key = S.success_plan_logo(window.database.name, demo_plan.account_id, "customer")
    assert settings.get(key) == str(logo.resolve())
    assert settings.get(S.success_plan_logo(window.database.name, demo_plan.account_id + 1, "customer")) == ""
    assert row.file_labels["customer"].text() == "acme.png" and row.clear_buttons["customer"].isVisible()
    names = {spoken_name(b) for b in [*row.choose_buttons.values(), *row.clear_buttons.values()]}
    assert names == {
        "Choose the customer's logo",
        "Choose our logo",
        "Clear the customer's logo",
        "Clear our logo",
    }
    with_logo = tmp_path / "with logo.pdf"
    task = demo_plan.export_plan(with_logo)
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    assert _cover_images(with_logo) == 1

    row.clear_buttons["customer"].click()
    assert settings.get(key) == "" and not row.clear_buttons["customer"].isVisible()
    without = tmp_path / "without.pdf"
    task = demo_plan.export_plan(without)
    assert task is not None
    with qtbot.waitSignal(task.succeeded, timeout=60_000):
        pass
    assert _cover_images(without) == 0


def test_the_print_job_carries_the_logos(
    window: MainWindow, demo_plan: SuccessPlanPage, tmp_path: Path
) -> None:
    logo = tmp_path / "ours.jpg"
    Image.new("RGB", (200, 80), (20, 60, 200)).save(logo)
    assert demo_plan.cover_logos.choose("ours", logo)
    logos = cover_logos.remembered_logos(window.context, demo_plan.account_id)
    assert logos.ours is not None and logos.customer is None
    job = window.printing.page_job()
    assert job is not None
    out = tmp_path / "printed.pdf"
    out.write_bytes(job.build(None).data)  # type: ignore[arg-type]
    assert _cover_images(out) == 1


@pytest.mark.parametrize("kind", ["too big", "not an image"])
def test_a_refused_file_is_said_and_not_remembered(
    demo_plan: SuccessPlanPage,
    window: MainWindow,
    settings: S.Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(cover_logos, "tell_refused", lambda _parent, message: told.append(message))
    if kind == "too big":
        bad = tmp_path / "huge.png"
        Image.new("RGB", (5000, 10)).save(bad)
    else:
        bad = tmp_path / "notes.png"
        bad.write_text("not a picture")
    assert not demo_plan.cover_logos.choose("customer", bad)
    assert len(told) == 1 and bad.name in told[0]
    assert ("5000" in told[0]) if kind == "too big" else ("not an image" in told[0])
    assert settings.get(S.success_plan_logo(window.database.name, demo_plan.account_id, "customer")) == ""
    assert not demo_plan.cover_logos.file_labels["customer"].isVisible()
