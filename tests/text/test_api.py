"""The public API of `pipeline_doctor.text` is pinned: names, shapes, and plain tuples in."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import pipeline_doctor.text as text
from pipeline_doctor.text import (
    TOPICS,
    CallAnalysis,
    EmailAnalysis,
    Moment,
    Question,
    Segment,
    analyse_call,
    analyse_email,
    clean_email,
    template_reuse,
)


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(text.__all__) == sorted(
        [
            "Segment",
            "Question",
            "Moment",
            "CallAnalysis",
            "EmailAnalysis",
            "analyse_call",
            "analyse_email",
            "clean_email",
            "template_reuse",
            "TOPICS",
        ]
    )
    for name in text.__all__:
        assert hasattr(text, name)


def test_topics_are_bant() -> None:
    assert TOPICS == ("budget", "authority", "need", "timing")


def test_segment_is_a_named_tuple_of_four() -> None:
    assert Segment._fields == ("speaker_role", "start_s", "end_s", "text")


def test_the_dataclasses_have_the_contracted_fields() -> None:
    def names(cls: type) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    assert names(Question) == ["segment", "text", "kind", "asked_by"]
    assert names(Moment) == ["segment", "text", "why"]
    assert names(CallAnalysis)[:9] == [
        "talk_share_time",
        "talk_share_words",
        "questions",
        "longest_rep_monologue_s",
        "patience_s",
        "topics",
        "next_step",
        "feature_talk",
        "outcome_talk",
    ]
    assert names(EmailAnalysis) == [
        "text",
        "words",
        "grade",
        "buyer_focus",
        "self_talk",
        "buyer_talk",
        "feature_talk",
        "outcome_talk",
        "call_to_action",
        "personalisation",
    ]
    for cls in (Question, Moment, CallAnalysis, EmailAnalysis):
        assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]


CALL = [
    ("rep", 0.0, 10.0, "What does success look like for your team this year?"),
    ("buyer", 11.0, 30.0, "We reconcile everything by hand."),
    ("rep", 31.0, 40.0, "Do you have a budget set aside?"),
]


def test_plain_tuples_and_segments_give_the_same_analysis() -> None:
    from_tuples = analyse_call(CALL)
    from_segments = analyse_call([Segment(*row) for row in CALL])
    assert from_tuples == from_segments
    assert from_tuples.rep_talk_share == pytest.approx(19 / 38)
    assert [q.kind for q in from_tuples.questions] == ["open", "closed"]


def test_a_generator_and_nan_times_from_pandas_are_accepted() -> None:
    rows = ((role, float("nan"), None, said) for role, _, _, said in CALL)
    analysis = analyse_call(rows)
    assert analysis.talk_share_time == {}
    assert analysis.longest_rep_monologue_s is None
    assert analysis.patience_s is None
    rep_words, buyer_words = 10 + 7, 5
    assert analysis.rep_talk_share == pytest.approx(rep_words / (rep_words + buyer_words))


def test_a_tuple_of_the_wrong_length_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="speaker_role, start_s, end_s, text"):
        analyse_call([("rep", 0.0, "hello")])  # type: ignore[list-item]


def test_unknown_roles_are_other_and_synonyms_map() -> None:
    analysis = analyse_call(
        [("Prospect", 0, 5, "How do you price it?"), ("narrator", 5, 9, "Why now?")]
    )
    assert [q.asked_by for q in analysis.questions] == ["buyer", "other"]


def test_the_functions_take_and_return_the_contracted_types() -> None:
    email = analyse_email("Hi,\n\nCould we meet on Thursday at 10?\n\nBest,\nJo")
    assert isinstance(email, EmailAnalysis)
    assert email.asks_for_something
    assert isinstance(clean_email("<p>Hello</p>"), str)
    counts = template_reuse(["a b c", "a b c", "x y z"])
    assert isinstance(counts, np.ndarray)
    assert counts.tolist() == [2, 2, 1]


def test_empty_inputs() -> None:
    call = analyse_call([])
    assert call.questions == ()
    assert call.rep_talk_share is None
    assert call.feature_share is None
    assert call.talk_share_words == {}
    email = analyse_email("")
    assert email.words == 0
    assert email.grade is None
    assert email.buyer_focus is None
    assert not email.asks_for_something
    assert template_reuse([]).tolist() == []
