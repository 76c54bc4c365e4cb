"""Meeting agendas, research notes written before a meeting, and call notes."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.simulate.grammar import dates
from pipeline_doctor.simulate.grammar.assemble import Documents
from pipeline_doctor.simulate.grammar.cast import Cast
from pipeline_doctor.simulate.grammar.phrases_meeting import STAGE_ROLES
from pipeline_doctor.simulate.grammar.render import Grammar, Picker, render
from pipeline_doctor.simulate.grammar.writer import situations

RESEARCH_PARTS = (
    ("note.research_account", 0.9),
    ("note.research_person", 0.8),
    ("note.research_angle", 0.7),
    ("note.research_questions", 0.5),
)
"""The sentences of a research note and how often each is written."""


def agendas(stage: np.ndarray, g: Grammar, rng: np.random.Generator) -> pa.Array:
    """An agenda per meeting; `stage` is the index of the deal's open stage (0-4)."""
    n = len(stage)
    rows = np.arange(n)
    pick = Picker(rng)
    middle: list[pa.Array] = []
    order = np.argsort(stage, kind="stable")
    for k in np.unique(stage).tolist():
        middle.append(
            render(g, f"meeting.item.{STAGE_ROLES[k]}", np.flatnonzero(stage == k), {}, pick)
        )
    inverse = np.empty_like(order)
    inverse[order] = np.arange(n)
    data = {
        "a1": render(g, "meeting.item_open", rows, {}, pick),
        "a2": pa.concat_arrays(middle).take(inverse) if middle else pa.array([], pa.string()),
        "a3": render(g, "meeting.item_any", rows, {}, pick),
        "a4": render(g, "meeting.item_close", rows, {}, pick),
    }
    return render(g, "meeting.agenda", rows, data, pick)


def research_notes(
    account: np.ndarray,
    contact: np.ndarray,
    meeting_at: np.ndarray,
    cast: Cast,
    g: Grammar,
    rng: np.random.Generator,
) -> tuple[pa.Array, pa.Array]:
    """(subject, body) of a note researching the account and the attendee of a meeting."""
    n = len(account)
    rows = np.arange(n)
    pick = Picker(rng)
    data = {
        "account": cast.account_name.take(account),
        "situation": situations(g, cast, account, pick),
        "first": cast.contact_first.take(contact),
        "title": cast.contact_title.take(contact),
        "meeting_day": dates.weekday_names(meeting_at),
    }
    docs = Documents(n, inner=" ", outer="\n")
    listed = rng.random(n) < 0.5
    for k, (role, p) in enumerate(RESEARCH_PARTS):
        chosen = rows[(rng.random(n) < p) | (k == 0)]
        text = render(g, role, chosen, data, pick)
        lines = listed[chosen]
        bullet = pc.binary_join_element_wise("- ", text.filter(pa.array(lines)), "")
        # a listed note puts each sentence on its own "- " line (its own paragraph)
        docs.add(chosen[lines], k, bullet, k)
        docs.add(chosen[~lines], k, text.filter(pa.array(~lines)), 0)
    subject = render(g, "note.research_subject", rows, data, pick)
    return subject, docs.join()


def call_notes(contact: np.ndarray, cast: Cast, g: Grammar, rng: np.random.Generator) -> pa.Array:
    """A line or two recording what happened on a call with `contact`."""
    rows = np.arange(len(contact))
    data = {"first": cast.contact_first.take(contact)}
    return render(g, "note.call", rows, data, Picker(rng))
