"""Calls: questions by form, rhetorical questions dropped, talk shares, monologues, patience,
BANT topics, next steps and feature talk, each checked against hand labels or an independent
computation."""

from __future__ import annotations

import statistics

import pandas as pd
import pytest

from pipeline_doctor.text import Moment, Segment, analyse_call
from pipeline_doctor.text.lexicon import DATE
from pipeline_doctor.text.sentences import question_kind
from pipeline_doctor.text.splitting import split_sentences
from pipeline_doctor.text.talk import days_ahead

# (sentence, expected kind or None), labelled by hand from the rules in the contract
QUESTION_LABELS = [
    ("I'd love to understand how you handle renewals today.", "open"),
    ("Walk me through your process", "open"),
    ("Tell me about the last time a deal slipped.", "open"),
    ("Help me understand who owns the forecast.", "open"),
    ("I'm curious how your CFO sees it.", "open"),
    ("What does success look like for your team by the end of the year?", "open"),
    ("How are you handling this today, and what does it cost you?", "open"),
    ("Why did the last rollout stall?", "open"),
    ("so what does your week look like", "open"),
    ("Looking at last quarter, how did you decide?", "open"),
    ("Can you walk me through your approval flow?", "open"),
    ("Could you describe the handover to finance?", "open"),
    ("When do you need this in place, and why then?", "open"),
    ("Do you have a budget set aside", "closed"),
    ("Is the CFO involved?", "closed"),
    ("Would Tuesday at 10:00 work to go through it with your finance lead?", "closed"),
    ("Who needs to sign off on a decision like this?", "closed"),
    ("Which part of the process hurts the most?", "closed"),
    ("How many reps do you have?", "closed"),
    ("How about Thursday at 10?", "closed"),
    ("Could you share who else should join the next call?", "closed"),
    ("You're on Salesforce today?", "closed"),
    ("It takes four days, right?", "closed"),
    ("Any concerns?", "closed"),
    ("I wonder if you have time this week.", "closed"),
    ("We integrate with Salesforce?", None),
    ("The platform integrates with Salesforce?", None),
    ("What we do is help teams close faster.", None),
    ("So what I'm hearing is that the delays hit your customers.", None),
    ("When we spoke last week, you mentioned churn.", None),
    ("Which is why we built it.", None),
    ("Have a great weekend!", None),
    ("Will do.", None),
    ("Would love to chat next week.", None),
    ("Did you know our platform has 200 features?", None),
    ("Let me know your thoughts.", None),
    ("We reconcile everything by hand.", None),
    # a lead-in clause before a request
    ("Before we dig in, tell me how a renewal reaches your desk.", "open"),
    ("First things first: describe the handover to your finance team.", "open"),
    # "how are you" asks something when the sentence goes on; alone it is small talk
    ("How are you planning to staff the rollout?", "open"),
    ("How are you thinking about pricing next year?", "open"),
    ("How are you doing, Priya?", "closed"),
    ("Hi Tom, how are you?", "closed"),
    # where someone stands is explained; where something is, is one fact
    ("Where do you stand on the pilot?", "open"),
    ("So where did you end up on the vendor shortlist?", "open"),
    ("Where are you based?", "closed"),
    # relative clauses are no questions; a who/which clause asking at the end is one
    ("We moved the ledger to the cloud, which cut the close by a day.", None),
    ("She brought in a consultant, who rebuilt every report.", None),
    ("For the rollout, which team goes first?", "closed"),
    ("Looking at both options, which do you prefer", "closed"),
    # "you know?" is a filler
    ("The data sits in three systems, you know?", None),
    ("You know?", None),
    # a name, then a dash, then the question
    ("Priya - could you describe the approval chain?", "open"),
    ("Tom - is the budget signed off?", "closed"),
]


@pytest.mark.parametrize(("sentence", "kind"), QUESTION_LABELS)
def test_question_kind_follows_the_rules(sentence: str, kind: str | None) -> None:
    assert question_kind(sentence) == kind


def test_sentences_split_at_marks_and_lines_not_at_titles() -> None:
    got = split_sentences(
        "Hi Anna,\nWe met Mr. Smith at 10 a.m. Thursday. See e.g. the deck. Why? Because."
    )
    assert got == [
        "Hi Anna,",
        "We met Mr. Smith at 10 a.m. Thursday.",
        "See e.g. the deck.",
        "Why?",
        "Because.",
    ]


