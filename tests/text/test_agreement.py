"""The text analysers agree with a hand-labelled corpus of emails and call transcripts.

Floors, not exact figures: the labels are a sales coach's judgement, written before the
analyser existed and never adjusted to it. Run with ``-s`` to see the table.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest

from tests.text.agreement import Agreement, evaluate, format_table
from tests.text.labelled_calls import ALL_TOPICS, CALLS, has_times, overlap_s
from tests.text.labelled_emails import EMAILS

# figure -> (comparison, bound, the disagreement labels that explain it)
FLOORS: dict[str, tuple[Callable[[float, float], bool], float, tuple[str, ...]]] = {
    "question_precision": (operator.ge, 0.85, ("not a question",)),
    "question_recall": (operator.ge, 0.85, ("question missed",)),
    "open_closed_agreement": (operator.ge, 0.80, ("open/closed",)),
    "talk_share_mean_error_pp": (operator.le, 3.0, ("rep talk share",)),
    "cta_agreement": (operator.ge, 0.85, ("cta",)),
    "buyer_focus_agreement": (operator.ge, 0.85, ("buyer_focused",)),
    "personalisation_agreement": (operator.ge, 0.75, ("personalised",)),
    "bant_agreement": (operator.ge, 0.75, tuple(f"topic {t}" for t in sorted(ALL_TOPICS))),
    "next_step_agreement": (operator.ge, 0.75, ("next step",)),
}


@pytest.fixture(scope="module")
def result() -> Agreement:
    return evaluate()


def test_corpus_size() -> None:
    assert len(EMAILS) >= 60
    assert len(CALLS) >= 15
    assert sum(len(s.questions) for c in CALLS for s in c.segments) >= 80


def test_corpus_is_well_formed() -> None:
    ids = [e.id for e in EMAILS] + [c.id for c in CALLS]
    assert len(ids) == len(set(ids))
    for labelled in CALLS:
        assert labelled.topics <= ALL_TOPICS
        for segment in labelled.segments:
            assert segment.speaker_role in {"rep", "buyer", "other"}
            for text, kind in segment.questions:
                assert text in segment.text
                assert kind in {"open", "closed"}
        if has_times(labelled):
            starts = [s.start_s or 0.0 for s in labelled.segments]
            assert starts == sorted(starts), labelled.id
            durations = [(s.end_s or 0.0) - (s.start_s or 0.0) for s in labelled.segments]
            assert min(durations) > 0, labelled.id
        assert overlap_s(labelled) == pytest.approx(labelled.stated_overlap_s), labelled.id


def test_corpus_mixes_labels() -> None:
    """Every label takes both values often enough for agreement to mean something."""
    for label in ("cta", "buyer_focused", "personalised"):
        positives = sum(bool(getattr(e, label)) for e in EMAILS)
        assert 0.3 * len(EMAILS) <= positives <= 0.7 * len(EMAILS), label
    with_step = sum(c.next_step for c in CALLS)
    assert 0.3 * len(CALLS) <= with_step <= 0.7 * len(CALLS)
    assert sum(not has_times(c) for c in CALLS) >= 3


def test_print_agreement_table(result: Agreement) -> None:
    print("\nagreement with the hand labels\n" + format_table(result.figures))
    assert result.figures["emails"] == len(EMAILS)
    assert result.figures["questions_labelled"] > 0


@pytest.mark.parametrize("figure", list(FLOORS))
def test_floor(result: Agreement, figure: str) -> None:
    compare, bound, labels = FLOORS[figure]
    value = result.figures[figure]
    related = [d for d in result.disagreements if d.label in labels]
    detail = "\n".join(
        f"  {d.item}: {d.label}: expected {d.expected!r}, got {d.got!r}" for d in related
    )
    assert compare(value, bound), f"{figure} = {value:.3f} (bound {bound})\n{detail}"
