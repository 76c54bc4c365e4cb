"""Follow-up emails a rep sends and the buyers' replies, written by the phrase grammar.

Three kinds of outbound email, each row's kind decided by the caller from the rep's profile:
- ask: buyer-focused (their words, their situation, their outcome), ending in a real ask;
- personal self-focused: about the seller and the product, no ask, written afresh each time;
- mass: one template per rep sent to everyone (every choice keyed to the rep), so copies
  differ only in the merged first name and account.
Around the body: greeting, sign-off, the rep's own signature (one per rep), sometimes a legal
footer (per rep) and, in a thread, the other side's earlier message quoted below."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.simulate.grammar import dates
from pipeline_doctor.simulate.grammar.assemble import Documents
from pipeline_doctor.simulate.grammar.cast import SELLER, SELLER_SITE, Cast
from pipeline_doctor.simulate.grammar.quotes import buyer_messages, quote, reply_header
from pipeline_doctor.simulate.grammar.render import Columns, Grammar, Picker, render
from pipeline_doctor.simulate.grammar.writer import (
    BODY,
    CLOSING,
    FOOTER,
    GREETING,
    MOBILE,
    QUOTE,
    SECOND,
    Writer,
    situations,
    some,
)

ASK_MIX = {
    "email.ask_time_question": 0.40,
    "email.ask_question": 0.30,
    "email.ask_time_statement": 0.18,
    "email.ask_unmarked": 0.12,
}
"""How asks are phrased: a question with a day, a question, a day without "?", an unmarked
request."""
TYPO_RATE = 0.1
"""Share of sentences (openers, value, details, claims) with a typing slip."""
FOOTER_REPS = 0.15
"""Share of reps whose emails carry a legal footer."""
QUOTE_REPLY = 0.25
"""Share of buyers' replies that quote the rep's email below."""
_DAY_US = np.int64(86_400_000_000)


@dataclass(frozen=True)
class Outbound:
    """Per outbound email: who writes to whom, when, and what kind of email it is."""

    rep: np.ndarray
    contact: np.ndarray
    account: np.ndarray
    at: np.ndarray
    subject: np.ndarray
    ask: np.ndarray
    mass: np.ndarray
    thread: np.ndarray


def _data(e: Outbound, cast: Cast, g: Grammar, rng: np.random.Generator) -> Columns:
    m = len(e.rep)
    proposed = dates.working_day_after(e.at, rng.integers(1, 5, m))
    later = dates.working_day_after(proposed, rng.integers(1, 3, m))
    past = dates.working_day_before(e.at, rng.integers(1, 4, m))
    seed = int(rng.integers(2**63))

    def own_stream(k: int) -> np.random.Generator:
        # each column draws from its own stream, so computing it lazily stays deterministic
        return np.random.default_rng([seed, k])

    return Columns(
        {
            "first": lambda: cast.contact_first.take(e.contact),
            "buyer_name": lambda: cast.contact_name.take(e.contact),
            "account": lambda: cast.account_name.take(e.account),
            "industry": lambda: cast.industry.take(e.account),
            "situation": lambda: situations(g, cast, e.account, Picker(own_stream(0))),
            "rep_first": lambda: cast.rep_first.take(e.rep),
            "rep_name": lambda: cast.rep_name.take(e.rep),
            "rep_title": lambda: cast.rep_title.take(e.rep),
            "rep_phone": lambda: cast.rep_phone.take(e.rep),
            "company": lambda: pa.repeat(SELLER, m).cast(pa.string()),
            "company_site": lambda: pa.repeat(SELLER_SITE, m).cast(pa.string()),
            "past_day": lambda: dates.weekday_names(past),
            "day": lambda: dates.day_phrases(proposed, own_stream(1)),
            "time": lambda: dates.clock_phrases(m, own_stream(2)),
            "day2": lambda: dates.day_phrases(later, own_stream(3)),
            "time2": lambda: dates.clock_phrases(m, own_stream(4)),
        }
    )


def _ask_body(w: Writer, rows: np.ndarray, pick: Picker) -> None:
    w.add("email.opener", some(0.9, rows, pick, "opener"), 1, pick, typo_rate=TYPO_RATE)
    w.add("email.personal", some(0.55, rows, pick, "personal"), 2, pick)
    w.add("email.value", some(0.8, rows, pick, "value"), 3, pick, typo_rate=TYPO_RATE)
    para = np.where(pick.chance(0.6, rows, "break"), SECOND, BODY)
    details = w.rng.choice(3, len(rows), p=(0.55, 0.35, 0.1))
    for k in (1, 2):
        has = details >= k
        w.add("email.detail", rows[has], 4 + k / 10, pick, para[has], typo_rate=TYPO_RATE)
    w.mix(ASK_MIX, rows, 5, para)


def _self_body(w: Writer, rows: np.ndarray, pick: Picker, mass: bool) -> None:
    """Talk about the seller; a mass email may merge the account's name."""
    if mass:
        w.add("email.mass_intro", some(0.6, rows, pick, "intro"), 1, pick)
    else:
        w.add("email.personal", some(0.15, rows, pick, "personal"), 1.5, pick)
    w.add("email.self_opener", some(0.85, rows, pick, "self_opener"), 1.2, pick)
    claims = 2 + pick.chance(0.4, rows, "claim3")
    for k in range(3):
        w.add(
            "email.claim",
            rows[claims > k],
            2.1 + k / 10,
            pick,
            typo_rate=0.0 if mass else TYPO_RATE,
        )
    if not mass:
        w.add("email.rhetorical", some(0.08, rows, pick, "rhetorical"), 2.5, pick)
    para = np.where(pick.chance(0.5, rows, "close_para"), SECOND, BODY)
    closing = pick.chance(0.6, rows, "close")
    w.add("email.weak_close", rows[closing], 5, pick, para[closing])


