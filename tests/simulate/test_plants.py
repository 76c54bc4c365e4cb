"""Every broken link, planted alone on a target the simulator picks, shows in the written data
for that target and not for the healthy rest; and breaks the healthy org's bound for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
import pytest

from pipeline_doctor.simulate import PLANT_KINDS, Plant, PlantedDefect, SimulationConfig
from tests.simulate import metrics as m
from tests.simulate.bounds import assert_healthy
from tests.simulate.orgs import DEALS, Org, build_org

KINDS = list(PLANT_KINDS)


@pytest.fixture(scope="module", params=KINDS)
def planted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Org, PlantedDefect]]:
    kind: str = request.param
    config = SimulationConfig(
        deals=DEALS,
        seed=100 + KINDS.index(kind),  # a different seed, hence target, per kind
        plants=(Plant(kind),),
        check_references=False,  # the healthy-org tests cover reference checks
    )
    org = build_org(tmp_path_factory, kind, config)
    (defect,) = org.truth.plants
    yield org, defect
    org.con.close()


def rep_of(defect: PlantedDefect) -> str:
    (rep,) = defect.rep_ids
    return rep


def split(series: pd.Series, rep: str) -> tuple[float, pd.Series]:
    """The planted rep's value and everyone else's."""
    assert rep in series.index, f"{rep} has no data"
    return float(series[rep]), series.drop(index=rep)


def cold_sourcing(org: Org, d: PlantedDefect) -> None:
    mine, rest = split(m.cold_share(org.con), rep_of(d))
    assert mine >= 0.7
    assert mine >= rest.max() + 0.2
    assert mine >= 2 * rest.median()


def no_referral_asks(org: Org, d: PlantedDefect) -> None:
    rep = rep_of(d)
    asks, rest_asks = split(m.referral_asks(org.con), rep)
    deals, rest_deals = split(m.referral_deals(org.con), rep)
    assert asks == 0
    assert deals == 0
    assert (rest_asks > 0).all()
    assert (rest_deals > 0).all()
    referrals = m.frame(org.con, f"SELECT count(*) AS n FROM referrals WHERE rep = '{rep}'")
    assert referrals.n[0] == 0


def poor_fit_segment(org: Org, d: PlantedDefect) -> None:
    assert d.segment is not None
    ((column, value),) = d.segment.items()
    seg = m.segment_stats(org.con, column)
    mine, rest = seg.loc[value], seg.drop(index=value)
    assert mine.win_rate < 0.5 * rest.win_rate.min()
    assert mine.deal_share > 1.5 * mine.account_share  # effort goes where it does not pay
    assert (rest.deal_share < rest.account_share).all()


def unqualified_deals(org: Org, d: PlantedDefect) -> None:
    b = m.bant(org.con)
    any_mine, any_rest = split(b.any_unknown, rep_of(d))
    share_mine, share_rest = split(b.unknown_share, rep_of(d))
    assert any_mine >= 0.9
    assert any_mine >= any_rest.max() + 0.2
    assert share_mine >= 2.5 * share_rest.max()


def no_preparation(org: Org, d: PlantedDefect) -> None:
    mine, rest = split(m.meetings(org.con).no_agenda, rep_of(d))
    assert mine >= 0.75
    assert rest.max() < 0.4


def weak_discovery(org: Org, d: PlantedDefect) -> None:
    t = m.transcripts(org.con)
    assert t.calls[rep_of(d)] >= 30
    talk, talk_rest = split(t.talk_share, rep_of(d))
    questions, questions_rest = split(t.questions, rep_of(d))
    assert talk >= 0.65
    assert talk >= talk_rest.max() + 0.1
    assert questions <= 0.5 * questions_rest.min()


def no_next_step(org: Org, d: PlantedDefect) -> None:
    mine, rest = split(m.meetings(org.con).next_step, rep_of(d))
    assert mine <= 0.3
    assert rest.min() >= 0.6
    wins, _ = split(m.win_rate(org.con), rep_of(d))
    assert wins < m.team_win_rate(org.con, {rep_of(d)}) - 0.1


def self_focused_followup(org: Org, d: PlantedDefect) -> None:
    e = m.emails(org.con)
    asks_nothing, rest = split(e.no_question, rep_of(d))
    replies, rest_replies = split(e.reply_ratio, rep_of(d))
    assert asks_nothing >= 0.8
    assert rest.max() < 0.4
    assert replies <= 0.6 * rest_replies.min()


def radio_silence(org: Org, d: PlantedDefect) -> None:
    t = m.touches(org.con)
    mine, rest = t.loc[sorted(d.deal_ids)], t.drop(index=sorted(d.deal_ids))
    assert mine.out.median() >= rest.out.quantile(0.95)
    assert mine.inb.mean() <= 0.2 * rest.inb.mean()  # next to no reply, ever
    assert mine.inb.max() <= 3
    assert rest.inb.median() >= 3
    assert ((rest.out >= mine.out.min()) & (rest.inb <= 1)).sum() < 5
    h = m.deal_history(org.con, org.config.as_of).loc[sorted(d.deal_ids)]
    assert (h.outcome == "open").all()


def zombie_deals(org: Org, d: PlantedDefect) -> None:
    h = m.deal_history(org.con, org.config.as_of).join(m.touches(org.con))
    mine, rest = h.loc[sorted(d.deal_ids)], h.drop(index=sorted(d.deal_ids))
    assert (mine.outcome == "open").all()
    assert (mine.age_days > 295).all()
    assert (mine.pushes >= 4).all()
    assert (mine.reopened >= 1).all()  # outcome lost -> open in the field history
    assert (mine.unanswered >= 20).all()
    assert (rest.reopened == 0).all()
    assert (rest.pushes < 4).all()
    assert rest.unanswered.median() < 10


def stalled_deals(org: Org, d: PlantedDefect) -> None:
    h = m.deal_history(org.con, org.config.as_of)
    mine, rest = h.loc[sorted(d.deal_ids)], h.drop(index=sorted(d.deal_ids))
    assert (mine.outcome == "open").all()
    assert (mine.idle_days > 100).all()  # last stage change long before as_of
    assert (mine.pushes == 0).all()  # ... and nobody even moved the close date
    rest_open = rest[rest.outcome == "open"]
    assert ((rest_open.idle_days > 100) & (rest_open.pushes == 0)).mean() < 0.05


def single_threaded(org: Org, d: PlantedDefect) -> None:
    t = m.threading(org.con)
    rep = rep_of(d)
    assert t.max_contacts[rep] == 1
    assert t.dm_share[rep] == 0
    rest = t.drop(index=rep)
    assert rest.contacts.min() >= 2
    assert rest.dm_share.min() >= 0.4


def lost_reason_blank(org: Org, d: PlantedDefect) -> None:
    mine, rest = split(m.lost_blank(org.con), rep_of(d))
    assert mine >= 0.8
    assert rest.max() < 0.3


def activity_without_pipeline(org: Org, d: PlantedDefect) -> None:
    v = m.activity_volume(org.con)
    rep = rep_of(d)
    rest = v.drop(index=rep)
    assert v.acts[rep] >= 1.4 * rest.acts.median()
    assert v.acts[rep] > rest.acts.max()
    assert v.per_deal[rep] >= 3 * rest.per_deal.max()
    assert v.deals[rep] <= 0.6 * rest.deals.median()


def stage_leak(org: Org, d: PlantedDefect) -> None:
    assert d.stage is not None
    lost = m.lost_at_stage(org.con)
    mine, rest = split(lost[d.stage], rep_of(d))
    assert mine >= 0.7
    assert mine >= rest.max() + 0.3


SHOWS: dict[str, Callable[[Org, PlantedDefect], None]] = {
    f.__name__: f
    for f in (
        cold_sourcing,
        no_referral_asks,
        poor_fit_segment,
        unqualified_deals,
        no_preparation,
        weak_discovery,
        no_next_step,
        self_focused_followup,
        radio_silence,
        zombie_deals,
        stalled_deals,
        single_threaded,
        lost_reason_blank,
        activity_without_pipeline,
        stage_leak,
    )
}


def test_every_kind_has_a_behaviour_check() -> None:
    assert set(SHOWS) == set(PLANT_KINDS)


def test_simulator_resolves_the_target(planted: tuple[Org, PlantedDefect]) -> None:
    org, defect = planted
    target_kind = PLANT_KINDS[defect.kind][1]
    assert defect.target is None
    reps = m.frame(org.con, "SELECT id FROM reps WHERE role = 'rep'").id.tolist()
    if target_kind in ("rep", "rep_stage"):
        assert len(defect.rep_ids) == 1
        assert set(defect.rep_ids) <= set(reps)
        assert not defect.deal_ids
        assert defect.segment is None
        assert (defect.stage is not None) == (target_kind == "rep_stage")
    elif target_kind == "segment":
        assert defect.segment == {"industry": "Retail"}
        assert not defect.rep_ids
    else:
        assert len(defect.deal_ids) == max(8, DEALS // 200)
        assert not defect.rep_ids
        deals = set(m.frame(org.con, "SELECT id FROM deals").id)
        assert defect.deal_ids <= deals


def test_planted_link_shows_in_the_data(planted: tuple[Org, PlantedDefect]) -> None:
    org, defect = planted
    SHOWS[defect.kind](org, defect)


def test_planted_link_breaks_the_healthy_bound(planted: tuple[Org, PlantedDefect]) -> None:
    org, defect = planted
    with pytest.raises(AssertionError):
        assert_healthy(org, defect.kind)
