"""Independent re-computations, in DuckDB SQL and pandas, of the behaviour a simulated org shows.

Each function reads the written canonical tables only (never the simulator's internals) and
returns one figure per rep, segment value or deal, so a test can compare planted and healthy."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pandas as pd

COLD_SOURCES = ("outbound_cold", "purchased_list")
INVITATIONS = (
    "walk me through", "talk me through", "take me through", "tell me", "help me understand",
    "i'd love to hear", "i'd love to understand", "i'm curious", "describe", "paint me a picture",
    "share a bit",
)  # fmt: skip
"""How a question can start without ending in "?" ("Walk me through how renewals work.")."""
QUOTE_START = re.compile(r"^(On .+ wrote:|From: |-----Original Message-----|> )", re.MULTILINE)
"""Where an email's quoted earlier message begins."""
PROPOSED_DAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday)\b")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def own_text(body: str) -> str:
    """An email body without the earlier message quoted below it."""
    found = QUOTE_START.search(body)
    return body if found is None else body[: found.start()]


def asks(body: str) -> bool:
    """The sender asks something: a question mark, or a proposed day, in their own text."""
    own = own_text(body)
    return "?" in own or PROPOSED_DAY.search(own) is not None


def last_sentence(text: str) -> str:
    return SENTENCE_END.split(text.strip())[-1]


def is_question(sentence: str) -> bool:
    """Ends in "?" or invites an answer ("Tell me about ...")."""
    return sentence.endswith("?") or sentence.lower().startswith(INVITATIONS)


