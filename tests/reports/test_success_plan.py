"""The success plan PDF: what the customer reads, and nothing internal by any path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import String, Text, select, text

from accountplan.interchange.demo import load_demo
from accountplan.model import Account, Base
from accountplan.model.enums import CoSellerRole, SuccessPhase
from accountplan.plan import success, team
from accountplan.plan.accounts import create_account
from accountplan.plan.stakeholders import add_stakeholder
from accountplan.reports.shareable import SHAREABLE, read_success_plan, withheld
from accountplan.reports.success_plan import write_success_plan
from accountplan.store.database import Database

from .pdf_reading import assert_embedded_subsets, pdf_text

TODAY = dt.date(2026, 11, 23)


def squeeze(value: str) -> str:
    return " ".join(value.split())


def export(db: Database, account_id: int, path: Path) -> Path:
    with db.session() as session:
        plan = read_success_plan(session, account_id)
    write_success_plan(plan, path, TODAY)
    return path


@pytest.fixture
def demo_id(db: Database) -> int:
    load_demo(db, today=TODAY)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def test_the_demo_success_plan_reads_back_with_its_objectives_milestones_and_owners(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    path = export(db, demo_id, tmp_path / "plan.pdf")
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 3
    words = squeeze(pdf_text(path))
    with db.session() as session:
        plan = read_success_plan(session, demo_id)
    assert squeeze(plan.title) in words and "Shirokane Nordhaven Holdings" in words
    assert f"Version {plan.revision}" in words
    for objective in plan.objectives:
        assert squeeze(objective.metric) in words
    for duty in plan.responsibilities:
        assert duty.customer_owner.split(" (")[0] in words and duty.our_owner.split(" (")[0] in words
    assert "Deployment" in words and "Adoption" in words and "Business impact" in words
    info = reader.metadata
    assert info is not None
    assert info.title == f"{plan.title} — Shirokane Nordhaven Holdings"
    assert info.author == "Marcus Lindqvist"  # the account executive, who signs it


def _mark_every_internal_field(db: Database) -> list[str]:
    """Write a unique marker into every text column the declaration does not share; return the markers."""
    shareable = {entity.__table__.name: fields for entity, fields in SHAREABLE.items()}  # type: ignore[attr-defined]
    markers = []
    with db.transaction(audit=False) as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text) or column.name in shareable.get(table.name, ()):
                    continue
                if column.foreign_keys or column.name in (
                    "currency",
                    "field",
                    "entity_type",
                    "stage",
                    "process",
                ):
                    continue  # codes, not prose: a marker would not be a valid value
                if column.type.__class__.__name__ == "Enum" or getattr(column.type, "enums", None):
                    continue
                marker = f"LEAK{len(markers):03d}"
                # Short columns (currency codes…) were skipped; the id keeps unique columns unique.
                session.execute(
                    text(f'UPDATE "{table.name}" SET "{column.name}" = :m || \'x\' || id'), {"m": marker}
                )
                markers.append(marker)
    return markers


def test_no_internal_field_reaches_the_customer_by_any_path(
    db: Database, demo_id: int, tmp_path: Path
) -> None:
    markers = _mark_every_internal_field(db)
    assert len(markers) > 40  # stance notes, red flags, strategy, evidence, emails, notes…
    path = export(db, demo_id, tmp_path / "plan.pdf")
    reader = PdfReader(path)
    visible = pdf_text(path)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    outline = repr(reader.outline)
    raw = path.read_bytes()
    assert all("/Annots" not in page for page in reader.pages)  # no link, note or hidden annotation
    for marker in markers:
        assert marker not in visible, f"{marker} is in the page text"
        assert marker not in metadata and marker not in outline
        assert marker.encode() not in raw
    for word in ("Detractor", "Skeptic", "Champion", "MEDDPICC", "red flag", "commission"):
        assert word not in visible
    # The shareable fields are still there: the test would not pass on an empty document.
    with db.session() as session:
        plan = read_success_plan(session, demo_id)
    assert squeeze(plan.objectives[0].metric) in squeeze(visible)


def test_the_export_says_what_it_withheld(db: Database, demo_id: int) -> None:
    with db.session() as session:
        lines = withheld(session, demo_id)
    joined = "\n".join(lines)
    assert "162 stakeholders" in joined and "red flags" in joined and "MEDDPICC" in joined
    assert "commission" in joined


def _small_plan(db: Database, *, name: str, metric: str, definition: str = "", steps: str = "") -> int:
    with db.transaction() as session:
        account_id = create_account(session, "Kunde AG", currency="EUR")
        owner = add_stakeholder(session, account_id, name, title="CIO")
        seller = team.add_co_seller(session, "Ana Vendedora", CoSellerRole.ACCOUNT_EXECUTIVE)
        team.join_team(session, account_id, seller)
        success.update_success_plan(session, account_id, definition_of_success=definition, next_steps=steps)
        success.add_item(session, account_id, "objective", metric, baseline="1", target="2")
        success.add_item(
            session,
            account_id,
            "milestone",
            f"Go live with {name}",
            phase=SuccessPhase.ADOPTION,
            customer_owner_id=owner,
            our_owner_id=seller,
        )
    return account_id


def test_markup_in_user_text_stays_literal_no_link_no_image(db: Database, tmp_path: Path) -> None:
    link = '<a href="https://evil.example/x">Click here</a>'
    image = '<img src="/etc/hostname" width="50" height="50"/>'
    account_id = _small_plan(
        db, name=f"Eve {link}", metric=f"Uptime {image}", definition="<b>bold?</b> & more"
    )
    path = export(db, account_id, tmp_path / "plan.pdf")
    reader = PdfReader(path)
    for page in reader.pages:
        assert "/Annots" not in page, "a name added a link annotation"
        resources = page["/Resources"]
        xobjects = resources.get("/XObject", {}) if resources else {}
        assert not xobjects, "user text embedded an image"
    letters = "".join(pdf_text(path).split())  # table cells wrap lines anywhere between words
    for literal in (link, image, "<b>bold?</b> & more"):
        assert "".join(literal.split()) in letters


def test_names_in_every_script_are_real_text_in_embedded_subset_fonts(db: Database, tmp_path: Path) -> None:
    names = ["山田 太郎", "김민준", "王小明", "Ольга Иванова", "Zoë Lefèvre-Ødegård"]
    account_id = _small_plan(db, name=names[0], metric="Latency")
    with db.transaction() as session:
        for name in names[1:]:
            owner = add_stakeholder(session, account_id, name, title="Lead")
            success.add_item(
                session, account_id, "responsibility", f"Review by {name}", customer_owner_id=owner
            )
    path = export(db, account_id, tmp_path / "plan.pdf")
    words = pdf_text(path)
    for name in names:
        assert name in words
    families = {font.family for font in assert_embedded_subsets(path)}  # embedded, subset, Unicode
    assert {"IPAGothic", "NanumGothic"} <= families
    assert not any("Helvetica" in family for family in families)


def test_a_200000_character_note_flows_over_pages(db: Database, tmp_path: Path) -> None:
    sentence = "The hub teams agreed to measure dwell time every shift and to review it weekly. "
    long_paragraph = sentence * 2500  # 200,000 characters without a paragraph break
    account_id = _small_plan(db, name="Jo", metric="Dwell", definition=long_paragraph + "\n\nTHE-END-MARK")
    path = export(db, account_id, tmp_path / "plan.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) > 20
    assert "THE-END-MARK" in pdf_text(path)
