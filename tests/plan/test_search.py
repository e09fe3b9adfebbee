from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event

from accountplan.model import OrgUnit
from accountplan.model.enums import Severity
from accountplan.plan import accounts, actions, meetings, opportunities, qualification, stakeholders, success
from accountplan.plan.search import SearchHit, fold, search
from accountplan.store.database import Database


def _found(db: Database, account_id: int, text: str, limit: int = 50) -> list[SearchHit]:
    with db.session() as session:
        return search(session, account_id, text, limit)


def _keys(hits: list[SearchHit]) -> list[tuple[str, str]]:
    return [(hit.kind, hit.title) for hit in hits]


@pytest.fixture
def plan(db: Database, account_id: int) -> dict[str, int]:
    """An account with one of everything search reads."""
    with db.transaction() as session:
        unit = OrgUnit(account_id=account_id, name="Logistik Süd")
        session.add(unit)
        session.flush()
        zoe = stakeholders.add_stakeholder(
            session, account_id, "Zoë Lefèvre", title="CFO", email="zoe.lefevre@acme.example"
        )
        aiko = stakeholders.add_stakeholder(
            session, account_id, "田中 愛子", title="CEO", org_unit_id=unit.id
        )
        soren = stakeholders.add_stakeholder(session, account_id, "Søren Ødegård", title="Head of Freight")
        deal = opportunities.add_opportunity(
            session, account_id, "Control tower", compelling_event="The ERP reaches end of support in 2027"
        )
        action = actions.add_action(
            session, account_id, "Send the pricing memo", description="Ask Zoë about the budget freeze"
        )
        meeting = meetings.create_next_meeting(
            session, account_id, on=dt.date(2026, 3, 2), title="Alignment #4"
        )
        meetings.update_meeting(session, meeting, notes="The works council wants a briefing first.")
        decision, _ = meetings.add_decision(
            session, meeting, "Brief the works council in Hamburg", owner_id=None, due=None
        )
        flag = qualification.add_red_flag(
            session, account_id, "Procurement wants a three-vendor RFP", severity=Severity.HIGH
        )
        objective = success.add_item(session, account_id, "objective", "Logistics cost per tonne")
        other = accounts.create_account(session, "Other Corp")
        stakeholders.add_stakeholder(session, other, "Zoe Other")
    return {
        "zoe": zoe,
        "aiko": aiko,
        "soren": soren,
        "deal": deal,
        "action": action,
        "meeting": meeting,
        "decision": decision,
        "flag": flag,
        "objective": objective,
    }


def test_each_kind_is_found_with_its_page(db: Database, account_id: int, plan: dict[str, int]) -> None:
    cases = {
        "lefevre": ("person", plan["zoe"], "stakeholders"),
        "control tower": ("opportunity", plan["deal"], "opportunities"),
        "pricing memo": ("action", plan["action"], "actions"),
        "alignment #4": ("meeting", plan["meeting"], "meetings"),
        "three-vendor": ("red-flag", plan["flag"], "qualification"),
        "per tonne": ("objective", plan["objective"], "success"),
    }
    for text, (kind, item_id, page) in cases.items():
        hit = _found(db, account_id, text)[0]
        assert (hit.kind, hit.id, hit.page) == (kind, item_id, page), text


def test_other_fields_are_searched_and_the_snippet_shows_where(
    db: Database, account_id: int, plan: dict[str, int]
) -> None:
    by_email = _found(db, account_id, "zoe.lefevre@")
    assert [(h.kind, h.id) for h in by_email] == [("person", plan["zoe"])]
    assert by_email[0].snippet == "Email: zoe.lefevre@acme.example"
    by_unit = _found(db, account_id, "logistik sud")
    assert [(h.kind, h.id) for h in by_unit] == [("person", plan["aiko"])]
    assert by_unit[0].snippet == "Org unit: Logistik Süd"
    by_event = _found(db, account_id, "end of support")
    assert _keys(by_event) == [("opportunity", "Control tower")]
    assert by_event[0].snippet == "Compelling event: The ERP reaches end of support in 2027"
    # The meeting is found by its notes and by its decision (the decision's action by its title too).
    council = _found(db, account_id, "works council")
    assert ("meeting", "Alignment #4") in _keys(council)
    meeting_hit = next(h for h in council if h.kind == "meeting")
    assert meeting_hit.snippet == "Notes: The works council wants a briefing first."
    hamburg = _found(db, account_id, "hamburg")
    meeting_hit = next(h for h in hamburg if h.kind == "meeting")
    assert meeting_hit.snippet == "Decision: Brief the works council in Hamburg"