def test_rhetorical_questions_answered_at_once_are_dropped() -> None:
    call = analyse_call(
        [
            ("rep", 0, 20, "Why does this matter? Because every day of delay costs you."),
            ("rep", 20, 30, "Does it scale?"),
            ("rep", 30, 40, "Absolutely, to thousands of users."),
            ("rep", 40, 50, "It's slow today, right? So we built a faster way."),
            ("rep", 50, 60, "What would you do with the time you save?"),
            ("buyer", 61, 70, "Hire fewer temps. Why do you ask? We plan to grow."),
        ]
    )
    assert [(q.segment, q.text) for q in call.questions] == [
        (4, "What would you do with the time you save?"),
        (5, "Why do you ask?"),  # followed by a statement, not an answer: a real question
    ]


@pytest.mark.parametrize(
    "answer",
    [
        "Not anymore.",
        "Mostly because nobody owns the close date.",
        "Chase fewer invoices, of course.",
        "No longer, since the last release.",
    ],
)
def test_a_question_the_speaker_answers_is_rhetorical(answer: str) -> None:
    call = analyse_call([("rep", 0, 9, f"Do your reps still chase invoices by hand? {answer}")])
    assert call.questions == ()


def test_a_question_the_buyer_answers_is_kept() -> None:
    call = analyse_call(
        [("rep", 0, 5, "Does it scale?"), ("buyer", 5, 9, "Absolutely, we need that.")]
    )
    assert [q.kind for q in call.questions] == ["closed"]


def test_questions_by_anyone_are_listed_and_rep_properties_filter() -> None:
    call = analyse_call(
        [
            ("rep", 0, 5, "What does success look like? Do you have a budget?"),
            ("buyer", 5, 9, "How long does onboarding take?"),
            ("rep", 9, 12, "Tell me about your team."),
        ]
    )
    assert [(q.asked_by, q.kind) for q in call.questions] == [
        ("rep", "open"),
        ("rep", "closed"),
        ("buyer", "closed"),
        ("rep", "open"),
    ]
    assert len(call.rep_questions) == 3
    assert call.open_questions == 2


SEGMENTS = [
    Segment("rep", 0.0, 12.0, "Thanks for joining. What are your goals this year?"),
    Segment("buyer", 14.5, 50.0, "We want to cut month-end from four days to two."),
    Segment("rep", 51.0, 80.0, "Our platform has over 200 features and dashboards."),
    Segment("buyer", 80.5, 81.5, "Mm-hmm."),
    Segment("rep", 81.5, 200.0, "We are the market leader. Let me show you our new module."),
    Segment("buyer", 203.0, 230.0, "What does it cost?"),
    Segment("other", 230.0, 231.0, "Sorry, someone joined."),
    Segment("rep", 234.0, 250.0, "Who needs to sign off on a decision like this?"),
    Segment("buyer", 250.0, 262.0, "Our CFO, Maria."),
    Segment("rep", 263.0, 270.0, "Would Thursday at 10 work for a demo with Maria?"),
    Segment("buyer", 270.5, 272.0, "Yes, Thursday works."),
]


def test_talk_shares_equal_an_independent_pandas_computation() -> None:
    frame = pd.DataFrame(SEGMENTS, columns=list(Segment._fields))
    frame["seconds"] = frame.end_s - frame.start_s
    frame["words"] = frame.text.str.count(r"\w+(?:['’]\w+)*")
    by_time = (frame.groupby("speaker_role").seconds.sum() / frame.seconds.sum()).to_dict()
    by_words = (frame.groupby("speaker_role").words.sum() / frame.words.sum()).to_dict()
    call = analyse_call(SEGMENTS)
    assert call.talk_share_time == pytest.approx(by_time)
    assert call.talk_share_words == pytest.approx(by_words)
    assert call.rep_talk_share == pytest.approx(by_time["rep"])


def test_monologue_merges_rep_segments_across_a_backchannel() -> None:
    call = analyse_call(SEGMENTS)
    assert call.longest_rep_monologue_s == pytest.approx(200.0 - 51.0)
    assert call.longest_rep_monologue is not None
    assert call.longest_rep_monologue.segment == 2
    assert call.longest_rep_monologue.why == "monologue of 149 s"


def test_patience_is_the_median_pause_after_real_buyer_turns() -> None:
    # buyer -> rep transitions, skipping the backchannel (3) and the "other" interruption (6)
    pauses = [51.0 - 50.0, 263.0 - 262.0]
    call = analyse_call(SEGMENTS)
    assert call.patience_s == pytest.approx(statistics.median(pauses))


