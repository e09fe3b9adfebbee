"""MEDDPICC: which letters are weak, how badly, and how complete a scorecard is."""

from __future__ import annotations

from accountplan.analysis.qualification import LetterScore, completeness, weak_letters
from accountplan.model.enums import MeddpiccLetter, Severity

M, E, DC, DP, PP, IP, CH, CO = list(MeddpiccLetter)


def test_low_scores_are_weak_and_a_good_score_needs_its_evidence() -> None:
    letters = [
        LetterScore(M, 0, ""),
        LetterScore(E, 1, "met once"),
        LetterScore(DC, 2, "a draft list"),
        LetterScore(DP, 3, "the steps, from the CIO"),
        LetterScore(PP, 4, "   "),
        LetterScore(IP, 5, ""),
        LetterScore(CH, 5, "Aiko sold it internally"),
        LetterScore(CO, 3, ""),
    ]
    findings = weak_letters(letters)
    assert [(f.letter, f.severity) for f in findings] == [
        (M, Severity.HIGH),
        (E, Severity.HIGH),
        (DC, Severity.MEDIUM),
        (PP, Severity.LOW),
        (IP, Severity.LOW),
        (CO, Severity.LOW),
    ]
    assert "scored 4 with no evidence" in findings[3].text
    assert findings[0].text.startswith("M (Metrics)")


def test_a_full_scorecard_has_nothing_weak_and_is_complete() -> None:
    letters = [LetterScore(letter, 5, "evidence") for letter in MeddpiccLetter]
    assert weak_letters(letters) == []
    assert completeness(letters) == 100


def test_completeness_is_the_share_of_the_highest_possible_score() -> None:
    scores = [0, 1, 2, 3, 3, 5, 5, 3]  # 22 of 40
    letters = [LetterScore(letter, score, "") for letter, score in zip(MeddpiccLetter, scores, strict=True)]
    assert completeness(letters) == 55
    assert completeness([LetterScore(letter, 0, "") for letter in MeddpiccLetter]) == 0
