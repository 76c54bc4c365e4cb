"""Emails: buyer focus, self and buyer talk, the call to action (and weak asks that are not
one), personalisation and the reading grade, against hand labels and independent counts."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
import textstat  # type: ignore[import-untyped]

from pipeline_doctor.text import analyse_email
from pipeline_doctor.text.lexicon import LISTS
from pipeline_doctor.text.words import scan, tokens

BUYER_FOCUSED = """Hi Anna,

Thanks for walking me through how your team handles month-end today. You mentioned the
reconciliation takes four days; I sketched how two similar teams cut that in half.

Would Tuesday at 10:00 work to go through it with your finance lead?

Best regards
John Smith
Account Executive"""

SELF_FOCUSED = """Hi,

I wanted to let you know that our platform is the leading solution in the market, with over 200
features, award-winning support and a brand-new release packed with capabilities. We are proud
to be trusted by hundreds of companies and our product keeps getting better.

Let me know your thoughts.

Best regards"""


def _independent_focus(text: str) -> float:
    you = len(re.findall(r"\b(?:you|your|yours|you're|you've|you'll|you'd)\b", text, re.I))
    you -= len(re.findall(r"\bthank you\b", text, re.I))
    me = len(re.findall(r"\b(?:we|our|ours|us|i|my|mine|we're|i'm|i'd|i'll|i've)\b", text, re.I))
    return you / (you + me)


@pytest.mark.parametrize("body", [BUYER_FOCUSED, SELF_FOCUSED])
def test_buyer_focus_equals_an_independent_count_on_the_cleaned_text(body: str) -> None:
    analysis = analyse_email(body)
    assert analysis.buyer_focus == pytest.approx(_independent_focus(analysis.text))


def test_a_buyer_focused_email_with_a_proposed_time() -> None:
    analysis = analyse_email(BUYER_FOCUSED, buyer_name="Anna Lee", company="Globex Inc.")
    assert "Best regards" not in analysis.text
    assert analysis.buyer_focused
    assert analysis.asks_for_something
    assert analysis.call_to_action is not None
    assert analysis.call_to_action.text.startswith("Would Tuesday at 10:00 work")
    assert analysis.call_to_action.why.startswith("call to action: proposes a time")
    assert analysis.self_talk == ()
    assert [m.text.split()[0] for m in analysis.personalisation] == ["You"]
    assert "you mentioned" in analysis.personalisation[0].why


def test_a_self_focused_email_asks_for_nothing() -> None:
    analysis = analyse_email(SELF_FOCUSED)
    assert analysis.buyer_focus is not None
    assert analysis.buyer_focus < 0.5
    assert not analysis.buyer_focused
    assert analysis.call_to_action is None  # "Let me know your thoughts." is a weak ask
    assert len(analysis.self_talk) == 2
    assert len(analysis.feature_talk) == 2
    assert analysis.outcome_talk == ()
    assert analysis.buyer_talk == ()


# (the email's sentence, whether it is a call to action), labelled by hand
CTA_LABELS = [
    ("Would Tuesday at 10:00 work for a call?", True),
    ("Let's meet on Thursday at 2pm to go through the numbers.", True),
    ("I'll call you tomorrow at 9 to walk through it.", True),
    ("Could you share who else should join the next call?", True),
    ("What would make this a clear yes for your CFO?", True),
    ("Should I send over the security questionnaire?", True),
    ("Please send the signed order form.", True),
    ("Book a slot here: calendly.com/jo", True),
    ("Let me know your thoughts.", False),
    ("Let me know if you have any questions.", False),
    ("Any thoughts?", False),
    ("Does that make sense?", False),
    ("Looking forward to hearing from you.", False),
    ("Thanks for the call on Tuesday.", False),
    ("Did you know we cut onboarding time in half?", False),
    ("Our new release ships next week.", False),
    # a time the sender offers or proposes, without a meeting word or a question
    ("I'm free Thursday afternoon or Friday morning.", True),
    ("I can be at your warehouse on Tuesday at 8am to see the pick line.", True),
    ("Let me know if Monday at 11am works.", True),
    ("I'll send the revised quote on Friday.", False),
    # small talk asks nothing
    ("How are you doing?", False),
    ("Hope you had a relaxing holiday?", False),
]


@pytest.mark.parametrize(("sentence", "is_cta"), CTA_LABELS)
def test_call_to_action_labels(sentence: str, is_cta: bool) -> None:
    body = f"Hi Sam,\n\nI put the plan together. {sentence}\n\nBest,\nJo"
    analysis = analyse_email(body)
    assert analysis.asks_for_something is is_cta
    if is_cta:
        assert analysis.call_to_action is not None
        assert analysis.call_to_action.text == sentence
        assert analysis.call_to_action.segment is None


def test_a_rhetorical_question_answered_at_once_is_no_call_to_action() -> None:
    analysis = analyse_email("Why does this matter? Because every week costs you a deal.")
    assert analysis.call_to_action is None


@pytest.mark.parametrize(
    "body",
    [
        "Is your team still keying orders by hand? Not anymore.",
        "What would your managers do with a spare day? Coach more, of course.",
        "Why do forecasts slip? Mostly because nobody owns the close date.",
    ],
)
def test_a_question_the_email_answers_itself_is_no_call_to_action(body: str) -> None:
    assert analyse_email(f"Hi Sam,\n\n{body}\n\nBest,\nJo").call_to_action is None


def test_a_question_put_to_a_colleague_in_copy_is_not_the_readers() -> None:
    body = "Hi Sam,\n\nLooping in Maria from security. Maria, could you send Sam the pen test?"
    # the reader is known from buyer_name or, without it, from the greeting
    assert analyse_email(body, buyer_name="Sam Reed").call_to_action is None
    assert analyse_email(body).call_to_action is None
    # without either the reader is unknown, and a question counts as theirs
    anonymous = body.replace("Hi Sam,", "Hello,").replace("Sam ", "them ")
    assert analyse_email(anonymous).call_to_action is not None
    to_reader = "Sam - can you return the signed order form by Friday? Thx"
    analysis = analyse_email(to_reader, buyer_name="Sam Reed")
    assert analysis.call_to_action is not None
    assert analysis.call_to_action.text == "Sam - can you return the signed order form by Friday?"
    opener = analyse_email("Hi Sam,\n\nThanks, could you share the rollout plan?")
    assert opener.call_to_action is not None  # "Thanks," names no one


def test_a_proposed_time_wins_over_an_earlier_or_later_question() -> None:
    body = "Does that match what you need? If so, shall we book 30 minutes on Thursday?"
    analysis = analyse_email(body)
    assert analysis.call_to_action is not None
    assert analysis.call_to_action.text == "If so, shall we book 30 minutes on Thursday?"
    body = "Shall we book 30 minutes on Thursday? Who else should join?"
    analysis = analyse_email(body)
    assert analysis.call_to_action is not None
    assert analysis.call_to_action.text == "Shall we book 30 minutes on Thursday?"


def test_personalisation_names_the_buyer_and_company_but_not_in_the_greeting() -> None:
    body = (
        "Hi Anna,\n\nI saw Globex opened a new office in Lyon. Anna, your team's plan for Q3 "
        "looks ambitious. Our tool has dashboards."
    )
    analysis = analyse_email(body, buyer_name="Anna Lee", company="Globex Inc.")
    assert [(m.text, m.why) for m in analysis.personalisation] == [
        ("I saw Globex opened a new office in Lyon.", "names their company"),
        (
            "Anna, your team's plan for Q3 looks ambitious.",
            "names the buyer's name; refers to their situation: your team's",
        ),
    ]
    assert [m.text for m in analysis.buyer_talk] == [
        "I saw Globex opened a new office in Lyon.",
        "Anna, your team's plan for Q3 looks ambitious.",
    ]
    assert [m.text for m in analysis.self_talk] == ["Our tool has dashboards."]


def test_without_names_only_situation_cues_personalise() -> None:
    analysis = analyse_email("Hi Anna,\n\nAs you said, the board wants an ROI case.")
    assert [m.text for m in analysis.personalisation] == [
        "As you said, the board wants an ROI case."
    ]


def test_grade_is_textstat_flesch_kincaid_over_20_words_and_none_below() -> None:
    analysis = analyse_email(BUYER_FOCUSED)
    assert analysis.words >= 20
    assert analysis.grade == pytest.approx(textstat.flesch_kincaid_grade(analysis.text))
    short = analyse_email("Hi Anna,\n\nThursday at 10 works. See you then.")
    assert short.words == 9  # Hi Anna Thursday at 10 works See you then
    assert short.grade is None


def test_thank_you_is_no_reference_to_the_reader() -> None:
    analysis = analyse_email("Thank you for your time. We will send the deck.")
    # "your" once; "thank you" is a formula; "we" once
    assert analysis.buyer_focus == pytest.approx(1 / 2)


def test_neither_reader_nor_sender_gives_no_focus() -> None:
    analysis = analyse_email("The deck is attached. Pricing is on page 3.")
    assert analysis.buyer_focus is None
    assert not analysis.buyer_focused


def test_clean_false_judges_the_raw_text() -> None:
    body = "Noted.\n\nOn Mon, Anna wrote:\n> Can we meet Friday at 3?"
    assert analyse_email(body).call_to_action is None
    raw = analyse_email(body, clean=False)
    assert raw.call_to_action is not None
    assert raw.call_to_action.text == "> Can we meet Friday at 3?"


def test_the_restated_grade_equals_textstat_on_many_texts() -> None:
    from pipeline_doctor.text.readability import flesch_kincaid_grade

    rng = np.random.default_rng(3)
    pieces = [
        BUYER_FOCUSED,
        SELF_FOCUSED,
        *[sentence for sentence, _ in CTA_LABELS],
        "Q3 numbers: 40% up!!! Isn't that great? Yes. No. Maybe...",
        "e.g. the A.B.C. method, i.e. twenty-one steps; don't skip it.",
        "Ünïcödé wörds and naïve café façades, 10:30 at 3.5% — fine.",
        "",
        "...",
    ]
    texts = [
        " ".join(pieces[j] for j in rng.integers(0, len(pieces), rng.integers(1, 5)))
        for _ in range(300)
    ] + pieces
    for text in texts:
        assert flesch_kincaid_grade(text) == textstat.flesch_kincaid_grade(text), text


SCANNED = [
    "Our platform integrates with your CRM, and our team can walk you through it next week.",
    "You mentioned the close takes four days; what does it cost you when it slips?",
    "Thank you for your time on Tuesday, we'll follow up by the end of the month.",
    "Who else is involved in the decision, and is there a budget set aside this year?",
    "Can we do the review at half past two, or at eleven on the 4th?",
    "I'm free this morning; see you at two if that works, and we're set for Friday's demo.",
    "Our platform, our platform and our team: built in, out of the box, state of the art.",
]


@pytest.mark.parametrize("sentence", SCANNED)
def test_scan_finds_what_a_search_per_cue_finds(sentence: str) -> None:
    """`scan` looks cues up by word and word pair; a whole-word search of every cue of every
    list over the same words is the slow, independent reference (counts, not order)."""
    text = " ".join(tokens(sentence))
    found = scan(sentence)
    for name, cues in LISTS.items():
        expected: Counter[str] = Counter()
        for cue in set(cues):
            hits = len(re.findall(rf"(?<![^ ]){re.escape(cue)}(?![^ ])", text))
            if hits:
                expected[cue] = hits
        assert Counter(found.get(name, [])) == expected, name


@pytest.mark.parametrize(
    "body",
    [
        BUYER_FOCUSED,
        SELF_FOCUSED,
        "He said “call me.” Then—nothing… I’m still waiting.\nMr. Li’s team, e.g. Ana, isn't.",
    ],
)
def test_the_word_count_equals_a_regex_count_over_the_cleaned_text(body: str) -> None:
    """Words are counted per sentence (cached); the count over the whole text is the same."""
    analysis = analyse_email(body)
    assert analysis.words == len(re.findall(r"\w+(?:['’]\w+)*", analysis.text))
