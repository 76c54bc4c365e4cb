"""Simple, independent counts over the text a simulated org wrote (emails, calls, notes), in
DuckDB SQL and pandas: word and punctuation counts, never the text analysers of
`pipeline_doctor.text`. Each returns one figure per rep (or per org) for the grammar's tests."""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from tests.simulate.metrics import frame, is_question, last_sentence, own_text

WEEKDAY = r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday)\b"
YOU = r"\b(?:you|your|yours)\b"
SELF = r"\b(?:we|our|us|ours|I|my|me)\b"
CLOSED_START = r"^(?:Do|Does|Is|Are|Can|Will|Would|Have|Has|Did)\b"
TOPIC_WORDS = {
    "budget": r"budget|money|fund|investment|spend",
    "authority": r"sign|decid|decision|approv|weigh in|say in|who else|involved|vendor|your call",
    "timing": r"when|timeline|deadline|quarter|month|urgent|live|slips|driving|timing",
}
"""Words that show a question touches a BANT topic (need is in nearly every question)."""
TYPOS = (
    "teh ", "adn ", "wiht ", "becuase", "recieve", "calender", "tommorow", "definately",
    "seperate", "thier", "untill", "wich ", "dont ", "Im ", "yuor", "meetign", "realy",
    "foward", "quesitons", "proccess", "taem", ".  ", "you  ",
)  # fmt: skip
"""Slips looked for (a sample of common ones; the org is checked for a small, non-zero rate)."""
SENTENCE = re.compile(r"(?<=[.?!])\s+|\n+")


def body_only(text: str) -> str:
    """An email's own paragraphs between the greeting line and the sign-off (a paragraph whose
    first line ends with ","), without the quoted message, signature or footer."""
    kept = []
    for paragraph in own_text(text).split("\n\n")[1:]:
        if paragraph.split("\n")[0].rstrip().endswith(","):
            break
        kept.append(paragraph)
    return " ".join(kept)


def asks(text: str) -> bool:
    """The email's own paragraphs ask a question or name a day."""
    core = body_only(text)
    return "?" in core or re.search(WEEKDAY, core) is not None


def sentences(texts: pd.Series) -> pd.Series:
    """Every sentence of `texts`, stripped, in one series (index: the text's)."""
    out = texts.str.split(SENTENCE).explode().str.strip()
    return out[out.str.len() > 0]


def outbound(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Outbound emails with the contact's first name and the account's name."""
    df = frame(
        con,
        "SELECT a.rep, a.subject, a.body, split_part(c.name, ' ', 1) AS first, "
        "ac.name AS account FROM activities a JOIN contacts c ON c.id = a.contact "
        "JOIN accounts ac ON ac.id = a.account "
        "WHERE a.kind = 'email' AND a.direction = 'outbound'",
    )
    df["own"] = df.body.map(own_text)
    df["core"] = df.body.map(body_only)
    return df


def template_reuse(emails: pd.DataFrame, copies: int = 5) -> pd.Series:
    """Per rep: share of outbound emails whose text, without the greeting line and with the
    account's name masked, the rep sent at least `copies` times."""
    normal = [
        own.split("\n", 1)[-1].replace(account, "ACCOUNT")
        for own, account in zip(emails.own, emails.account, strict=True)
    ]
    same = pd.Series(normal, index=emails.index).groupby([emails.rep, normal]).transform("size")
    return (same >= copies).groupby(emails.rep).mean()


def buyer_focus(emails: pd.DataFrame) -> pd.Series:
    """Per rep: you/your words among you/your and we/our/I/my words of the email bodies."""
    you = emails.core.str.count(YOU, flags=re.IGNORECASE).groupby(emails.rep).sum()
    me = emails.core.str.count(SELF, flags=re.IGNORECASE).groupby(emails.rep).sum()
    return you / (you + me)


def rep_turns(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rep segments of transcripts with their duration, last sentence, and whether the
    meeting agreed a next step."""
    df = frame(
        con,
        "SELECT a.rep, t.activity, t.seq, t.text, t.end_s - t.start_s AS dur, "
        "a.next_step IS NOT NULL AS booked FROM transcript_segments t "
        "JOIN activities a ON a.id = t.activity WHERE t.speaker_role = 'rep'",
    )
    df["last"] = df.text.map(last_sentence)
    df["asks"] = df["last"].map(is_question)
    return df


def discovery(turns: pd.DataFrame) -> pd.DataFrame:
    """Per rep: share of closed questions, median longest rep turn (s), BANT topics touched
    per call by the rep's questions, share of rep sentences about "we/our" and not the buyer."""
    asked = turns[turns.asks]
    closed = asked["last"].str.contains(CLOSED_START, regex=True)
    touched = pd.DataFrame(
        {
            topic: asked["last"]
            .str.contains(words, case=False, regex=True)
            .groupby([asked.rep, asked.activity])
            .any()
            for topic, words in TOPIC_WORDS.items()
        }
    ).sum(axis=1)
    said = sentences(turns.text)
    rep_of = turns.rep.loc[said.index]
    self_talk = said.str.contains(r"\b(?:we|our|us)\b", case=False) & ~said.str.contains(
        r"\b(?:you|your)\b", case=False
    )
    return pd.DataFrame(
        {
            "closed": closed.groupby(asked.rep).mean(),
            "longest_s": turns.groupby(["rep", "activity"]).dur.max().groupby("rep").median(),
            "topics": touched.groupby("rep").mean(),
            "self_talk": self_talk.groupby(rep_of.to_numpy()).mean(),
        }
    )


def next_step_days(turns: pd.DataFrame) -> pd.Series:
    """Share of calls whose last rep turn names a weekday, by whether a next step was agreed."""
    last = turns.sort_values("seq").groupby("activity").last()
    return last.text.str.contains(WEEKDAY, regex=True).groupby(last.booked).mean()


def researched(con: duckdb.DuckDBPyConnection, days: int = 3) -> pd.Series:
    """Per rep: share of meetings with a note (other than a call note) on the deal in the
    `days` days before."""
    return frame(
        con,
        "SELECT m.rep, avg(CASE WHEN EXISTS (SELECT 1 FROM activities n WHERE n.deal = m.deal "
        "AND n.kind = 'note' AND n.subject <> 'Call notes' AND n.\"at\" < m.\"at\" "
        f'AND n."at" >= m."at" - INTERVAL {days} DAY) THEN 1.0 ELSE 0.0 END) AS share '
        "FROM activities m WHERE m.kind = 'meeting' GROUP BY m.rep",
    ).set_index("rep")["share"]
