"""Bounds every rep, segment and deal of a healthy org stays within, one per broken link.

The planted-org tests also check that an org with the link planted breaks its bound."""

from __future__ import annotations

import pytest

from tests.simulate import metrics as m
from tests.simulate.orgs import Org


def assert_healthy(org: Org, kind: str) -> None:
    """Fail (AssertionError) when `org` shows the extreme behaviour of broken link `kind`."""
    con = org.con
    if kind == "cold_sourcing":
        assert m.cold_share(con).max() < 0.6
    elif kind == "no_referral_asks":
        assert (m.referral_asks(con) > 0).all()
        assert (m.referral_deals(con) > 0).all()
    elif kind == "poor_fit_segment":
        for column in ("industry", "region", "price_sensitivity"):
            seg = m.segment_stats(con, column)
            overall = m.team_win_rate(con, set())
            assert (seg.win_rate > 0.5 * overall).all(), seg
            assert (seg.deal_share < 1.5 * seg.account_share).all(), seg
    elif kind == "unqualified_deals":
        b = m.bant(con)
        assert b.any_unknown.max() < 0.8
        assert b.unknown_share.max() < 0.3
    elif kind == "no_preparation":
        assert m.meetings(con).no_agenda.max() < 0.4
    elif kind == "weak_discovery":
        t = m.transcripts(con)
        assert t.talk_share.max() < 0.56
        assert t.questions.min() > 8
    elif kind == "no_next_step":
        assert m.meetings(con).next_step.min() >= 0.6
    elif kind == "self_focused_followup":
        e = m.emails(con)
        assert e.no_question.max() < 0.4
        assert e.reply_ratio.min() > 0.3
    elif kind == "radio_silence":
        t = m.touches(con)
        assert ((t.out >= 25) & (t.inb <= 1)).sum() < 5  # chased hard, never answered
        assert t.inb.median() >= 3
    elif kind == "zombie_deals":
        h = m.deal_history(con, org.config.as_of)
        assert (h.reopened == 0).all()
        assert (h.pushes < 4).all()
        assert m.touches(con).unanswered.quantile(0.99) < 20
    elif kind == "stalled_deals":
        h = m.deal_history(con, org.config.as_of)
        open_ = h[h.outcome == "open"]
        assert ((open_.idle_days > 100) & (open_.pushes == 0)).mean() < 0.05
    elif kind == "single_threaded":
        t = m.threading(con)
        assert t.contacts.min() >= 2
        assert t.dm_share.min() >= 0.4
    elif kind == "lost_reason_blank":
        assert m.lost_blank(con).max() < 0.3
    elif kind == "activity_without_pipeline":
        v = m.activity_volume(con)
        assert v.acts.max() < 1.5 * v.acts.median()
        assert v.per_deal.max() < 1.5 * v.per_deal.median()
        assert v.deals.min() > 0.6 * v.deals.median()
    elif kind == "stage_leak":
        assert m.lost_at_stage(con).to_numpy().max() < 0.6
    else:  # pragma: no cover - a new kind needs its healthy bound here
        pytest.fail(f"no healthy bound for {kind}")