def frame(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def per_rep(con: duckdb.DuckDBPyConnection, sql: str) -> pd.Series:
    """`sql` selects (rep, value); the result is value indexed by rep."""
    df = frame(con, sql)
    return df.set_index(df.columns[0])[df.columns[1]].astype(float)


def cold_share(con: duckdb.DuckDBPyConnection) -> pd.Series:
    return per_rep(
        con,
        "SELECT rep, avg(CASE WHEN source IN ('outbound_cold', 'purchased_list') "
        "THEN 1.0 ELSE 0.0 END) FROM deals GROUP BY rep",
    )


def referral_asks(con: duckdb.DuckDBPyConnection) -> pd.Series:
    return per_rep(
        con,
        "SELECT r.id, count(a.id) FROM reps r LEFT JOIN activities a "
        "ON a.rep = r.id AND a.kind = 'referral_ask' WHERE r.role = 'rep' GROUP BY r.id",
    )


def referral_deals(con: duckdb.DuckDBPyConnection) -> pd.Series:
    return per_rep(
        con,
        "SELECT r.id, count(d.id) FROM reps r LEFT JOIN deals d "
        "ON d.rep = r.id AND d.source = 'referral' WHERE r.role = 'rep' GROUP BY r.id",
    )


def segment_stats(con: duckdb.DuckDBPyConnection, column: str) -> pd.DataFrame:
    """Per value of an account attribute: win rate of closed deals, share of deals, share of
    accounts."""
    deals = frame(
        con,
        f"SELECT a.{column} AS value, d.outcome FROM deals d JOIN accounts a ON a.id = d.account",
    )
    accounts = frame(con, f"SELECT {column} AS value FROM accounts")
    closed = deals[deals.outcome != "open"]
    out = pd.DataFrame(
        {
            "win_rate": closed.groupby("value").outcome.apply(lambda s: (s == "won").mean()),
            "deal_share": deals.value.value_counts(normalize=True),
            "account_share": accounts.value.value_counts(normalize=True),
        }
    )
    return out.fillna(0.0)


def bant(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    d = frame(con, "SELECT rep, budget, authority, need, timing FROM deals")
    unknown = d[["budget", "authority", "need", "timing"]] == "unknown"
    return (
        pd.DataFrame(
            {
                "any_unknown": unknown.any(axis=1),
                "unknown_share": unknown.mean(axis=1),
                "rep": d.rep,
            }
        )
        .groupby("rep")[["any_unknown", "unknown_share"]]
        .mean()
    )


def meetings(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per rep: share of meetings without agenda, share of held meetings with a next step."""
    m = frame(con, "SELECT rep, outcome, agenda, next_step FROM activities WHERE kind='meeting'")
    held = m[m.outcome == "held"]
    return pd.DataFrame(
        {
            "no_agenda": m.agenda.isna().groupby(m.rep).mean(),
            "next_step": held.next_step.notna().groupby(held.rep).mean(),
        }
    )


def transcripts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per rep: share of talk time that is the rep's, and rep questions per transcript."""
    s = frame(
        con,
        "SELECT a.rep, t.activity, t.speaker_role, t.end_s - t.start_s AS dur, t.text "
        "FROM transcript_segments t JOIN activities a ON a.id = t.activity",
    )
    s["rep_dur"] = s.dur.where(s.speaker_role == "rep", 0.0)
    # a rep's turn that ends by asking (marked with "?" or not)
    s["question"] = (s.speaker_role == "rep") & s.text.map(last_sentence).map(is_question)
    per_call = s.groupby(["rep", "activity"]).agg(
        rep_dur=("rep_dur", "sum"), dur=("dur", "sum"), questions=("question", "sum")
    )
    per_rep = per_call.groupby("rep").sum()
    return pd.DataFrame(
        {
            "talk_share": per_rep.rep_dur / per_rep.dur,
            "questions": per_call.questions.groupby("rep").mean(),
            "calls": per_call.groupby("rep").size(),
        }
    )


def win_rate(con: duckdb.DuckDBPyConnection) -> pd.Series:
    return per_rep(
        con,
        "SELECT rep, avg(CASE WHEN outcome = 'won' THEN 1.0 ELSE 0.0 END) FROM deals "
        "WHERE outcome <> 'open' GROUP BY rep",
    )


def team_win_rate(con: duckdb.DuckDBPyConnection, exclude: set[str]) -> float:
    d = frame(con, "SELECT rep, outcome FROM deals WHERE outcome <> 'open'")
    d = d[~d.rep.isin(exclude)]
    return float((d.outcome == "won").mean())


def emails(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per rep: share of outbound emails asking nothing (no question, no proposed day, in the
    rep's own text), and inbound replies per outbound."""
    e = frame(con, "SELECT rep, direction, body FROM activities WHERE kind = 'email'")
    out = e[e.direction == "outbound"]
    inbound = (e.direction == "inbound").groupby(e.rep).sum()
    return pd.DataFrame(
        {
            "no_question": (~out.body.map(asks)).groupby(out.rep).mean(),
            "reply_ratio": inbound / out.groupby("rep").size(),
        }
    )


def touches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per deal: outbound calls and emails, inbound calls and emails, unanswered calls."""
    return frame(
        con,
        "SELECT d.id AS deal, "
        "count(a.id) FILTER (WHERE a.kind IN ('call','email') AND a.direction='outbound') AS out, "
        "count(a.id) FILTER (WHERE a.kind IN ('call','email') AND a.direction='inbound') AS inb, "
        "count(a.id) FILTER (WHERE a.kind = 'call' AND a.outcome <> 'connected') AS unanswered "
        "FROM deals d LEFT JOIN activities a ON a.deal = d.id GROUP BY d.id",
    ).set_index("deal")


def deal_history(con: duckdb.DuckDBPyConnection, as_of: dt.datetime) -> pd.DataFrame:
    """Per deal: outcome, age in days, expected-close pushes, reopenings, days since the last
    stage change."""
    stamp = as_of.strftime("%Y-%m-%d %H:%M:%S")
    return frame(
        con,
        "SELECT d.id AS deal, d.outcome, "
        f"date_diff('second', d.created_at, TIMESTAMP '{stamp}') / 86400.0 AS age_days, "
        "coalesce(p.pushes, 0) AS pushes, coalesce(p.reopened, 0) AS reopened, "
        f"date_diff('second', s.last_change, TIMESTAMP '{stamp}') / 86400.0 AS idle_days "
        "FROM deals d LEFT JOIN ("
        "  SELECT deal, count(*) FILTER (WHERE field = 'expected_close') AS pushes,"
        "  count(*) FILTER (WHERE field = 'outcome' AND old_value = 'lost'"
        "                   AND new_value = 'open') AS reopened"
        "  FROM field_changes GROUP BY deal) p ON p.deal = d.id "
        'LEFT JOIN (SELECT deal, max("at") AS last_change FROM stage_changes GROUP BY deal) s '
        "ON s.deal = d.id",
    ).set_index("deal")


def threading(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per rep: mean distinct contacts touched per deal (activity contact and meeting
    participants), share of deals touching a decision maker."""
    touched = frame(
        con,
        "WITH t AS ("
        "  SELECT deal, rep, contact AS c FROM activities WHERE contact IS NOT NULL "
        "  UNION SELECT deal, rep, unnest(string_split(participants, ';')) FROM activities "
        "  WHERE participants IS NOT NULL) "
        "SELECT t.rep, t.deal, count(DISTINCT t.c) AS contacts, "
        "bool_or(c.buying_role = 'decision_maker') AS dm "
        "FROM t JOIN contacts c ON c.id = t.c WHERE t.deal IS NOT NULL GROUP BY t.rep, t.deal",
    )
    g = touched.groupby("rep")
    return pd.DataFrame(
        {
            "contacts": g.contacts.mean(),
            "max_contacts": g.contacts.max(),
            "dm_share": g.dm.mean(),
        }
    )


def lost_blank(con: duckdb.DuckDBPyConnection) -> pd.Series:
    return per_rep(
        con,
        "SELECT rep, avg(CASE WHEN lost_reason_category IS NULL OR lost_reason_category = "
        "'other' THEN 1.0 ELSE 0.0 END) FROM deals WHERE outcome = 'lost' GROUP BY rep",
    )


def activity_volume(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    df = frame(
        con,
        "SELECT r.id AS rep, (SELECT count(*) FROM activities a WHERE a.rep = r.id) AS acts, "
        "(SELECT count(*) FROM deals d WHERE d.rep = r.id) AS deals "
        "FROM reps r WHERE r.role = 'rep'",
    ).set_index("rep")
    df["per_deal"] = df.acts / df.deals
    return df


def lost_at_stage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per rep (rows) and stage (columns): share of the rep's lost deals lost at that stage."""
    df = frame(
        con,
        "SELECT d.rep, s.from_stage AS stage FROM stage_changes s JOIN deals d ON d.id = s.deal "
        "WHERE s.to_stage = 'Closed Lost'",
    )
    return pd.crosstab(df.rep, df.stage, normalize="index")