def test_an_interruption_counts_as_no_pause() -> None:
    call = analyse_call([("buyer", 0, 10, "We lose deals."), ("rep", 8, 12, "Why is that?")])
    assert call.patience_s == 0.0


def test_topics_quote_the_sentences_that_discussed_them() -> None:
    call = analyse_call(SEGMENTS)
    quoted = {topic: [m.text for m in moments] for topic, moments in call.topics.items()}
    assert quoted["budget"] == ["What does it cost?"]
    assert quoted["authority"] == [
        "Who needs to sign off on a decision like this?",
        "Our CFO, Maria.",
    ]
    assert quoted["need"] == ["What are your goals this year?"]
    assert quoted["timing"] == ["What are your goals this year?"]
    assert call.topics["budget"][0].why == "budget: cost"


def test_a_proposed_time_the_buyer_accepts_is_the_next_step() -> None:
    call = analyse_call(SEGMENTS)
    assert call.next_step is not None
    assert call.next_step.segment == 9
    assert "thursday" in call.next_step.why


def test_a_proposed_time_the_buyer_declines_is_no_next_step() -> None:
    call = analyse_call(
        [
            ("rep", 0, 5, "Would Thursday at 10 work for a demo?"),
            ("buyer", 5, 9, "I'm not sure, let me check with my team."),
        ]
    )
    assert call.next_step is None


def test_a_stated_dated_plan_is_a_next_step_and_the_past_is_not() -> None:
    stated = analyse_call([("buyer", 0, 5, "Send me the proposal by Friday and we'll review it.")])
    assert stated.next_step is not None
    past = analyse_call([("rep", 0, 5, "Thanks for the call on Tuesday.")])
    assert past.next_step is None
    undated = analyse_call([("rep", 0, 5, "Let's schedule a demo at some point.")])
    assert undated.next_step is None


def test_feature_and_outcome_talk_count_rep_sentences_only() -> None:
    call = analyse_call(SEGMENTS)
    assert [m.text for m in call.feature_talk] == [
        "Our platform has over 200 features and dashboards.",
        "We are the market leader.",
        "Let me show you our new module.",
    ]
    assert [m.text for m in call.outcome_talk] == ["What are your goals this year?"]
    assert call.feature_share == pytest.approx(3 / 4)
    assert call.feature_talk[0].why == "feature talk: platform, features, dashboards"


def test_without_times_the_time_figures_are_none_and_share_falls_back_to_words() -> None:
    untimed = [Segment(s.speaker_role, None, None, s.text) for s in SEGMENTS]
    call = analyse_call(untimed)
    assert call.talk_share_time == {}
    assert call.longest_rep_monologue_s is None
    assert call.patience_s is None
    assert call.rep_talk_share == pytest.approx(call.talk_share_words["rep"])


def test_a_call_without_rep_speech_has_a_zero_monologue() -> None:
    call = analyse_call([("buyer", 0, 5, "Hello?")])
    assert call.longest_rep_monologue_s == 0.0
    assert call.rep_talk_share == 0.0


def test_a_question_after_a_colon_lead_in() -> None:
    assert question_kind("Quick one: what does renewal look like this year?") == "open"


def _next_step(*turns: str) -> Moment | None:
    """The next step of a call whose turns alternate between the rep and the buyer."""
    roles = ("rep", "buyer")
    return analyse_call([(roles[k % 2], None, None, t) for k, t in enumerate(turns)]).next_step


