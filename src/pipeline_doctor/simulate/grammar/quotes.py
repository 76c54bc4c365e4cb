"""Quoting an earlier message under a reply, Gmail style ("On <date>, <name> wrote:" and "> "
lines) or Outlook style (a From/Sent/To/Subject block), and the short emails buyers write."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.simulate.grammar import dates
from pipeline_doctor.simulate.grammar.assemble import Documents
from pipeline_doctor.simulate.grammar.render import Data, Grammar, Picker, render
from pipeline_doctor.simulate.grammar.writer import (
    BODY,
    CLOSING,
    GREETING,
    MOBILE,
    Writer,
    some,
)

QUOTE_GMAIL = 0.6
"""Share of quoted messages in Gmail style; the rest Outlook."""


def reply_header(
    sender: tuple[pa.Array, pa.Array],
    to: tuple[pa.Array, pa.Array],
    at: np.ndarray,
    subject: pa.Array,
) -> dict[str, pa.Array]:
    """Data slots of the header above a quoted message: (name, email) of its sender and of its
    recipient, when it was sent, its subject."""
    return {
        "q_name": sender[0],
        "q_email": sender[1],
        "to_name": to[0],
        "to_email": to[1],
        "q_date": dates.gmail_dates(at),
        "q_sent": dates.outlook_dates(at),
        "q_subject": subject,
    }


def quote(messages: pa.Array, headers: Data, g: Grammar, rng: np.random.Generator) -> pa.Array:
    """Each earlier message under its header (`reply_header`), Gmail style ("> " lines) or
    Outlook."""
    n = len(messages)
    gmail = rng.random(n) < QUOTE_GMAIL
    docs = Documents(n, outer="\n")
    pick = Picker(rng)
    g_rows, o_rows = np.flatnonzero(gmail), np.flatnonzero(~gmail)
    docs.add(g_rows, 0, render(g, "email.quote_gmail", g_rows, headers, pick))
    docs.add(o_rows, 0, render(g, "email.quote_outlook", o_rows, headers, pick))
    marked = pc.binary_join_element_wise(
        "> ", pc.replace_substring(messages.take(g_rows), "\n", "\n> "), ""
    )
    docs.add(g_rows, 1, marked, 1)
    # Outlook leaves a blank line between the header block and the message
    docs.add(o_rows, 1, pc.binary_join_element_wise("", messages.take(o_rows), "\n"), 1)
    return docs.join()


def buyer_messages(
    g: Grammar, data: Data, mix: dict[str, float], rng: np.random.Generator
) -> Documents:
    """Short buyer emails, one per row of `data`: greeting, one or two sentences, sign-off."""
    n = len(data["first"])
    docs = Documents(n)
    rows = np.arange(n)
    w = Writer(g, data, docs, rng)
    pick = Picker(rng)
    w.add("email.buyer_greeting", some(0.65, rows, pick, "hi"), 0, pick, GREETING)
    w.mix(mix, rows, 1, np.full(n, BODY))
    w.add("email.buyer_question", some(0.15, rows, pick, "also"), 1.5, pick)
    w.add("email.buyer_signoff", rows, 3, pick, CLOSING)
    w.add("email.mobile", some(0.2, rows, pick, "mobile"), 4, pick, MOBILE)
    return docs
