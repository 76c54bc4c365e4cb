"""Word lists behind every judgement, matched on whole words in any case (see `words`).

A list decides one thing about one sentence and reports the words it matched, so a judgement
can always show the cue that drove it ("feature talk: platform, dashboards").

- Feature talk: the product, its features, the company ("our platform", "dashboards",
  "integrates", "market leader", "founded in").
- Outcome talk: the buyer's results, problems and money ("ROI", "payback", "churn", "cut that
  in half", "what does it cost you", "your customers"). A sentence with cues of both kinds
  counts as the kind with more cues; a tie goes to outcome when the sentence addresses the buyer
  ("you"/"your"), to feature otherwise.
- You against we: "you, your, yours" (not "thank you") against "we, our, us, I, my" ("me" is
  left out: "let me know", "tell me" are asks, not talk about oneself).
- BANT topics (budget, authority, need, timing): cue words per topic; a sentence may count for
  several topics.
- Next step: a scheduling word ("demo", "meet", "send", "follow up", "next step", "set for")
  together with a day or time ("Thursday at 10", "next week", "on the 14th", "tomorrow",
  "March 3", "the 4th"); a proposal of a day or time
  ("Can we do ...", "How about ...", "I'm free ...") and how the other side accepts one ("Yes",
  "Works", "Wednesday at two works for me", "Monday after nine.") or turns it down ("Thursday
  doesn't work", "Tuesday's bad").
- Days and times (`DATE`), in digits or in words: weekdays, "tomorrow", "next week", "the
  4th", "March 3", "10:30", "at two", "twelve thirty", "half past nine"; "at two of our sites"
  and "the 21st century" are none. The words they need (`DAY`) let the long pattern run only
  where a day or time can be.
- Weak asks: "let me know your thoughts", "any questions?", "does that make sense?": they ask
  the reader for nothing specific, so they are not a call to action (the choice is documented
  in `call_to_action`).

Each list is written out form by form ("integrate integrates integrated integration"), so a
reader sees exactly which words count; phrases are matched word by word. A few cues that are
patterns rather than words (days and times, money amounts, how a reply agrees) are regular
expressions.

Limits: words, not meaning. Negation ("we don't have a budget") still counts as budget talk,
which is right for a topic (it was discussed) and the reason topics never judge sentiment. The
lists are English only.
"""

from __future__ import annotations

import re

from pipeline_doctor.text.cued import Cued


def _words(text: str) -> tuple[str, ...]:
    """Cues separated by "|" (a cue of several words is a phrase); blanks around "|" ignored."""
    return tuple(" ".join(cue.split()) for cue in text.split("|") if cue.strip())


def _each(text: str) -> tuple[str, ...]:
    """One-word cues separated by spaces."""
    return tuple(text.split())


FEATURE = _each(
    "feature features functionality functionalities capability capabilities module modules "
    "dashboard dashboards integrate integrates integrated integration integrations plugin "
    "plugins plug-in plug-ins api apis interface release releases version versions platform "
    "platforms solution solutions product products award-winning industry-leading "
    "best-in-class cutting-edge state-of-the-art patented founded offices built-in "
    "out-of-the-box ai unmatched seamless seamlessly"
) + _words(
    "our tool | our software | our app | our company | our team | our technology | our offering"
    "| our customers | our clients | our roadmap | award winning | market leader"
    "| industry leader | category leader | industry leading | best in class | cutting edge"
    "| state of the art | built in | out of the box | machine learning | trusted by"
    "| let me show you"
)
OUTCOME = _each(
    "roi payback save saves saved saving savings cost costs revenue profit profits profitable "
    "profitability margin margins churn retention risk risks goal goals outcome outcomes result "
    "results problem problems challenge challenges pain pains issue issues impact cut cuts "
    "reduce reduces reduced increase increases increased grow growth improve improves improved "
    "improvement faster success successful priority priorities kpi kpis target targets "
    "deadline efficient efficiency productive productivity hurt hurts lose loses losing lost"
) + _words(
    "return on investment | pay back | cost you | in half | worth it | your customers"
    "| your clients | your business | your revenue | your margin | your margins | your costs"
)
YOU = _each("you your yours yourself yourselves you're you've you'll you'd")
FORMULA = _words("thank you | see you | talk to you | hear from you")
"""Formulas that contain "you" without being about the reader."""
SELF = _each("we our ours us i my mine we're we've we'll we'd i'm i've i'll i'd ourselves myself")

