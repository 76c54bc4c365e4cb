"""Which sentences are questions, open or closed. Decided by form, not by "?" alone.

Sentences come from `splitting.split_sentences`.

What counts as a question (the rules the hand-labelled tests check):

1. Leading fillers are set aside first ("So,", "And", "Okay,", "Just curious,"), and a question
   or a request may follow a lead-in clause ending in a comma, colon, semicolon or a dash
   between spaces ("Looking at last quarter, how did you ...", "Quick one: what ...", "To
   begin, walk me through ...", "Priya - could you ..."). A "who"/"which" clause after a comma
   is a relative clause, no question ("..., which cut costs", "..., who signs"), unless it ends
   the sentence with "?" ("For the rollout, which team goes first?") or an auxiliary and a
   subject follow ("..., which do you prefer").
2. Interrogative form: a question word first (what, how, why, who, which, when, where), or an
   auxiliary first with a subject after it ("Do you ...", "Would Tuesday work ..."). With "?"
   this is always a question; without "?" (speech-to-text often drops it) only when the
   question word is followed by an auxiliary ("What does success look like"), or is "who",
   "which" or "how many/much/long/often"; an auxiliary needs a subject after it ("Would love to
   chat" is not a question). "What we do is ..." (question word, then a subject, then no
   auxiliary) is a statement even with "?".
3. Requests for an answer are questions without any "?": "Tell me about ...", "Walk me
   through ...", "Describe ...", "Help me understand ...", "I'd love to understand how ...",
   "I'm curious how ...", "I was wondering whether ...".
4. A sentence in statement form ending in "?" is a question only when it checks something about
   the listener ("You're on Salesforce today?"), ends in a tag ("..., right?", "..., isn't
   it?") or is a short fragment without its own subject ("Any concerns?", "Next Tuesday?").
   "We integrate with Salesforce?" is a statement: speech-to-text raises the pitch, not the
   speaker. "You know?" (also "..., you know?", "you see?", "I mean?") is a filler: the
   sentence is judged without it and without the "?".
5. Rhetorical questions are not questions to the listener: the speaker answers at once, in the
   next sentence ("Why does this matter? Because ..."; "Mostly because ..."; "Does it scale?
   Absolutely."; "Not anymore."; "Sell more, of course."), or uses a
   selling formula ("Did you know ...", "Wouldn't it be great ...", "Imagine ..."). A tag
   question the speaker talks straight past ("It's slow, right? So we built ...") is
   rhetorical too. The caller applies the "answered at once" rule, since it knows who speaks
   next (`answers_itself`).

Open or closed: open questions invite the other side to talk: what, how, why, and requests to
tell, walk through, describe or explain. Closed questions take yes/no or one fact: auxiliary
first ("Do you ...", "Can we ..."), who/when/where/which/whose, "how many/much/long/often",
"what time/day/date", "how about Thursday?", statement-form checks and tags, and "I wonder if
...". A polite request ("Could you walk me through ...") takes the kind of what it requests.
Where someone stands asks for a position and its reasons, so it is open ("Where did you land
after the demo?", "Where do you stand on ..."); where something is stays closed. Small talk in
question form is closed ("How are you doing?", "Hi Sam, how are you?", "Can you hear me?"),
and only when it is all the sentence says: "How are you planning to ...", "How are you
thinking about ..." go on, and ask an open question (`is_pleasantry` tells small talk, also
"Hope you had a good weekend?", to callers that drop it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pipeline_doctor.text.wordsplit import QUESTION_WORD, question_words

Kind = Literal["open", "closed"]


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WH = frozenset({"what", "how", "why", "who", "whom", "whose", "which", "when", "where"})
_WH_CONTRACTED = frozenset(
    {"what's", "how's", "who's", "where's", "when's", "why's", "what're", "how're", "whats"}
)
_OPEN_WH = frozenset({"what", "how", "why", "what's", "how's", "why's", "what're", "how're"})
_AUX = _set(
    "do does did is are was were am can could would will should shall have has had may might "
    "must don't doesn't didn't isn't aren't wasn't weren't can't couldn't wouldn't won't "
    "shouldn't haven't hasn't hadn't"
)
_SUBJECT_PRONOUNS = _set(
    "i we you they he she it this that there here our my your their its "
    "i'm we're you're they're it's that's there's i've we've you've i'd we'd you'd"
)
_YOU_SUBJECT = _set("you you're you've you'd you'll your")
_FILLERS: tuple[tuple[str, ...], ...] = (
    *((word,) for word in _set("so and but okay ok well now alright um uh hmm great cool perfect")),
    *((word,) for word in _set("yeah yes sure also then oh right")),
    *(tuple(phrase.split()) for phrase in ("just curious", "quick question", "got it", "i mean")),
    *(tuple(phrase.split()) for phrase in ("by the way", "and then", "out of curiosity")),
    ("one", "more", "thing"),
)
_FILLERS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in _FILLERS:
    _FILLERS_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_SUBJECTS_WITHOUT_MARK = _SUBJECT_PRONOUNS | _set(
    "anyone anybody someone somebody everyone everybody the these those any all"
)
"""Without "?", an auxiliary first is a question only before one of these ("Do you ...";
not "Have a great weekend", "Will do", "Can't wait")."""
_DEFINITE = _set("the these those")
_CAN_START = (
    _WH
    | _WH_CONTRACTED
    | _AUX
    | _set(
        "tell walk talk take describe explain help give paint share elaborate expand say i'd i i'm "
        "we'd i'll did have ever wouldn't isn't who imagine guess want"
    )
)
"""First words (after fillers) of every form in rules 2, 3 and 5: a sentence without "?" that
starts otherwise, with no lead-in clause, is no question."""
_HOW_ONE_FACT = _set("many much long often soon old far big about")
_WHAT_ONE_FACT = _set("time day date year")


def _small_talk(forms: str) -> re.Pattern[str]:
    """`forms` as the whole sentence or its last clause, with an optional name after a comma."""
    return re.compile(
        r"(?:^|[,.!;:]|\b(?:so|and|well|anyway|now|oh|hi|hey|hello)\b)\s*(?:" + forms + ")"
        r"(?: so far| today| this week| these days| over there)?\s*(?:,\s*[a-z]+(?: [a-z]+)?)?"
        r"\s*[?.!]*$"
    )


_PLEASANTRY = _small_talk(
    r"how (?:are|were|have) you(?: been)?(?: doing| keeping| getting on| holding up)?"
    r"|how (?:is|was|are) (?:things|life|everything|the family|your (?:day|week|weekend|morning"
    r"|trip|holiday|vacation|summer))(?: going)?|how's (?:it going|things|life|everything"
    r"|your (?:day|week|weekend))|how goes it|can you (?:hear|see) (?:me|my screen)"
    r"|are you there"
)
"""Small talk in question form, closed ("How are you doing, Jim?", "Hi Sam, how are you?");
"How are you planning to ..." goes on, so it asks something."""
_WELL_WISH = _small_talk(
    r"(?:i )?hope (?:you(?:'re| are) (?:well|doing well|keeping well)|(?:all is|everything is"
    r"|all's) well|you had a (?:good|great|nice|lovely|relaxing) \w+)"
)
"""Small talk in statement form, sometimes with "?" ("Hope you had a great weekend?")."""
_FILLER_TAG = re.compile(r"(?:^|,)\s*(?:you know|you see|i mean)\s*\?$")
"""A filler at the end ("It's maddening, you know?"): speech habit, not a question."""
_TAG = re.compile(
    r",\s*(?:right|correct|yes|no|yeah|ok|okay|true|agreed|fair|is that (?:right|correct)"
    r"|isn't it|aren't they|aren't you|don't you|doesn't it|don't they|wouldn't you|didn't you"
    r"|won't it|can't you|is it|(?:does that|that) make sense|sound good)\s*\?$"
)
_OPEN_REQUEST = re.compile(
    r"^(?:tell me (?:about|more|how|what|why|a bit|a little)|walk me through|talk me through"
    r"|take me through|describe|explain|help me understand|give me a sense|paint (?:me )?a picture"
    r"|share (?:with me |a bit |more )?(?:about|how|what|why)|elaborate|expand on|say more"
    r"|(?:i'd|i would|i'll|we'd) (?:love|like) to (?:understand|hear|know|learn|get a sense|see) "
    r"(?:more|how|what|why|about|your)"
    r"|i (?:want|wanted|need) to understand (?:how|what|why|more|your)"
    r"|(?:i'm|i am) curious (?:about|how|what|why|to)"
    r"|(?:i wonder|i was wondering|i'm wondering) (?:how|what|why))"
)
_CLOSED_REQUEST = re.compile(
    r"^(?:tell me (?:if|whether|who|when|where|which)"
    r"|(?:i'd|i would) (?:love|like) to (?:know|understand) (?:if|whether|who|when|which)"
    r"|(?:i'm|i am) curious (?:if|whether|who|when|where|which)"
    r"|(?:i wonder|i was wondering|i'm wondering) (?:if|whether|who|when|where|which))"
)
_POLITE = re.compile(
    r"^(?:can|could|would|will) you (?:please )?(?:(?P<open>describe|explain|elaborate|expand"
    r"|give me a sense|help me understand|paint)|tell|walk|talk|take|share)\b(?P<rest>.*)"
)
_CLAUSE = re.compile(r"[,:;]|\s[-–—]+\s")
"""Where a lead-in clause ends: a comma, colon, semicolon or a dash between spaces ("Rob - can
you ...")."""
_RELATIVE = frozenset({"who", "whom", "whose", "which"})
_OPEN_AFTER = re.compile(r"\b(?:how|what|why|about|through|more)\b")
_OPEN_CLAUSE = re.compile(r"(?:,|\band\b|\bor\b)\s*(?:so |and |but )?(?:how|what|why)\b")
_SELLING_RHETORIC = re.compile(
    r"^(?:did you know|have you ever wondered|ever wondered|wouldn't it be|isn't it time"
    r"|who doesn't|who wouldn't|what if you could|imagine|guess what|want to know)\b"
)
_SELF_ANSWER = re.compile(
    r"^(?:(?:[a-z']+ ){0,2}(?:because|'cause)|cause|well|simple|easy|the answer|the reason"
    r"|here's (?:why|how|the thing)|it means|that means|it's simple|turns out|yes|no|yep|nope"
    r"|absolutely|of course|exactly|the truth is|short answer|not anymore|not any more"
    r"|no longer|not really|never)\b"
)
"""How an answer to one's own question starts: "Because ...", "Mostly because ...", "Not
anymore.", "Absolutely."."""
_SELF_ANSWER_END = re.compile(r",\s*(?:of course|obviously|naturally)\W*$")
"""... or ends: "Sell more, of course."."""
_OPEN_WHERE = re.compile(
    r"^where (?:do|did|does|are|is|have|has|would|will) (?:you|they|we|things|[a-z]+) "
    r"(?:land|landed|stand|net out|end up|ended up|come out|at|with|on)\b"
)
"""Where someone stands asks for a position, explained: "Where did you land after the demo?"."""


def _words(sentence: str) -> list[str]:
    return question_words(sentence)


def _strip_fillers(words: list[str]) -> list[str]:
    start = 0
    while start < len(words) - 1:
        for phrase in _FILLERS_BY_FIRST.get(words[start], ()):
            if tuple(words[start : start + len(phrase)]) == phrase:
                start += len(phrase)
                break
        else:
            break
    return words[start:]


@lru_cache(maxsize=1 << 16)
def question_kind(sentence: str) -> Kind | None:
    """ "open" or "closed" when `sentence` asks the listener something, else None.

    Rhetorical formulas ("Did you know ...") return None here; a question answered by the
    speaker's own next sentence is the caller's to drop (`answers_itself`)."""
    text = sentence.strip().lower().replace("’", "'")
    asked = text.endswith("?")
    if asked and (filler := _FILLER_TAG.search(text)) is not None:
        text, asked = text[: filler.start()], False  # "..., you know?" asks nothing
    words = _strip_fillers(_words(text))
    lead_in = "," in text or ":" in text or ";" in text or _has_dash(text)
    if not words or (not asked and words[0] not in _CAN_START and not lead_in):
        return None  # no question form can start with this word
    core = " ".join(words)
    if _SELLING_RHETORIC.match(core):
        return None
    if _may_be_small_talk(text) and _PLEASANTRY.search(text):
        return "closed"
    kind = _form_kind(words, core, asked)
    if kind is None:
        # a lead-in clause, then the question: "Looking at last quarter, how did you decide?",
        # "To start, walk me through ..."
        clauses = _CLAUSE.split(text)[1:]
        for k, clause in enumerate(clauses):
            if not _may_start_a_question(clause):
                continue
            clause_words = _strip_fillers(_words(clause))
            if clause_words and clause_words[0] in _CAN_START:
                if _relative(clause_words) and (not asked or k + 1 < len(clauses)):
                    continue  # "..., which answers questions": a relative clause
                kind = _form_kind(clause_words, " ".join(clause_words), asked)
                if kind is not None:
                    break
    if kind is None and asked:
        kind = _statement_with_mark(words, text)
    if kind == "closed" and _has_open_word(text) and _OPEN_CLAUSE.search(text):
        return "open"  # "When do you need it, and why then?" asks for an explanation too
    return kind


def _may_start_a_question(clause: str) -> bool:
    """False when the clause's first word is neither a filler nor a question's first word, so
    `_strip_fillers(_words(clause))` cannot start with one of `_CAN_START`: most clauses, and
    this reads one word of them."""
    first = QUESTION_WORD.search(clause.lower().replace("’", "'"))  # stops at the first word
    return first is not None and (first[0] in _CAN_START or first[0] in _FILLERS_BY_FIRST)


def _has_open_word(text: str) -> bool:
    """Whether `_OPEN_CLAUSE` may match: it needs "how", "what" or "why"."""
    return "how" in text or "what" in text or "why" in text


def _form_kind(words: list[str], core: str, asked: bool) -> Kind | None:
    """The kind when the words have the form of a question or a request, else None."""
    if _OPEN_REQUEST.match(core):
        return "open"
    if _CLOSED_REQUEST.match(core):
        return "closed"
    first = words[0]
    second = words[1] if len(words) > 1 else ""
    if first in _WH or first in _WH_CONTRACTED:
        if not _wh_question(first, second, asked):
            return None
        if first == "where" and _OPEN_WHERE.match(core):
            return "open"
        if first == "how" and second in _HOW_ONE_FACT:
            return "closed"
        if first in ("what", "which") and second in _WHAT_ONE_FACT:
            return "closed"
        return "open" if first in _OPEN_WH else "closed"
    if first in _AUX and (asked or second in _SUBJECTS_WITHOUT_MARK):
        polite = _POLITE.match(core)
        if polite and (polite["open"] or _OPEN_AFTER.search(polite["rest"])):
            return "open"
        return "closed"
    return None


def _wh_question(first: str, second: str, asked: bool) -> bool:
    """Whether a sentence starting with a question word asks something."""
    if first in _WH_CONTRACTED:
        return True
    if second in _SUBJECT_PRONOUNS:
        return False  # "What we do is ...", "When you get a chance, ...": no inversion
    if first == "which" and second in ("is", "was", "means", "meant", "makes", "made"):
        return asked  # "Which is why we built it."
    if asked or second in _AUX or first in ("who", "whom", "whose", "which"):
        return True
    if first == "how" and second in _HOW_ONE_FACT:
        return True
    return first in ("what", "which") and second in ("kind", "type", "sort", "else", "happens")


def _has_dash(text: str) -> bool:
    return ("-" in text or "–" in text or "—" in text) and _CLAUSE.search(text) is not None


_SMALL_TALK_LENGTH = 80
"""Small talk is short: "Hi Sam, how have you been keeping these days, Jim?" is 50 characters."""


def _may_be_small_talk(text: str) -> bool:
    """Whether a small-talk form could be the text: it is short and holds one of these words
    (a cheap test before the regular expression, which is tried at every position)."""
    return len(text) <= _SMALL_TALK_LENGTH and (
        "how" in text or "hear" in text or "see" in text or "there" in text
    )


def _relative(words: list[str]) -> bool:
    """Whether a clause after a comma may be a relative clause ("..., who pulls the policy",
    "..., which is why"): who/which not followed by an auxiliary and a subject. It is one
    without "?", or with "?" when another clause follows ("The tool, which took a year, is
    live?"); with "?" and last it asks ("For the rollout, which team goes first?")."""
    return words[0] in _RELATIVE and not (
        len(words) > 2 and words[1] in _AUX and words[2] in _SUBJECTS_WITHOUT_MARK
    )


def _statement_with_mark(words: list[str], text: str) -> Kind | None:
    """Rule 4: a sentence in statement form that ends with "?"."""
    if _TAG.search(text) or words[0] in _YOU_SUBJECT:
        return "closed"
    if len(words) <= 4 and words[0] not in _SUBJECT_PRONOUNS | _DEFINITE:
        return "closed"  # "Any concerns?", "Next Tuesday?"
    return None


def is_tag_question(sentence: str) -> bool:
    """ "..., right?": when the speaker goes on talking, the tag expects no answer."""
    return _TAG.search(sentence.strip().lower().replace("’", "'")) is not None


@lru_cache(maxsize=1 << 16)
def answers_itself(next_sentence: str) -> bool:
    """Whether the speaker's next sentence answers the question just asked (rhetorical)."""
    words = _words(next_sentence)
    if not words:
        return False
    if _SELF_ANSWER.match(" ".join(words)) is not None:
        return True
    return _SELF_ANSWER_END.search(next_sentence.lower().replace("’", "'")) is not None


def is_pleasantry(sentence: str) -> bool:
    """Small talk in question form ("How are you doing?", "Hope all is well?"): asks nothing of
    substance, so it is no call to action."""
    text = sentence.strip().lower().replace("’", "'")
    if _may_be_small_talk(text) and _PLEASANTRY.search(text) is not None:
        return True
    return (
        len(text) <= _SMALL_TALK_LENGTH and "hope" in text and _WELL_WISH.search(text) is not None
    )
