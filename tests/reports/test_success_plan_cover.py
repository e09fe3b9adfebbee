"""The success plan the customer signs (issue #22, section 2): cover, logos, agreed by, what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select, update

from accountplan.errors import AccountPlanError
from accountplan.model import ChangeLogEntry
from accountplan.model.enums import BuyingRole, CoSellerRole, MilestoneStatus, SuccessPhase
from accountplan.plan import success, team
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.reports import logos as logo_module
from accountplan.reports.logos import MAX_LOGO_PIXELS, Logos, read_logo
from accountplan.reports.shareable import read_success_plan
from accountplan.reports.success_plan import change_rows, write_success_plan
from accountplan.store.database import Database

TODAY = dt.date(2026, 11, 23)


def squeeze(value: str) -> str:
    return " ".join(value.split())


def image_file(path: Path, size: tuple[int, int] = (300, 100), colour: str = "#2a6") -> Path:
    Image.new("RGB", size, colour).save(path, format="JPEG" if path.suffix == ".jpg" else "PNG")
    return path


def test_png_and_jpeg_logos_are_reencoded_as_png(tmp_path: Path) -> None:
    png = read_logo(image_file(tmp_path / "ours.png"))
    jpeg = read_logo(image_file(tmp_path / "theirs.jpg", (120, 240)))
    for logo, size in ((png, (300, 100)), (jpeg, (120, 240))):
        assert logo.png.startswith(b"\x89PNG") and (logo.width, logo.height) == size


def test_too_big_odd_and_svg_logos_are_refused_with_a_reason(tmp_path: Path) -> None:
    huge = image_file(tmp_path / "huge.png", (MAX_LOGO_PIXELS + 1, 10))
    with pytest.raises(AccountPlanError, match="4001 × 10 pixels; a logo may be at most 4000"):
        read_logo(huge)
    heavy = tmp_path / "heavy.png"
    heavy.write_bytes(huge.read_bytes()[:100] + b"\0" * (3 * 1024 * 1024))
    with pytest.raises(AccountPlanError, match="3.0 MB; a logo may be at most 2 MB"):
        read_logo(heavy)
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"GIF89a not really")
    with pytest.raises(AccountPlanError, match="not an image that can be read"):
        read_logo(fake)
    with pytest.raises(AccountPlanError, match="not a PNG, JPEG or SVG"):
        read_logo(image_file(tmp_path / "logo.gif"))
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>')
    with pytest.raises(AccountPlanError, match="SVG|outside itself"):
        read_logo(svg)  # without svglib: refused; with it: the external image is refused, never fetched


def test_an_svg_referring_outside_itself_is_refused_before_any_parser_sees_it() -> None:
    for text in (
        '<image href="file:///etc/passwd"/>',
        '<image xlink:href="http://x/y.png"/>',
        "<style>@import url(http://x/a.css)</style>",
        '<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        '<rect fill="url(http://x/p)"/>',
    ):
        assert logo_module._EXTERNAL.search(text), text
    assert not logo_module._EXTERNAL.search('<rect fill="url(#gradient)"/><use href="#a"/>')


def plan_with_sponsors(db: Database) -> int:
    with db.transaction() as session:
        account_id = create_account(session, "Kunde AG", currency="EUR")
        buyer = add_stakeholder(session, account_id, "Greta Käufer", title="CFO")
        from accountplan.model import StakeholderRole

        session.add(
            StakeholderRole(account_id=account_id, stakeholder_id=buyer, role=BuyingRole.ECONOMIC_BUYER)
        )
        executive = team.add_co_seller(
            session, "Ana Vendedora", CoSellerRole.ACCOUNT_EXECUTIVE, organisation="Corvane Systems"
        )
        team.join_team(session, account_id, executive)
        sponsor = team.add_co_seller(
            session, "Helen Park", CoSellerRole.EXECUTIVE_SPONSOR, title="EVP Field Operations"
        )
        team.join_team(session, account_id, sponsor)
        success.add_item(session, account_id, "objective", "Dwell time", baseline="4 h", target="2 h")
    return account_id


def test_the_cover_names_both_companies_and_who_agrees_with_logos_from_odd_file_names(
    db: Database, tmp_path: Path
) -> None:
    account_id = plan_with_sponsors(db)
    customer = read_logo(image_file(tmp_path / "<img src=x>.png"))
    ours = read_logo(image_file(tmp_path / "<b onmouseover=x>&ours.jpg", colour="#c22"))
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    plan = replace(plan, logos=Logos(customer, ours))
    path = tmp_path / "plan.pdf"
    write_success_plan(plan, path, TODAY)
    reader = PdfReader(path)
    cover = squeeze(reader.pages[0].extract_text())
    assert "Kunde AG and Corvane Systems" in cover
    assert "Agreed by" in cover
    for expected in ("For Kunde AG", "Greta Käufer", "CFO", "For Corvane Systems", "Helen Park"):
        assert expected in cover, cover
    assert "EVP Field Operations" in cover and "Ana Vendedora" not in cover  # the sponsor signs, not the AE
    assert cover.count("Signature:") == 2 and cover.count("Date:") == 2
    images = reader.pages[0].images
    assert len(images) == 2
    raw = path.read_bytes()
    assert b"img src" not in raw and b"onmouseover" not in raw  # the file names reach nothing


def test_without_a_sponsor_the_account_executive_signs_and_no_buyer_leaves_a_line(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        account_id = create_account(session, "Solo GmbH", currency="EUR")
        add_stakeholder(session, account_id, "Not A Buyer", title="Engineer")
        executive = team.add_co_seller(
            session, "Ana Vendedora", CoSellerRole.ACCOUNT_EXECUTIVE, title="Account Executive"
        )
        team.join_team(session, account_id, executive)
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    path = tmp_path / "plan.pdf"
    write_success_plan(plan, path, TODAY)
    cover = squeeze(PdfReader(path).pages[0].extract_text())
    assert "Ana Vendedora" in cover and "Account Executive" in cover
    assert "Not A Buyer" not in cover and "Name and title:" in cover


def _stamp(db: Database, day: dt.date, after: int) -> int:
    """Date the change-log entries after id ``after`` on ``day``; return the last id."""
    at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    with db.transaction(audit=False) as session:
        session.execute(update(ChangeLogEntry).where(ChangeLogEntry.id > after).values(at=at))
        return int(session.scalar(select(func.max(ChangeLogEntry.id))) or 0)


def scripted_history(db: Database) -> int:
    """Revision 1 in September, revision 2 on 5 Oct, edits in October, revision 3 on 5 Nov."""
    with db.transaction() as session:
        account_id = create_account(session, "Kunde AG", currency="EUR")
        seller = team.add_co_seller(session, "Ana Vendedora", CoSellerRole.ACCOUNT_EXECUTIVE)
        team.join_team(session, account_id, seller)
        success.add_item(session, account_id, "objective", "Dwell time", due=dt.date(2026, 12, 31))
        ids = {
            title: success.add_item(
                session, account_id, "milestone", title, due=due, phase=SuccessPhase.DEPLOYMENT
            )
            for title, due in (
                ("Pilot hub live", dt.date(2026, 10, 20)),
                ("Carrier onboarding", dt.date(2026, 11, 10)),
                ("Second region", dt.date(2026, 12, 15)),
                ("Data feed signed off", dt.date(2026, 11, 1)),
            )
        }
    last = _stamp(db, dt.date(2026, 9, 1), 0)
    with db.transaction() as session:
        success.raise_revision(session, account_id)
    last = _stamp(db, dt.date(2026, 10, 5), last)
    with db.transaction() as session:
        objective = success.success_plan_view(session, account_id).items["objective"][0].id
        success.update_item(session, "objective", objective, due=dt.date(2027, 3, 31))
        success.add_item(session, account_id, "objective", "Carrier NPS", due=dt.date(2027, 6, 30))
        success.update_item(session, "milestone", ids["Carrier onboarding"], due=dt.date(2026, 12, 1))
        success.update_item(session, "milestone", ids["Pilot hub live"], status=MilestoneStatus.REACHED)
        success.add_item(
            session, account_id, "milestone", "Hamburg-Waltershof live", due=dt.date(2027, 1, 15)
        )
        success.update_item(session, "milestone", ids["Second region"], due=dt.date(2027, 2, 1))
        success.update_item(session, "milestone", ids["Second region"], due=dt.date(2026, 12, 15))
    last = _stamp(db, dt.date(2026, 10, 20), last)
    with db.transaction() as session:
        success.raise_revision(session, account_id)
    _stamp(db, dt.date(2026, 11, 5), last)
    return account_id


def test_what_changed_since_the_previous_revision_lists_added_moved_reached_and_late(
    db: Database, tmp_path: Path
) -> None:
    account_id = scripted_history(db)
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    assert plan.revision == 3 and plan.changes is not None and plan.changes.since_revision == 2
    assert change_rows(plan, TODAY) == [
        ("Moved", "Objective: Dwell time", "from 31 Dec 2026 to 31 Mar 2027"),
        ("New", "Objective: Carrier NPS", "by 30 Jun 2027"),
        ("Reached", "Milestone: Pilot hub live", "planned for 20 Oct 2026"),
        ("Moved", "Milestone: Carrier onboarding", "from 10 Nov 2026 to 01 Dec 2026"),
        ("New", "Milestone: Hamburg-Waltershof live", "by 15 Jan 2027"),
        ("Late", "Milestone: Data feed signed off", "due 01 Nov 2026, 22 days ago"),
    ]  # "Second region" moved and moved back: unchanged for the customer
    path = tmp_path / "plan.pdf"
    write_success_plan(plan, path, TODAY)
    pages = [page.extract_text() for page in PdfReader(path).pages]
    changes = squeeze(pages[1])
    assert "What changed since revision 2" in changes and "Since revision 2 of 05 Oct 2026" in changes
    for words in (
        "New Objective: Carrier NPS",
        "Moved Objective: Dwell time from 31 Dec 2026 to 31 Mar 2027",
        "Reached Milestone: Pilot hub live",
        "Moved Milestone: Carrier onboarding from 10 Nov 2026 to 01 Dec 2026",
        "Late Milestone: Data feed signed off due 01 Nov 2026, 22 days ago",
    ):
        assert words in changes, (words, changes)
    assert "Hamburg-Waltershof live" in changes
    assert "Second region" not in changes
    assert "What changed" not in squeeze(pages[0]) and "What changed" not in squeeze(" ".join(pages[2:]))


def test_the_first_revision_has_no_changes_page(db: Database, tmp_path: Path) -> None:
    account_id = plan_with_sponsors(db)
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    assert plan.changes is None
    path = tmp_path / "plan.pdf"
    write_success_plan(plan, path, TODAY)
    assert "What changed" not in " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_deck_has_the_logos_who_agrees_and_what_changed(db: Database, tmp_path: Path) -> None:
    from pptx import Presentation

    from accountplan.reports.success_plan_pptx import write_success_plan_pptx

    account_id = scripted_history(db)
    with db.transaction() as session:
        executive = team.add_co_seller(session, "Helen Park", CoSellerRole.EXECUTIVE_SPONSOR, title="EVP")
        team.join_team(session, account_id, executive)
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    logos = Logos(
        read_logo(image_file(tmp_path / "<img src=x>.png")), read_logo(image_file(tmp_path / "o.jpg"))
    )
    path = tmp_path / "plan.pptx"
    write_success_plan_pptx(replace(plan, logos=logos), path, TODAY)
    slides = list(Presentation(str(path)).slides)

    def texts(slide: object) -> str:
        found = []
        for shape in slide.shapes:  # type: ignore[attr-defined]
            if shape.has_text_frame:
                found.append(shape.text_frame.text)
            if shape.has_table:
                found += [cell.text for row in shape.table.rows for cell in row.cells]
        return squeeze(" ".join(found))

    assert sorted(s.name for s in slides[0].shapes if s.shape_type == 13) == ["Customer logo", "Our logo"]
    assert slides[1].shapes.title.text == "Agreed by"
    agreed = texts(slides[1])
    assert "For Kunde AG" in agreed and "Helen Park" in agreed and "EVP" in agreed and "Signature:" in agreed
    assert slides[2].shapes.title.text == "What changed since revision 2"
    changes = texts(slides[2])
    for words in ("Reached Milestone: Pilot hub live", "New Milestone: Hamburg-Waltershof live", "Late"):
        assert words in changes, changes
    assert b"img src" not in path.read_bytes()


def test_the_command_line_puts_the_logos_on_the_cover_and_refuses_a_bad_one(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from accountplan.cli import main

    plan_with_sponsors(db)
    logo = image_file(tmp_path / "<img src=x>.png")
    out = tmp_path / "plan.pdf"
    command = ["--db", str(db_path), "export", "success-plan", "--account", "Kunde AG", "-o", str(out)]
    ours = image_file(tmp_path / "ours.jpg", (80, 80), "#c22")
    assert main([*command, "--customer-logo", str(logo), "--our-logo", str(ours)]) == 0
    assert len(PdfReader(out).pages[0].images) == 2
    huge = image_file(tmp_path / "huge.png", (5000, 10))
    out.unlink()
    assert main([*command, "--our-logo", str(huge)]) != 0
    assert "5000 × 10 pixels" in capsys.readouterr().err and not out.exists()


SVG_LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80">'
    '<rect width="240" height="80" fill="#1f5fbf"/>'
    '<text x="20" y="52" font-size="34" fill="#ffffff">Kunde</text></svg>'
)


def test_a_self_contained_svg_logo_is_drawn_as_vectors_on_the_pdf_and_refused_for_the_deck(
    db: Database, tmp_path: Path
) -> None:
    from accountplan.reports.success_plan_pptx import write_success_plan_pptx

    svg = tmp_path / "kunde.svg"
    svg.write_text(SVG_LOGO, encoding="utf-8")
    logo = read_logo(svg)
    # 240 × 80 CSS pixels are 180 × 60 points.
    assert logo.drawing is not None and logo.png == b"" and (logo.width, logo.height) == (180, 60)
    account_id = plan_with_sponsors(db)
    with db.session() as session:
        plan = replace(read_success_plan(session, account_id), logos=Logos(logo, None))
    path = tmp_path / "plan.pdf"
    write_success_plan(plan, path, TODAY)
    cover = PdfReader(path).pages[0]
    assert "Kunde" in squeeze(cover.extract_text())  # the logo's own word, as vector text
    assert len(cover.images) == 0  # vectors, not a picture
    with pytest.raises(AccountPlanError, match="save the SVG logo 'kunde.svg' as PNG or JPEG for the deck"):
        write_success_plan_pptx(plan, tmp_path / "plan.pptx", TODAY)
    empty = tmp_path / "empty.svg"
    empty.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>', encoding="utf-8")
    with pytest.raises(AccountPlanError, match="no size a cover can show"):
        read_logo(empty)
