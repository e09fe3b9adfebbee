"""Each document built in memory for the window's Print is the very PDF its export writes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from accountplan.errors import AccountPlanError
from accountplan.interchange.demo import load_demo
from accountplan.model import Account
from accountplan.reports import exports
from accountplan.store.database import Database

TODAY = dt.date.today()


@pytest.fixture
def demo_id(db: Database) -> int:
    load_demo(db)
    with db.session() as session:
        return int(session.scalars(select(Account.id)).one())


def _texts(reader: PdfReader) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.mark.parametrize("kind", exports.DOCUMENT_KINDS)
def test_a_document_in_memory_is_the_exported_document(
    db: Database, demo_id: int, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / f"{kind}.pdf"
    with db.session() as session:
        data = exports.document_pdf(session, kind, demo_id, TODAY)
        if kind == "success-plan":
            written = exports.export_success_plan(session, demo_id, target, TODAY)
        elif kind == "account-plan":
            written = exports.export_account_plan(session, demo_id, target, TODAY)
        else:
            meeting = exports.find_meeting(session, demo_id, None, TODAY)
            written = exports.export_meeting_pack(session, meeting, target, TODAY)
    in_memory, on_disk = PdfReader(io.BytesIO(data)), PdfReader(target)
    assert len(in_memory.pages) == written.pages >= 1
    assert _texts(in_memory) == _texts(on_disk)


def test_an_unknown_document_is_refused_with_the_names_there_are(db: Database, demo_id: int) -> None:
    with db.session() as session, pytest.raises(AccountPlanError, match="success-plan, account-plan"):
        exports.document_pdf(session, "brochure", demo_id, TODAY)