# (turns, rep first, then alternating; the index of the turn that holds the next step or None)
NEXT_STEP_LABELS = [
    # a short proposal, accepted with an agreement word
    (("Thursday at nine thirty?", "Perfect."), 0),
    (("Could we do Friday at four?", "Yes, put it in."), 0),
    (("Could we do Friday at four?", "Sure, I'll send the invite out."), 0),
    # the reply repeats the time with a word that accepts it, or alone
    (("Could we do Friday at four?", "Friday at four works for us."), 0),
    (("Shall we look at it together on Monday?", "Monday's good, before lunch."), 0),
    (("Would the 18th suit you for the workshop?", "The 18th is fine."), 0),
    (("Are you free at three tomorrow?", "Three tomorrow, yes."), 0),
    (("When could I reach your COO?", "Try Tuesday after ten.", "Tuesday after ten."), 1),
    # the offer of a time, accepted
    (("I can do Wednesday at eleven or Thursday at nine.", "Thursday at nine."), 0),
    # turned down, or left open
    (("Could we do Friday at four?", "Friday's bad, sorry."), None),
    (("How about the 9th at two?", "I'll need to check with finance first."), None),
    (("Can we meet next Tuesday?", "Sure, but I'm away next week."), None),
    (("Can we meet next Tuesday?", "Tuesday I'm out all day."), None),
    (("Shall we say the 9th?",), None),
    # a counter-proposal, then accepted
    (("Could we do Friday?", "Could we make it Monday instead?", "Monday works."), 1),
    # the agreed time stated outright
    (("Great, so we're set for Tuesday at two.",), 0),
    (("Can we do the 21st?", "The 21st doesn't work.", "Then the 22nd it is."), 2),
    # a date that is no proposal
    (("Is your renewal due on the 14th?", "Yes."), None),
    (("We rolled it out at two of our plants.", "Okay."), None),
    (("It was the 3rd time we tried it.", "Sure."), None),
]


@pytest.mark.parametrize(("turns", "index"), NEXT_STEP_LABELS)
def test_a_next_step_is_a_time_proposed_and_accepted_or_stated(
    turns: tuple[str, ...], index: int | None
) -> None:
    step = _next_step(*turns)
    if index is None:
        assert step is None
    else:
        assert step is not None
        assert step.segment == index
        assert step.text in turns[index]


def test_the_next_step_quotes_the_time_and_the_reply_that_accepted_it() -> None:
    step = _next_step(
        "Can we go through it on Monday at twelve thirty?", "Monday works. Bring Ana."
    )
    assert step is not None
    assert step.why == 'next step: go through (monday, at twelve thirty); agreed: "Monday works."'


HOUR_WORDS = "one two three four five six seven eight nine ten eleven twelve"
DAY_WORDS = "monday tuesdays thursday's tues thurs tomorrow tonight noon eod eow"

# days and times as written, in words or digits, found where they are the only date cue
DAYS = [
    ("Let's talk at two.", ("at two",)),
    ("Could we say twelve thirty?", ("twelve thirty",)),
    ("Does quarter past nine suit you?", ("quarter past nine",)),
    ("Can we meet at eleven on the 4th?", ("at eleven", "the 4th")),
    ("How about Friday's session?", ("friday's",)),
    ("Are you free in two weeks?", ("in two weeks",)),
    ("Let's aim for 9:30 or 10am.", ("9:30", "10am")),
    ("See you on March 3.", ("march 3",)),
    ("Is 3/4 okay?", ("3/4",)),
    ("We run it at two of our plants.", ()),
    ("Our platform has over 200 features.", ()),
    ("It is the 21st century.", ()),
    ("Thanks for the call on Tuesday.", ()),
]


@pytest.mark.parametrize(("sentence", "days"), DAYS)
def test_days_and_times_ahead(sentence: str, days: tuple[str, ...]) -> None:
    assert days_ahead(sentence) == days


def test_the_cheap_gate_before_the_date_pattern_never_hides_a_date() -> None:
    """days_ahead searches DATE only after a word or digit gate: on sentences built from every
    form of a day or time, it must find what DATE alone finds."""
    hours = HOUR_WORDS.split()
    days = [
        *hours,
        *[f"at {h}" for h in hours],
        *[f"{h} {m}" for h in hours for m in ("thirty", "fifteen", "forty-five", "o'clock")],
        *[f"{h} pm" for h in hours],
        *[f"half past {h}" for h in hours],
        *[f"quarter to {h}" for h in ("two", "3")],
        *DAY_WORDS.split(),
        "this morning", "next week", "coming month", "this quarter", "later today",
        "end of day", "end of the week", "early next week", "later this week",
        "in a week", "in three days", "in 10 days", "at 4", "at noon", "4 o'clock",
        "10:30", "9am", "9 a.m.", "11 pm", "the 14th", "14th of june", "june 14",
        "14 june", "sept 3rd", "2024-07-08", "7/8", "7/8/24",
    ]  # fmt: skip
    for day in days:
        for sentence in (f"Let's meet {day}.", f"{day.capitalize()} works", f"How about {day}?"):
            expected = tuple(dict.fromkeys(DATE.findall(sentence.lower())))
            # a bare "two" is no time, nor "at one" ("at one point")
            assert expected or day in (*hours, "at one"), sentence
            assert days_ahead(sentence) == expected, sentence
