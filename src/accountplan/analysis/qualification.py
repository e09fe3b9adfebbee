"""MEDDPICC: which letters of a deal's scorecard are weak, and how badly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accountplan.model.enums import MEDDPICC_MAX_SCORE, MeddpiccLetter, Severity


@dataclass(frozen=True)
class LetterScore:
    """One letter of a scorecard: its score (0 to MEDDPICC_MAX_SCORE) and the evidence behind it."""

    letter: MeddpiccLetter
    score: int
    evidence: str


@dataclass(frozen=True)
class QualificationFinding:
    """A weak letter and the sentence that says why."""

    letter: MeddpiccLetter
    severity: Severity
    text: str


def weak_letters(letters: Sequence[LetterScore]) -> list[QualificationFinding]:
    """The weak letters, in the order given: 0–1 is high, 2 is medium, 3 or more without evidence is low."""
    findings = []
    for item in letters:
        name = f"{item.letter.letter} ({item.letter.label})"
        if item.score <= 1:
            severity = Severity.HIGH
            text = f"{name} is scored {item.score} of {MEDDPICC_MAX_SCORE}: we barely know it."
        elif item.score == 2:
            severity = Severity.MEDIUM
            text = f"{name} is scored 2 of {MEDDPICC_MAX_SCORE}: still weak."
        elif not item.evidence.strip():
            severity = Severity.LOW
            text = f"{name} is scored {item.score} with no evidence."
        else:
            continue
        findings.append(QualificationFinding(item.letter, severity, text))
    return findings


def completeness(letters: Sequence[LetterScore]) -> int:
    """The scorecard's completeness in percent: the scores' sum over the maximum of all eight letters."""
    return round(100 * sum(item.score for item in letters) / (len(MeddpiccLetter) * MEDDPICC_MAX_SCORE))