BUDGET = _each(
    "budget budgets price prices pricing cost costs spend spending afford fund funds funding "
    "funded invest investment investing dollar dollars euro euros quote quotes discount "
    "discounts money expensive allocated"
) + _words("how much | purchase order | set aside")
AUTHORITY = _each(
    "sign-off decision-maker decision-makers decide decides decided deciding decision "
    "decisions approve approves approved approval cfo ceo cto cio vp board boss stakeholder "
    "stakeholders procurement legal champion champions"
) + _words(
    "sign off | signs off | signed off | decision maker | decision makers | who else"
    "| buying committee | final say | involved in"
)
NEED = _each(
    "problem problems challenge challenges pain pains issue issues struggle struggles "
    "struggling priority priorities goal goals hurt hurts manual manually frustrated "
    "frustrating frustration bottleneck broken delay delays lose losing solve fix fixing "
    "requirement requirements must-have"
) + _words(
    "pain point | by hand | cost you | what happens if | success look like | trying to"
    "| worth it | don't trust"
)
TIMING = (
    _each(
        "timeline timelines deadline deadlines q1 q2 q3 q4 quarter quarters fiscal go-live "
        "urgency urgent launch launches launching rollout renewal renewals"
    )
    + _words(
        "this year | next year | go live | in place | roll out | contract ends | buying window"
        "| by the end of | next six months | next three months | next few months"
        "| coming months"
    )
    + tuple(
        f"when {verb} {subject}"
        for verb in ("do", "does", "would", "will", "are", "is", "can", "should")
        for subject in ("you", "they", "we", "this", "that", "it")
    )
)
TOPICS = {"budget": BUDGET, "authority": AUTHORITY, "need": NEED, "timing": TIMING}
MONEY = re.compile(r"[$€£]\s?\d")
"""An amount of money is budget talk too ("$40k", "€ 12,000")."""

SCHEDULE = _each(
    "meet meeting call calls demo demos session chat talk speak book schedule calendar invite "
    "invites workshop join connect sync review"
) + _words(
    "walk through | walk you through | go through | catch up | hop on | jump on | 15 minutes "
    "| 30 minutes | 45 minutes | 60 minutes | 20 minutes | fifteen minutes | thirty minutes "
    "| 30 mins | 15 mins"
)
"""Words that ask for time together: with a day or time they propose a meeting."""
NEXT_STEP = (
    SCHEDULE
    + _each(
        "follow-up followup send share reconvene kick-off kickoff check-in presentation proposal "
        "walkthrough"
    )
    + _words(
        "next step | next steps | follow up | get back to you | circle back | kick off "
        "| touch base | check in | set for | locked in | pencilled in | penciled in | booked in"
        "| in the diary | in the calendar | see you"
    )
)
PAST = _each("yesterday ago earlier was were had did spoke met went") + _words(
    "thanks for | thank you for | last week | last month | last time | last monday "
    "| last tuesday | last wednesday | last thursday | last friday"
)
"""A sentence about what already happened ("Thanks for the call on Tuesday") proposes no time."""
SITUATION = (
    tuple(
        f"you {verb}"
        for verb in (
            *_each("mentioned said shared raised noted asked described explained flagged"),
            "told me",
        )
    )
    + _words(
        "as you know | as you said | as you mentioned | your goal | your goals | your plan"
        "| your plans | your priority | your priorities | your team's | your concern"
        "| your concerns | your question | when we spoke | when we talked | when we met"
        "| following up on your | based on what you | the figures you | the numbers you"
        "| the data you | figures you | numbers you | your recent | your new role"
        "| your funding | your launch | congrats | congratulations"
    )
    + tuple(
        f"you're {verb}"
        for verb in _each("planning looking hiring expanding moving rolling launching")
    )
)

_NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve"
_WEEKDAYS = _each("monday tuesday wednesday thursday friday saturday sunday")
DAY = (
    _WEEKDAYS
    + tuple(f"{day}s" for day in _WEEKDAYS)
    + tuple(f"{day}'s" for day in _WEEKDAYS)
    + _each("tues thurs tomorrow tonight noon eod eow o'clock")
    + _words("later today | end of | half past | quarter past | quarter to")
    + tuple(
        f"{which} {when}"
        for which in _each("this next coming")
        for when in _each("morning afternoon evening week month quarter")
    )
    + tuple(
        f"in {count} {unit}"
        for count in _each("a one two three four")
        for unit in _each("day days week weeks")
    )
    + tuple(f"at {hour}" for hour in _each(_NUMBER_WORDS))
    + tuple(
        f"{hour} {minutes}"
        for hour in _each(_NUMBER_WORDS)
        for minutes in _each("thirty fifteen forty forty-five o'clock am pm")
    )
)
"""The words of every day or time `DATE` finds that holds no digit ("Thursday", "next week",
"at two", "twelve thirty"): `DATE`, a long pattern, is searched only in a sentence holding one
of these or a digit `DATE_DIGITS` finds."""

LISTS = {
    "feature": FEATURE,
    "outcome": OUTCOME,
    "you": YOU,
    "formula": FORMULA,
    "self": SELF,
    **TOPICS,
    "schedule": SCHEDULE,
    "next_step": NEXT_STEP,
    "past": PAST,
    "situation": SITUATION,
    "day": DAY,
}
"""Every word list `words.scan` matches in one pass, by name."""

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs)"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_HOUR = "(?:" + _NUMBER_WORDS.replace(" ", "|") + ")"
_HOUR_NOT_ONE = "(?:" + _NUMBER_WORDS.removeprefix("one ").replace(" ", "|") + ")"
"""Hours that can stand alone after "at" ("at two"); "at one" is too often "at one point"."""
_MINUTES = r"(?:thirty|fifteen|forty[- ]five|o'clock)"
_NOT_A_DAY = (
    r"(?! (?:century|time|times|floor|place|largest|biggest|most|grade|anniversary|percentile"
    r"|edition|generation|quarter|round|year|birthday|annual|consecutive))"
)
"""What may follow "the 4th" when it is no day ("the 4th time", "the 21st century")."""
_BARE_HOUR_END = (
    r"(?=\s*(?:[,.;:!?)]|$)|\s(?:on|next|this|tomorrow|today|tonight|then|works?|is|or|and|if"
    r"|with|for|in|your|their|our|my|sharp|eastern|pacific|central|gmt|cet|uk|et|pt|ct)\b)"
)
"""After "at two": the end of a clause or a word that goes on with a time, so that "at two of
our sites" is no time."""
_DATE_FORMS = (
    _WEEKDAY + r"(?:s|'s|’s)?",
    "tomorrow",
    "tonight",
    r"(?:this|next|coming) (?:morning|afternoon|evening|week|month|quarter|" + _WEEKDAY + ")",
    r"(?:early|later|end of) (?:next|this) week",
    "later today",
    r"end of (?:the )?(?:day|week|month)",
    "eod",
    "eow",
    r"in (?:a|one|two|three|four|\d+) (?:days?|weeks?)",
    r"\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)",
    r"\d{1,2}:\d{2}",
    r"at (?:\d{1,2}|noon)",
    "noon",
    r"\d{1,2} o'clock",
    r"the " + _ORDINAL + _NOT_A_DAY,
    r"at " + _HOUR + " " + _MINUTES,
    "at " + _HOUR_NOT_ONE + _BARE_HOUR_END,
    _HOUR + " " + _MINUTES,
    _HOUR + r" (?:am|pm)",
    r"(?:half past|quarter past|quarter to) (?:" + _HOUR + r"|\d{1,2})",
    _ORDINAL + " of " + _MONTH,
    _MONTH + r" \d{1,2}(?:st|nd|rd|th)?",
    r"\d{1,2}(?:st|nd|rd|th)? " + _MONTH,
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?",
)
DATE = re.compile(
    r"(?<![\w'])(?:" + "|".join(sorted(_DATE_FORMS, key=len, reverse=True)) + r")(?![\w'])"
)
"""A day or a time ("Thursday at 10", "next week", "on the 14th", "March 3", "10:30"), in
lower-cased text: without IGNORECASE the regex engine skips the branches whose first letter
differs, which makes it half again as fast."""
DATE_DIGITS = re.compile(
    r"\d(?:\s?(?:[:/]\d|[ap]\.?m\b|st\b|nd\b|rd\b|th\b|o'clock|days?\b|weeks?\b"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|-\d)|\bat \d"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d"
)
"""Digits that may be part of a day or time ("10:30", "10am", "the 14th", "at 3", "March 3",
"3/4", "in 3 days"), in lower-cased text; "200 features" is none."""

