"""What a follow-up email shows: length, reading grade, whom it is about (the buyer or us),
feature or outcome talk, whether it asks for something, and whether it is personal.

Rules and their limits:

- Buyer focus: references to the reader ("you", "your"; "thank you" is a formula and does not
  count) among all references to the reader and to the sender ("we", "our", "us", "I", "my").
  Product names are not counted: the function is not told them, and "our platform" already
  counts through "our". None when the email has neither.
- A sentence is buyer talk when it names the buyer or their company, or refers to the reader at
  least as often as to the sender ("I'd love to hear how your team ..."); it is self talk when
  the sender outnumbers the reader, or when it talks about the product without addressing the
  reader ("The new release ships 40 dashboards."). A weak ask ("Let me know your thoughts.") is
  a formula, not talk about the buyer. `buyer_focused` needs buyer_focus >= 0.5
  and at least one sentence of buyer talk.
- Call to action: a sentence that asks the reader for something specific: a proposed time
  ("Would Tuesday at 10 work?", "I'm free Tuesday afternoon"), a genuine question to the reader
  (not rhetorical, not small talk, not put to a colleague in copy), or a direct request
  ("Please send the signed order form"); a weak ask ("Let me know your thoughts.") is not one
  (`call_to_action`). A question in a quoted reply, the signature or a footer is not the
  sender's: `clean_email` removes those parts first (unless clean=False).
- Personalisation: sentences naming the buyer (full name or first name) or their company, or
  referring to their situation ("you mentioned", "your goal", "when we spoke"). The salutation
  ("Hi Anna,") does not count: mail merge fills it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pipeline_doctor.text.call_to_action import call_to_action, readers
from pipeline_doctor.text.cleaning import clean_email
from pipeline_doctor.text.evidence import Moment
from pipeline_doctor.text.lexicon import GREETING, WEAK_ASK
from pipeline_doctor.text.names import buyer_names, names_in
from pipeline_doctor.text.readability import grade as reading_grade
from pipeline_doctor.text.splitting import split_sentences
from pipeline_doctor.text.talk import focus_moment
from pipeline_doctor.text.words import distinct, scan, word_count


@dataclass(frozen=True)
class EmailAnalysis:
    """The evidence of one email; every judgement quotes the sentences behind it."""

    text: str
    """The cleaned body actually judged."""
    words: int
    grade: float | None
    """Flesch-Kincaid grade (textstat); None under 20 words."""
    buyer_focus: float | None
    """Share of reader references among reader and sender references; None when neither."""
    self_talk: tuple[Moment, ...]
    buyer_talk: tuple[Moment, ...]
    feature_talk: tuple[Moment, ...]
    outcome_talk: tuple[Moment, ...]
    call_to_action: Moment | None
    personalisation: tuple[Moment, ...]

    @property
    def asks_for_something(self) -> bool:
        return self.call_to_action is not None

    @property
    def buyer_focused(self) -> bool:
        return self.buyer_focus is not None and self.buyer_focus >= 0.5 and bool(self.buyer_talk)


def analyse_email(
    text: str, *, buyer_name: str | None = None, company: str | None = None, clean: bool = True
) -> EmailAnalysis:
    """Analyse one email body; `clean=True` runs `clean_email` first."""
    body = clean_email(text) if clean else text
    sentences = split_sentences(body)
    words = word_count(body)
    names = buyer_names(buyer_name, company)
    you_total = self_total = 0
    self_talk: list[Moment] = []
    buyer_talk: list[Moment] = []
    feature: list[Moment] = []
    outcome: list[Moment] = []
    personal: list[Moment] = []
    for k, sentence in enumerate(sentences):
        reading = _read(sentence)
        you_total += reading.you
        self_total += reading.me
        greeting = k == 0 and GREETING.match(sentence) is not None
        named = [] if greeting else names_in(sentence, names)
        if named or reading.situation:
            personal.append(Moment(None, sentence, _personal_why(named, reading.situation)))
        if named:
            cues = [*named, *reading.you_cues]
            buyer_talk.append(Moment(None, sentence, "about the buyer: " + ", ".join(cues)))
        elif reading.talk is not None:
            (buyer_talk if reading.about_buyer else self_talk).append(reading.talk)
        if reading.focus is not None:
            (feature if reading.focus.why.startswith("feature") else outcome).append(reading.focus)
    references = you_total + self_total
    return EmailAnalysis(
        text=body,
        words=words,
        grade=reading_grade(body, words),
        buyer_focus=you_total / references if references else None,
        self_talk=tuple(self_talk),
        buyer_talk=tuple(buyer_talk),
        feature_talk=tuple(feature),
        outcome_talk=tuple(outcome),
        call_to_action=call_to_action(sentences, readers(buyer_name, sentences)),
        personalisation=tuple(personal),
    )


class _Reading(NamedTuple):
    """What a sentence says whoever the buyer is: cached, since templates and sign-offs repeat
    sentences across a store."""

    you: int
    """References to the reader ("thank you" and other formulas left out)."""
    me: int
    """References to the sender."""
    you_cues: tuple[str, ...]
    situation: tuple[str, ...]
    talk: Moment | None
    """Buyer, self or product talk when the sentence names no one."""
    about_buyer: bool
    focus: Moment | None
    """Feature or outcome talk."""


@lru_cache(maxsize=1 << 16)
def _read(sentence: str) -> _Reading:
    found = scan(sentence)
    you = max(0, len(found.get("you", [])) - len(found.get("formula", [])))
    me = len(found.get("self", []))
    you_cues = distinct(found.get("you", []))
    talk: Moment | None = None
    about_buyer = bool(you) and you >= me and WEAK_ASK.search(sentence) is None
    if about_buyer:
        talk = Moment(None, sentence, "about the buyer: " + ", ".join(you_cues))
    elif me > you:
        talk = Moment(None, sentence, "about us: " + ", ".join(distinct(found["self"])))
    elif not you and "feature" in found:
        cues = ", ".join(distinct(found["feature"]))
        talk = Moment(None, sentence, "about the product: " + cues)
    situation = distinct(found.get("situation", []))
    focus = focus_moment(None, sentence)
    return _Reading(you, me, you_cues, situation, talk, about_buyer, focus)


def _personal_why(named: list[str], situation: tuple[str, ...]) -> str:
    parts = [f"names {label}" for label in named]
    if situation:
        parts.append("refers to their situation: " + ", ".join(situation))
    return "; ".join(parts)