def test_a_name_match_shows_the_record_s_details(db: Database, account_id: int, plan: dict[str, int]) -> None:
    hit = _found(db, account_id, "田中")[0]
    assert (hit.title, hit.snippet) == ("田中 愛子", "CEO · Logistik Süd")
    assert _found(db, account_id, "alignment")[0].snippet == "2026-03-02 · Planned"


def test_case_accents_and_strokes_are_ignored_both_ways(
    db: Database, account_id: int, plan: dict[str, int]
) -> None:
    for text in ("ZOE LEFEVRE", "zoë lefèvre", "Zoe Lefevre", "ＺＯＥ"):
        assert _found(db, account_id, text)[0].id == plan["zoe"], text
    assert _found(db, account_id, "soren odegard")[0].id == plan["soren"]
    assert _found(db, account_id, "Ødegård")[0].id == plan["soren"]
    assert fold("Straße") == "strasse"


def test_cjk_is_matched_inside_words_and_kana_marks_matter(
    db: Database, account_id: int, plan: dict[str, int]
) -> None:
    assert [h.id for h in _found(db, account_id, "愛子")] == [plan["aiko"]]
    assert [h.id for h in _found(db, account_id, "中 愛")] == [plan["aiko"]]
    # ガ (ga) is not カ (ka): the voicing mark is part of the letter; half-width kana is the same letter.
    assert fold("ｶﾞｽ") == "ガス"
    assert fold("ガス") != fold("カス")


def test_every_word_must_match_somewhere(db: Database, account_id: int, plan: dict[str, int]) -> None:
    assert [h.id for h in _found(db, account_id, "zoe cfo")] == [plan["zoe"]]
    assert _found(db, account_id, "zoe ceo") == []
    assert _found(db, account_id, "   ") == []


def test_other_accounts_are_never_searched(db: Database, account_id: int, plan: dict[str, int]) -> None:
    assert all(hit.title != "Zoe Other" for hit in _found(db, account_id, "zoe"))


def test_names_rank_before_other_fields_exact_before_prefix(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        for name in ("Anna Berg", "Berg", "Bergmann", "Ingrid Solberg"):
            stakeholders.add_stakeholder(session, account_id, name)
        actions.add_action(session, account_id, "Call Ms Berg's assistant")
        actions.add_action(session, account_id, "Prepare the deck", description="Berg wants numbers")
    assert _keys(_found(db, account_id, "berg")) == [
        ("person", "Berg"),  # the name itself
        ("person", "Bergmann"),  # the name starts with it
        ("person", "Anna Berg"),  # a word of the name starts with it
        ("action", "Call Ms Berg's assistant"),
        ("person", "Ingrid Solberg"),  # inside the name
        ("action", "Prepare the deck"),  # only in the description
    ]


def test_the_limit_keeps_the_best(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        for number in range(30):
            stakeholders.add_stakeholder(session, account_id, f"Person {number:02d}")
        stakeholders.add_stakeholder(session, account_id, "Person")
    hits = _found(db, account_id, "person", limit=5)
    assert [h.title for h in hits] == ["Person", "Person 00", "Person 01", "Person 02", "Person 03"]
    assert _found(db, account_id, "person", limit=0) == []


def test_twenty_thousand_people_take_a_handful_of_queries(db: Database, account_id: int) -> None:
    with db.transaction() as session:
        session.add_all(
            stakeholders.new_stakeholder(account_id, f"Person {n}", title="Engineer") for n in range(20_000)
        )
        stakeholders.add_stakeholder(session, account_id, "Mårten Wallin", title="CIO")
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    hits = _found(db, account_id, "marten")
    assert [h.title for h in hits] == ["Mårten Wallin"]
    assert 1 <= len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 10


def test_a_long_field_is_cut_around_the_match_at_word_boundaries(db: Database, account_id: int) -> None:
    notes = (
        "Opening remarks about the quarter and the weather in Hamburg, then a long discussion of the "
        "warehouse schedule; finally Helen asked Ishikawa-san to sponsor the pilot with the works council, "
        "and everyone agreed to meet again in May after the board has decided on the budget."
    )
    with db.transaction() as session:
        meeting = meetings.create_next_meeting(session, account_id, on=dt.date(2026, 3, 2), title="Kick-off")
        meetings.update_meeting(session, meeting, notes=notes)
    snippet = _found(db, account_id, "ishikawa")[0].snippet
    assert snippet == (
        "Notes: …finally Helen asked Ishikawa-san to sponsor the pilot with the works council, and…"
    )