AGREEMENT = re.compile(
    r"^\W*(?:yes|yeah|yep|sure|ok|okay|great|perfect|works|that works|sounds good|sounds great"
    r"|absolutely|definitely|of course|let's do it|deal|confirmed|done|fine|good)(?![\w'])",
    re.IGNORECASE,
)
"""How a reply to a proposed time starts when the other side agrees."""
ACCEPTS = re.compile(
    r"(?<![\w'])(?:works?|good|fine|great|perfect|suits?|ok|okay|yes|yeah|sure|best|it is"
    r"|confirmed|booked|set|done)(?![\w'])",
    re.IGNORECASE,
)
"""A word that accepts a day or time the reply repeats ("Wednesday at two works for me")."""
DECLINES = re.compile(
    r"(?<![\w'])(?:not|no(?! (?:problem|worries))|never|cannot|bad|busy|tricky|tough|difficult"
    r"|unfortunately|sorry|check|(?:i['’]m|i am|i['’]ll be|we['’]re|we['’]ll be|he['’]s|she['’]s"
    r"|they['’]re|he['’]ll be|she['’]ll be) (?:out|off|away|travell?ing)|out of (?:the )?office"
    r"|day off|on (?:leave|holiday|vacation))(?![\w'])|n['’]t(?![\w'])",
    re.IGNORECASE,
)
"""Words that turn a day or time down ("Thursday doesn't work", "Tuesday's bad", "I'll have
to check", "I'm away that week")."""
PROPOSAL = Cued(
    re.compile(
        r"(?<![\w'])(?:let['’]s|let us|shall we|should we|can we|could we|how about|what about"
        r"|why don['’]t we|are you (?:free|available|around)|do you have time|would .{1,40}? work"
        r"|does .{1,40}? (?:work|suit)|works? for you|suits? you|if .{1,40}? (?:works|suits)"
        r"|(?:i|we) (?:can|could) (?:be|do|come|stop|drop|meet|make|visit|join|swing|call)"
        r"|(?:i['’]m|i am|we['’]re|we are) (?:free|available|around)"
        r"|(?:i['’]ll|i will) be (?:in|on|at|around|free|available|nearby)|^\W*try)(?![\w'])",
        re.IGNORECASE,
    ),
    (
        *("let", "shall", "should", "can", "could", "how about", "what about", "why don"),
        *("are you", "do you have", "work", "suit", "free", "available", "around", "ll be"),
        "try",
    ),
)
"""How one side proposes a day or time: a suggestion ("Can we do ...", "How about ...", "Would
the 21st work", "Let me know if Tuesday works"), an offer of one's time ("I'm free ...", "I can
be on site ...") or "Try Monday"."""

WEAK_ASK = Cued(
    re.compile(
        r"(?<![\w'])(?:(?:any )?(?:other |more )?(?:thoughts|questions|feedback|comments)\W*$"
        r"|what do you think"
        r"|let me know (?:your thoughts|what you think|if you have (?:any )?questions)"
        r"|(?:does|did|do) (?:this|that|it|these) (?:help|make sense|sound (?:good|ok))"
        r"|makes? sense\W*$|sounds? good\W*$)",
        re.IGNORECASE,
    ),
    ("thoughts", "questions", "feedback", "comments", "think", "help", "sense", "sound"),
)
DIRECT_REQUEST = re.compile(
    r"^\W*(?:please |kindly )?(?:book|grab|pick|choose|schedule) (?:a|some|any|your|the|\d+)\b"
    r"|^\W*(?:please|kindly) (?:send|share|confirm|sign|review|forward|introduce|reply|book"
    r"|schedule|pick|choose|call)\b",
    re.IGNORECASE,
)
"""An imperative that asks the reader to do one thing ("Please send the signed order form")."""
GREETING = re.compile(
    r"^\W*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b[^.!?]{0,40}[,!.:]?$",
    re.IGNORECASE,
)
"""A salutation line ("Hi Anna,"): mail merge fills the name, so it personalises nothing."""
