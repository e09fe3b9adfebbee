"""Changes to qualification: MEDDPICC scores, red flags and the actions that counter them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from accountplan.model.enums import MeddpiccLetter
from accountplan.plan import actions, qualification
from accountplan.plan.changes.change import AddRow, Change, DeleteRow, RowKind, UpdateRow


class SetMeddpicc(Change):
    """Change one letter of a deal's scorecard (its score, its evidence or both); undo puts both back."""

    def __init__(
        self,
        account_id: int,
        opportunity_id: int,
        letter: MeddpiccLetter,
        *,
        score: int | None = None,
        evidence: str | None = None,
    ) -> None:
        what = "score" if evidence is None else "evidence" if score is None else "score and evidence"
        self.account_id, self.text = account_id, f"change the {what} of {letter.label}"
        self.opportunity_id, self.letter = opportunity_id, letter
        self.score, self.evidence = score, evidence
        self.previous: tuple[int, str] = (0, "")

    def forward(self, session: Session) -> None:
        self.previous = qualification.set_meddpicc(
            session, self.opportunity_id, self.letter, score=self.score, evidence=self.evidence
        )

    def backward(self, session: Session) -> None:
        score, evidence = self.previous
        qualification.set_meddpicc(session, self.opportunity_id, self.letter, score=score, evidence=evidence)


RED_FLAGS = RowKind(
    "red_flags",
    "red flag",
    qualification.add_red_flag,
    qualification.update_red_flag,
    qualification.delete_red_flag,
)


def _add_counter_action(
    session: Session,
    _account_id: int,
    title: str,
    *,
    red_flag_id: int,
    owner_id: int | None,
    due: dt.date | None,
    description: str = "",
) -> int:
    """An action countering the red flag (the account is the flag's), with its details if any."""
    action_id = qualification.add_counter_action(session, red_flag_id, title, owner_id=owner_id, due=due)
    if description:
        actions.update_action(session, action_id, description=description)
    return action_id


COUNTER_ACTIONS = RowKind(
    "actions", "counter-action", _add_counter_action, actions.update_action, actions.delete_action
)


class AddRedFlag(AddRow):
    """Record a reason the customer will not buy (``values`` as ``add_red_flag``'s); undo deletes it."""

    kind = RED_FLAGS


class UpdateRedFlag(UpdateRow):
    kind = RED_FLAGS


class DeleteRedFlag(DeleteRow):
    """Delete a red flag; undo puts it back, with the link from its counter-actions."""

    kind = RED_FLAGS


class AddCounterAction(AddRow):
    """An action that counters a red flag: ``red_flag_id``, ``owner_id`` and ``due`` (both required)."""

    kind = COUNTER_ACTIONS