def _sign(w: Writer, rows: np.ndarray, pick: Picker, by_rep: Picker) -> None:
    """Sign-off and the rep's signature, and the rep's legal footer if the rep has one."""
    signoff = render(w.g, "email.signoff", rows, w.data, pick)
    signature = render(w.g, "email.signature", rows, w.data, by_rep)
    w.docs.add(rows, 6, pc.binary_join_element_wise(signoff, signature, "\n"), CLOSING)
    footed = rows[by_rep.chance(FOOTER_REPS, rows, "footer")]
    w.add("email.footer", footed, 9, by_rep, FOOTER)


def outbound_bodies(e: Outbound, cast: Cast, g: Grammar, rng: np.random.Generator) -> pa.Array:
    """The body of each outbound email."""
    m = len(e.rep)
    data = _data(e, cast, g, rng)
    docs = Documents(m)
    w = Writer(g, data, docs, rng)
    pick, by_rep = Picker(rng), Picker(rng, e.rep)
    ask, mass = np.flatnonzero(e.ask), np.flatnonzero(~e.ask & e.mass)
    own = np.flatnonzero(~e.ask & ~e.mass)
    personal = np.flatnonzero(~e.mass)
    w.add("email.greeting", personal, 0, pick, GREETING)
    w.add("email.greeting", mass, 0, by_rep, GREETING)
    _ask_body(w, ask, pick)
    _self_body(w, own, pick, mass=False)
    _self_body(w, mass, by_rep, mass=True)
    _sign(w, personal, pick, by_rep)
    _sign(w, mass, by_rep, by_rep)
    w.add("email.mobile", some(0.04, personal, pick, "mobile"), 8, pick, MOBILE)
    thread = np.flatnonzero(e.thread & ~e.mass)
    if len(thread):
        contact, rep = e.contact[thread], e.rep[thread]
        earlier = buyer_messages(
            g,
            {
                "first": cast.contact_first.take(contact),
                "buyer_name": cast.contact_name.take(contact),
                "rep_first": cast.rep_first.take(rep),
            },
            {"email.buyer_question": 0.6, "email.buyer_accept": 0.2, "email.buyer_defer": 0.2},
            rng,
        ).join()
        lag = (rng.uniform(0.1, 3.0, len(thread)) * _DAY_US).astype("timedelta64[us]")
        headers = reply_header(
            (cast.contact_name.take(contact), cast.contact_email.take(contact)),
            (cast.rep_name.take(rep), cast.rep_email.take(rep)),
            e.at[thread] - lag,
            pc.binary_join_element_wise("Re: ", pa.array(e.subject[thread]), ""),
        )
        docs.add(thread, 10, quote(earlier, headers, g, rng), QUOTE)
    return docs.join()


def reply_bodies(
    e: Outbound,
    replied: np.ndarray,
    sent: pa.Array,
    cast: Cast,
    g: Grammar,
    rng: np.random.Generator,
) -> pa.Array:
    """The buyer's reply to each outbound email in `replied` (indices), often quoting it."""
    n = len(replied)
    contact, rep = e.contact[replied], e.rep[replied]
    data = {
        "first": cast.contact_first.take(contact),
        "buyer_name": cast.contact_name.take(contact),
        "rep_first": cast.rep_first.take(rep),
    }
    asked = e.ask[replied]
    answers = {
        True: {"email.buyer_accept": 0.65, "email.buyer_question": 0.25, "email.buyer_defer": 0.1},
        False: {"email.buyer_question": 0.5, "email.buyer_defer": 0.5},
    }
    docs = Documents(n)
    for kind in (True, False):
        rows = np.flatnonzero(asked == kind)
        part = buyer_messages(g, {k: v.take(rows) for k, v in data.items()}, answers[kind], rng)
        docs.add(rows, 0, part.join())
    quoting = np.flatnonzero(rng.random(n) < QUOTE_REPLY)
    if len(quoting):
        q_contact, q_rep, q_rows = contact[quoting], rep[quoting], replied[quoting]
        headers = reply_header(
            (cast.rep_name.take(q_rep), cast.rep_email.take(q_rep)),
            (cast.contact_name.take(q_contact), cast.contact_email.take(q_contact)),
            e.at[q_rows],
            pa.array(e.subject[q_rows]),
        )
        docs.add(quoting, 1, quote(sent.take(q_rows), headers, g, rng), 1)
    return docs.join()
