"""The phrase grammar that writes the sample org's text: its tuning and held-out parts are
disjoint, the text it writes varies (measured by simple counts), it is deterministic, the
wording changes nothing but text, and the three text plants show in the text the way a
manager would see them. Counts are independent of `pipeline_doctor.text` (see text_metrics)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pytest

from pipeline_doctor.simulate import Plant, SimulationConfig
from pipeline_doctor.simulate.grammar import (
    DATA_SLOTS,
    WORDINGS,
    Picker,
    families,
    grammar,
    problems,
    render,
)
from pipeline_doctor.simulate.grammar.assemble import Documents
from tests.simulate import text_metrics as tm
from tests.simulate.metrics import frame, is_question
from tests.simulate.orgs import DEALS, Org, build_org, sorted_table

TEXT_PLANTS = ("no_preparation", "weak_discovery", "self_focused_followup")
TEXT_COLUMNS = {"activities": ("body", "agenda", "subject"), "transcript_segments": ("text",)}


@pytest.fixture(scope="module")
def held_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    """An org written in held-out wording with the three text plants, one rep each."""
    config = SimulationConfig(
        deals=DEALS,
        seed=21,
        plants=tuple(Plant(k) for k in TEXT_PLANTS),
        check_references=False,
        wording="held_out",
    )
    org = build_org(tmp_path_factory, "held_out", config)
    yield org
    org.con.close()


def planted_rep(org: Org, kind: str) -> str:
    (rep,) = org.truth.reps_with(kind)
    return rep


# -- the split ----------------------------------------------------------------------------------


def test_grammar_obeys_its_rules() -> None:
    assert problems() == []


def test_tuning_and_held_out_templates_are_disjoint() -> None:
    tuning = {t for f in families("tuning") for t in f.templates}
    held = {t for f in families("held_out") for t in f.templates}
    assert tuning
    assert held
    assert not tuning & held
    roles = {part: {f.role for f in families(part)} for part in ("tuning", "held_out")}
    assert roles["tuning"] == roles["held_out"]  # every phrasing role exists in both parts
    assert not roles["tuning"] & {f.role for f in families("shared")}
    assert len(families()) == len(families("tuning")) + len(families("held_out")) + len(
        families("shared")
    )


def test_each_wording_uses_only_its_part() -> None:
    split = {part: {f.role for f in families(part)} for part in ("tuning", "held_out")}
    for wording, other in (("tuning", "held_out"), ("held_out", "tuning")):
        used = {t for ts in grammar(wording).templates.values() for t in ts}
        assert not used & {t for f in families(other) for t in f.templates}
        assert split[wording] <= set(grammar(wording).templates)
    assert set(grammar("all").templates) == set(grammar("tuning").templates)


@pytest.mark.parametrize("role", sorted({f.role for f in families("tuning")}))
def test_rendered_sentences_of_the_two_parts_differ(role: str) -> None:
    """The same role written in each part never yields the same sentence (nested roles
    included), for any data."""
    n = 400
    data = {slot: pa.array([f"<{slot}>"] * n) for slot in DATA_SLOTS}
    rows = np.arange(n)
    written = {
        wording: set(
            render(grammar(wording), role, rows, data, Picker(np.random.default_rng(1))).to_pylist()
        )
        for wording in ("tuning", "held_out")
    }
    assert written["tuning"]
    assert written["held_out"]
    assert not written["tuning"] & written["held_out"]


def test_config_takes_only_known_wordings() -> None:
    assert set(WORDINGS) == {"all", "tuning", "held_out"}
    with pytest.raises(ValueError, match="wording"):
        SimulationConfig(wording="heldout")  # type: ignore[arg-type]


# -- the machinery ------------------------------------------------------------------------------


def test_documents_join_pieces_in_order_without_stray_separators() -> None:
    docs = Documents(4)
    docs.add(np.array([2, 0]), 1, pa.array(["b2", "b0"]), para=1)
    docs.add(np.array([0, 2, 3]), 0, pa.array(["a0", "a2", "a3"]))
    docs.add(np.array([0, 2]), 2, pa.chunked_array([["c0"], ["c2"]]), para=np.array([1, 2]))
    assert docs.join().to_pylist() == ["a0\n\nb0 c0", "", "a2\n\nb2\n\nc2", "a3"]


def test_keyed_choices_repeat_for_the_same_key_only() -> None:
    g = grammar("all")
    data = {slot: pa.array([f"<{slot}{i}>" for i in range(600)]) for slot in DATA_SLOTS}
    keys = np.repeat(np.arange(6), 100)
    first = render(g, "email.claim", np.arange(600), data, Picker(np.random.default_rng(1), keys))
    again = render(g, "email.claim", np.arange(600), data, Picker(np.random.default_rng(9), keys))
    assert first.equals(again)  # the random stream plays no part
    texts = np.array(first.to_pylist(), dtype=object).reshape(6, 100)
    # one sentence per key, up to the per-row data merged into it
    assert all(len({t.split("<")[0] for t in row}) == 1 for row in texts)
    assert len({row[0] for row in texts}) > 1


# -- variety ------------------------------------------------------------------------------------


def test_emails_vary(held_out: Org) -> None:
    e = tm.outbound(held_out.con)
    healthy = e[~e.rep.isin(held_out.truth.reps_with("self_focused_followup"))]
    assert healthy.body.nunique() / len(healthy) > 0.95
    said = tm.sentences(healthy.core)
    assert said.nunique() > 5_000
    assert said.value_counts(normalize=True).iloc[0] < 0.03  # no sentence dominates
    words = healthy.core.str.split().str.len()
    assert words.std() / words.mean() > 0.2  # short and long emails
    greeting = [b.split("\n", 1)[0] for b in e.body]
    assert np.mean([f in g for f, g in zip(e["first"], greeting, strict=True)]) > 0.98
    asking = healthy[healthy.subject == "Next steps"]
    assert 0.3 < np.mean([a in c for a, c in zip(asking.account, asking.core, strict=True)]) < 0.8


def test_emails_carry_quotes_signatures_footers_and_slips(held_out: Org) -> None:
    body = tm.outbound(held_out.con).body
    gmail = body.str.contains(r"(?m)^On .+ wrote:\n> ", regex=True)
    outlook = body.str.contains(r"(?m)^From: .+\n(?:Sent|Date): ", regex=True)
    assert gmail.mean() > 0.03
    assert outlook.mean() > 0.03
    assert body.str.contains(r"\+1 \(555\) \d{3}-\d{4}", regex=True).mean() > 0.1  # phone
    assert 0.03 < body.str.contains("confidential", case=False).mean() < 0.5  # legal footers
    slips = tm.outbound(held_out.con).own.map(lambda t: any(s in t for s in tm.TYPOS))
    assert 0.002 < slips.mean() < 0.08
    replies = frame(
        held_out.con, "SELECT body FROM activities WHERE kind = 'email' AND direction = 'inbound'"
    ).body
    assert replies.nunique() > 200
    assert 0.15 < replies.str.contains(r"(?m)^On .+ wrote:$|^From: ", regex=True).mean() < 0.6


def test_questions_are_not_always_marked_and_marks_are_not_always_questions(
    held_out: Org,
) -> None:
    turns = tm.rep_turns(held_out.con)
    asked = turns[turns.asks]["last"]
    unmarked = ~asked.str.endswith("?")
    assert 0.08 < unmarked.mean() < 0.4  # "Walk me through ...", and "?" lost to speech-to-text
    said = tm.sentences(turns.text)
    statements = said[said.str.match(r"^(?:We|Our|It's|And our) ") & said.str.endswith("?")]
    assert len(statements) > 20  # "We integrate with Salesforce?"
    answered = turns.text.str.contains(r"\? (?:It|We|Honestly|Because|Our)", regex=True)
    assert answered.sum() > 20  # rhetorical questions answered at once
    assert is_question("Talk me through a typical week for your team.")


def test_agendas_and_notes_vary(held_out: Org) -> None:
    agendas = frame(held_out.con, "SELECT agenda FROM activities WHERE agenda IS NOT NULL").agenda
    assert agendas.nunique() > 100
    assert agendas.str.contains("\n").mean() > 0.2  # lists as well as one-liners
    notes = frame(held_out.con, "SELECT subject, body FROM activities WHERE kind = 'note'")
    research = notes[notes.subject != "Call notes"]
    assert research.body.nunique() / len(research) > 0.9
    assert notes[notes.subject == "Call notes"].body.notna().all()


# -- determinism and what wording changes --------------------------------------------------------


@pytest.fixture(scope="module")
def small_orgs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Org]]:
    def config(wording: str) -> SimulationConfig:
        return SimulationConfig(
            deals=600,
            seed=3,
            plants=tuple(Plant(k) for k in TEXT_PLANTS),
            check_references=False,
            wording=wording,  # type: ignore[arg-type]
        )

    orgs = {
        "held_out": build_org(tmp_path_factory, "small_held_out", config("held_out")),
        "again": build_org(tmp_path_factory, "small_again", config("held_out")),
        "tuning": build_org(tmp_path_factory, "small_tuning", config("tuning")),
    }
    yield orgs
    for org in orgs.values():
        org.con.close()


@pytest.mark.parametrize("name", sorted(TEXT_COLUMNS))
def test_same_config_writes_the_same_text(small_orgs: dict[str, Org], name: str) -> None:
    a = sorted_table(small_orgs["held_out"].con, name)
    b = sorted_table(small_orgs["again"].con, name)
    assert a.equals(b)


def test_wording_changes_only_text(small_orgs: dict[str, Org]) -> None:
    held, tuning = small_orgs["held_out"].con, small_orgs["tuning"].con
    text = ", ".join(TEXT_COLUMNS["activities"])
    sql = f"SELECT * EXCLUDE ({text}) FROM activities ORDER BY id"
    assert frame(held, sql).equals(frame(tuning, sql))
    sql = "SELECT activity, seq, speaker, speaker_role FROM transcript_segments ORDER BY ALL"
    assert frame(held, sql).equals(frame(tuning, sql))
    for column in ("body", "agenda"):
        sql = f"SELECT {column} FROM activities WHERE {column} IS NOT NULL ORDER BY id"
        assert (frame(held, sql)[column] != frame(tuning, sql)[column]).mean() > 0.8


# -- the text plants ----------------------------------------------------------------------------


def test_self_focused_rep_sends_one_template_with_no_ask(held_out: Org) -> None:
    rep = planted_rep(held_out, "self_focused_followup")
    e = tm.outbound(held_out.con)
    ask_share = e.body.map(tm.asks).groupby(e.rep).mean()
    assert ask_share[rep] < 0.2
    assert ask_share.drop(rep).min() > 0.6
    reuse = tm.template_reuse(e)
    assert reuse[rep] > 0.6  # near-identical bodies to everyone
    assert reuse.drop(rep).max() < 0.2
    focus = tm.buyer_focus(e)
    assert focus[rep] < focus.drop(rep).min() - 0.05


def test_weak_discovery_rep_asks_few_closed_questions_and_pitches(held_out: Org) -> None:
    rep = planted_rep(held_out, "weak_discovery")
    turns = tm.rep_turns(held_out.con)
    d = tm.discovery(turns)
    asked = turns[turns.asks].groupby(["rep", "activity"]).size().groupby("rep").mean()
    assert asked[rep] < 0.5 * asked.drop(rep).min()
    assert d.closed[rep] > 0.55
    assert d.closed.drop(rep).max() < 0.45
    assert d.longest_s[rep] > 2 * d.longest_s.drop(rep).max()  # monologues
    assert d.topics[rep] < d.topics.drop(rep).min() - 0.4  # BANT left untouched
    assert d.self_talk[rep] > 2 * d.self_talk.drop(rep).max()  # features and the company
    talk = frame(
        held_out.con,
        "SELECT a.rep, sum(CASE WHEN t.speaker_role = 'rep' THEN t.end_s - t.start_s END) "
        "/ sum(t.end_s - t.start_s) AS share FROM transcript_segments t "
        "JOIN activities a ON a.id = t.activity GROUP BY a.rep",
    ).set_index("rep")["share"]
    assert abs(talk[rep] - 0.74) < 0.04
    assert talk.drop(rep).max() < 0.56


def test_calls_book_a_day_exactly_when_the_meeting_agreed_a_next_step(held_out: Org) -> None:
    days = tm.next_step_days(tm.rep_turns(held_out.con))
    assert days[True] > 0.95
    assert days[False] < 0.05


def test_unprepared_rep_writes_no_research_notes(held_out: Org) -> None:
    rep = planted_rep(held_out, "no_preparation")
    share = tm.researched(held_out.con)
    assert share[rep] < 0.15
    assert share.drop(rep).min() > 0.45
    notes = frame(
        held_out.con,
        "SELECT n.body, ac.name AS account, split_part(c.name, ' ', 1) AS first "
        "FROM activities n JOIN accounts ac ON ac.id = n.account "
        "JOIN contacts c ON c.id = n.contact "
        "WHERE n.kind = 'note' AND n.subject <> 'Call notes'",
    )
    about = [
        a in b or f in b for b, a, f in zip(notes.body, notes.account, notes["first"], strict=True)
    ]
    assert np.mean(about) > 0.8  # research on the account or the attendee, mostly by name
