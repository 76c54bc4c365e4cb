"""Agreement between the text analysers and the hand-labelled corpus, as figures.

``agreement()`` returns the figures (for the test's floors, a benchmark or a doc);
``evaluate()`` also returns every disagreement (corpus item, label, expected, analyser output),
which is what to read when a figure drops.

Questions are matched to labelled sentences within the same segment by word overlap: Jaccard
similarity of the lower-cased word sets >= 0.5, best pairs first, one-to-one. So a sentence
split slightly differently ("So, walk me through ..." vs "walk me through ...") still matches,
while a whole multi-sentence turn returned as one "question" does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean

from pipeline_doctor.text import TOPICS, Question, analyse_call, analyse_email
from tests.text.labelled_calls import (
    CALLS,
    LabelledCall,
    as_input,
    true_rep_talk_share,
)
from tests.text.labelled_emails import EMAILS

MATCH_JACCARD = 0.5
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Disagreement:
    """One place where the analyser and the hand label differ."""

    item: str
    label: str
    expected: str
    got: str


@dataclass(frozen=True)
class Agreement:
    """The figures and the disagreements behind them."""

    figures: dict[str, float]
    disagreements: tuple[Disagreement, ...]


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower().replace("’", "'")))


def _jaccard(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _match(labelled: Sequence[tuple[str, str]], found: Sequence[Question]) -> list[tuple[int, int]]:
    """One-to-one pairs (labelled index, found index), best overlap first."""
    scored = sorted(
        (
            (_jaccard(text, question.text), i, j)
            for i, (text, _) in enumerate(labelled)
            for j, question in enumerate(found)
        ),
        reverse=True,
    )
    pairs: list[tuple[int, int]] = []
    used_labelled: set[int] = set()
    used_found: set[int] = set()
    for score, i, j in scored:
        if score < MATCH_JACCARD:
            break
        if i not in used_labelled and j not in used_found:
            pairs.append((i, j))
            used_labelled.add(i)
            used_found.add(j)
    return pairs


@dataclass
class _Tally:
    """Running counts while walking the corpus."""

    labelled_questions: int = 0
    found_questions: int = 0
    matched: int = 0
    kind_agreed: int = 0


def _score_call_questions(
    labelled_call: LabelledCall,
    found: Sequence[Question],
    tally: _Tally,
    out: list[Disagreement],
) -> None:
    for index, segment in enumerate(labelled_call.segments):
        here = [q for q in found if q.segment == index]
        tally.labelled_questions += len(segment.questions)
        tally.found_questions += len(here)
        pairs = _match(segment.questions, here)
        tally.matched += len(pairs)
        item = f"{labelled_call.id} #{index}"
        for i, j in pairs:
            text, kind = segment.questions[i]
            if here[j].kind == kind:
                tally.kind_agreed += 1
            else:
                out.append(Disagreement(item, "open/closed", f"{kind}: {text}", here[j].kind))
        matched_labelled = {i for i, _ in pairs}
        matched_found = {j for _, j in pairs}
        for i, (text, kind) in enumerate(segment.questions):
            if i not in matched_labelled:
                out.append(Disagreement(item, "question missed", f"{kind}: {text}", "-"))
        for j, question in enumerate(here):
            if j not in matched_found:
                got = f"{question.kind}: {question.text}"
                out.append(Disagreement(item, "not a question", "-", got))


def _rate(agreed: int, total: int) -> float:
    return agreed / total if total else float("nan")


def _email_figures(out: list[Disagreement]) -> dict[str, float]:
    agreed = {"cta": 0, "buyer_focused": 0, "personalised": 0}
    for email in EMAILS:
        analysis = analyse_email(email.body, buyer_name=email.buyer_name, company=email.company)
        cta = analysis.call_to_action
        got = {
            "cta": (cta is not None, cta.text if cta else "none"),
            "buyer_focused": (analysis.buyer_focused, f"buyer_focus={analysis.buyer_focus}"),
            "personalised": (
                bool(analysis.personalisation),
                " | ".join(m.text for m in analysis.personalisation) or "none",
            ),
        }
        for label, (value, shown) in got.items():
            expected = bool(getattr(email, label))
            if value == expected:
                agreed[label] += 1
            else:
                out.append(Disagreement(email.id, label, str(expected), f"{value} ({shown})"))
    n = len(EMAILS)
    return {
        "cta_agreement": _rate(agreed["cta"], n),
        "buyer_focus_agreement": _rate(agreed["buyer_focused"], n),
        "personalisation_agreement": _rate(agreed["personalised"], n),
    }


def _call_figures(out: list[Disagreement]) -> dict[str, float]:
    tally = _Tally()
    errors_pp: list[float] = []
    topic_agreed = next_agreed = 0
    for labelled_call in CALLS:
        analysis = analyse_call(as_input(labelled_call))
        _score_call_questions(labelled_call, analysis.questions, tally, out)
        truth = true_rep_talk_share(labelled_call)
        if truth is not None:
            share = analysis.talk_share_time.get("rep")
            error = abs((share if share is not None else 0.0) - truth) * 100
            errors_pp.append(error)
            if error > 1.0:
                out.append(
                    Disagreement(labelled_call.id, "rep talk share", f"{truth:.3f}", str(share))
                )
        for topic in TOPICS:
            found = bool(analysis.topics.get(topic))
            if found == (topic in labelled_call.topics):
                topic_agreed += 1
            else:
                moments = " | ".join(m.text for m in analysis.topics.get(topic, ()))
                expected = str(topic in labelled_call.topics)
                out.append(Disagreement(labelled_call.id, f"topic {topic}", expected, moments))
        has_step = analysis.next_step is not None
        if has_step == labelled_call.next_step:
            next_agreed += 1
        else:
            shown = analysis.next_step.text if analysis.next_step else "none"
            out.append(
                Disagreement(labelled_call.id, "next step", str(labelled_call.next_step), shown)
            )
    return {
        "questions_labelled": float(tally.labelled_questions),
        "questions_found": float(tally.found_questions),
        "question_precision": _rate(tally.matched, tally.found_questions),
        "question_recall": _rate(tally.matched, tally.labelled_questions),
        "open_closed_agreement": _rate(tally.kind_agreed, tally.matched),
        "talk_share_mean_error_pp": mean(errors_pp),
        "talk_share_max_error_pp": max(errors_pp),
        "bant_agreement": _rate(topic_agreed, len(CALLS) * len(TOPICS)),
        "next_step_agreement": _rate(next_agreed, len(CALLS)),
    }


def evaluate() -> Agreement:
    """Run both analysers over the whole corpus and compare with the hand labels."""
    out: list[Disagreement] = []
    figures = {"emails": float(len(EMAILS)), "calls": float(len(CALLS))}
    figures |= _email_figures(out)
    figures |= _call_figures(out)
    return Agreement(figures, tuple(out))


def agreement() -> dict[str, float]:
    """Per-label agreement figures between the analysers and the hand labels."""
    return evaluate().figures


def format_table(figures: dict[str, float]) -> str:
    """The figures as an aligned two-column table."""
    width = max(len(name) for name in figures)
    return "\n".join(f"{name:<{width}}  {value:8.3f}" for name, value in figures.items())
