"""Link 1, sourcing: referral asks after wins, the best referrers, and the referral share of new
deals over time."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.common import (
    compared_reps,
    no_outlier,
    outlier_reps,
    rate_metric,
    rep_records,
    subject_scope,
    team_label,
)
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.findings import Breakdown, Evidence, Finding, Scope
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.referrers import example_text, referrer_breakdowns, referrer_tables
from pipeline_doctor.checks.skills import REFERRAL_ASKING, Skill
from pipeline_doctor.checks.sourcing import SHARE_COLUMNS, Trend, quarter_label, rate_cells
from pipeline_doctor.facts import deal_facts, population_facts
from pipeline_doctor.stats import wilson
from pipeline_doctor.wording import money, pct, plural, points

INTRODUCTIONS_PER_ASK = 0.1
"""Share of asks assumed to bring an introduction that closes (what an unasked win costs)."""


class ReferralProgram(Check):
    """Won customers never asked for a referral; reps who rarely or never ask; the reps (and,
    where the referrals table names the referrer, the customers) whose referrals bring the most
    won deals, named as the example to copy; and the referral share of new deals per quarter,
    flagged when the latest quarter's 95% interval lies wholly below the earliest one's in the
    trend span. Needs referral asks logged as activities."""

    id: ClassVar[str] = "referral_program"
    area: ClassVar[int] = 1
    title: ClassVar[str] = "Won customers not asked for referrals"
    skill: ClassVar[Skill | None] = REFERRAL_ASKING
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "deals.closed_at")
    answers: ClassVar[tuple[str, ...]] = ("no_referral_asks",)
    action: ClassVar[str] = (
        "Ask every newly won customer for one introduction within a month of closing; "
        "practise the referral ask in coaching."
    )
    window_days: int = 90
    """An ask counts for a won deal when it comes after the win, up to this many days later
    (or within 30 days before it)."""
    min_gap: float = 0.3
    """How much worse (absolute) a rep's shrunk rate must be than the rest of the team's."""
    max_never_asked: float = 0.5
    """Ceiling on the share of wins with no ask."""
    min_samples: int = 10
    """Fewest won deals behind a rate before it is judged."""
    max_referrers: int = 5
    """Most reps, and most customers, listed as the best referrers."""
    trend_quarters: int = 4
    """How many recent quarters the referral-share trend spans."""
    min_quarter_deals: int = 30
    """Fewest new deals in a quarter for its referral share to count in the trend."""

    def measure(self, ctx: CheckContext) -> Measurement:
        d = population_facts(ctx, "id", "rep", "account", "closed_at", "outcome")
        won = d.filter((d.outcome == "won") & d.account.notnull() & d.closed_at.notnull())
        a = ctx.table("activities")
        asks = a.filter(a.kind == "referral_ask").select(
            ask_account=a.account, ask_rep=a.rep, ask_at=a.at
        )
        # the rep who won the account asks there (another rep's ask on a shared account
        # says nothing about this rep's habit)
        j = won.left_join(
            asks,
            (won.account == asks.ask_account)
            & (won.rep == asks.ask_rep)
            & (asks.ask_at >= won.closed_at - dt.timedelta(days=30))
            & (asks.ask_at <= won.closed_at + dt.timedelta(days=self.window_days)),
        )
        per_deal = j.group_by([j.id, j.rep]).aggregate(asks=j.ask_at.count())
        per_rep = per_deal.group_by(per_deal.rep).aggregate(
            n=per_deal.count(), k=per_deal.count(where=per_deal.asks == 0)
        )
        tables = {
            "main": per_rep,
            "reps": rep_records(ctx),
            "logged": asks.aggregate(n=asks.count()),
            **referrer_tables(ctx, self.max_referrers),
        }
        if ctx.has("deals.created_at") and ctx.has("deals.source"):
            tables["quarters"] = _quarters(ctx)
        return Measurement(tables)

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        j = Judgement()
        quarters = measured.rows.get("quarters", [])
        trend = self.trend(quarters)
        shares = self._share_breakdown(quarters)
        reps, customers = referrer_breakdowns(measured.rows, basis.rep_name)
        example = example_text(reps, customers)
        if trend is not None and trend.direction == "fell":
            j.findings.append(self._falling(basis, trend, quarters, example, shares))
        elif trend is not None:
            j.healthy(trend.sentence())
        if not measured["logged"][0]["n"]:
            j.cannot("your activities have no referral asks logged")
            return j
        rows = measured.main
        focus = basis.scope.rep
        mine = [r for r in rows if focus in (None, r["rep"])]
        n, k = sum(r["n"] for r in mine), sum(r["k"] for r in mine)
        avg_won = basis.avg_won_amount
        if n < self.min_samples:
            j.little(f"{plural(n, 'won deal')} with an account; {self.min_samples} needed")
        else:
            never = wilson(k, n)
            if never.low > self.max_never_asked:
                j.findings.append(
                    self._never_asked(basis, never, trend, example, shares, reps, customers)
                )
            else:
                j.healthy(
                    f"{pct(never.value)} of {plural(n, 'won deal')} had no referral ask around "
                    f"the win; ceiling {pct(self.max_never_asked)}"
                )
        judged = compared_reps(rows, self.min_samples)
        compared = len(judged)
        found = [
            o
            for o in outlier_reps(rows, min_samples=self.min_samples, min_gap=self.min_gap)
            if focus in (None, o.rep)
        ]
        for o in found:
            j.findings.append(self._rep(basis, o, reps, customers, avg_won))
        if not found and compared >= 2:
            fewer = f"{round(100 * self.min_gap)} points fewer wins than the rest of the team"
            no_outlier(
                j,
                basis,
                judged,
                f"compared {plural(compared, 'rep')}: none asks after {fewer}",
                f"does not ask after {fewer} (compared with {plural(compared - 1, 'other rep')})",
                f"{self.min_samples} won deals",
            )
        return j

    def _never_asked(
        self,
        basis: Basis,
        never: Any,
        trend: Trend | None,
        example: str,
        shares: Breakdown,
        reps: Breakdown,
        customers: Breakdown | None,
    ) -> Finding:
        trend_text = f"; {trend.sentence()}" if trend is not None else ""
        unasked = never.k
        wins = unasked * INTRODUCTIONS_PER_ASK
        how = (
            f"{plural(unasked, 'won customer')} not asked × {pct(INTRODUCTIONS_PER_ASK)} "
            f"expected introductions that close × the average won deal"
        )
        return self.finding(
            basis,
            title="Most won customers were never asked for a referral",
            summary=(
                f"{unasked:,.0f} of {plural(never.n, 'won deal')} ({pct(never.value)}) had no "
                f"referral ask around the win{trend_text}{example}."
            ),
            metric=rate_metric(
                "won deals with no referral ask", never, self.max_never_asked, "ceiling"
            ),
            scope=subject_scope(basis),
            evidence=Evidence(affected=int(unasked), population=int(never.n)),
            impact=basis.impact(wins, wins * basis.avg_won_amount, how),
            breakdowns=[shares, reps, *([customers] if customers else [])],
        )

    def _rep(
        self, basis: Basis, o: Any, reps: Breakdown, customers: Breakdown | None, avg_won: float
    ) -> Finding:
        name = basis.rep_name(o.rep)
        missed = int(o.rate.k)
        unasked_beyond_team = o.rate.n * (o.rate.value - o.team.value)
        wins = max(0.0, unasked_beyond_team) * INTRODUCTIONS_PER_ASK
        how = (
            f"wins {name} would have asked after at the rest of the team's rate × "
            f"{pct(INTRODUCTIONS_PER_ASK)} introductions that close × the average won deal "
            f"({money(avg_won, basis.currency)})"
        )
        return self.finding(
            basis,
            title=f"{name} rarely asks won customers for referrals",
            summary=(
                f"{name} asked after {pct(1 - o.rate.value)} of wins against "
                f"{pct(1 - o.team.value)} for the rest of the team"
                f"{example_text(reps, customers, exclude=name)}."
            ),
            metric=rate_metric(
                "won deals with no referral ask", o.rate, o.team.value, "rest of team"
            ),
            scope=Scope(kind="rep", key=o.rep, label=name),
            evidence=Evidence(affected=missed, population=int(o.rate.n)),
            impact=basis.impact(wins, wins * avg_won, how),
            breakdowns=[reps, *([customers] if customers else [])],
        )

    # -- referral share of new deals over time -----------------------------------------------
    def trend(self, quarters: list[dict[str, Any]]) -> Trend | None:
        """First against last of the recent quarters with enough new deals: "fell"/"rose" when
        their 95% intervals do not overlap, else "steady"; None with fewer than two quarters."""
        judged = [q for q in quarters if q["deals"] >= self.min_quarter_deals]
        judged = judged[-self.trend_quarters :]
        if len(judged) < 2:
            return None
        first = wilson(judged[0]["referral"], judged[0]["deals"])
        last = wilson(judged[-1]["referral"], judged[-1]["deals"])
        direction = (
            "fell" if last.high < first.low else "rose" if last.low > first.high else "steady"
        )
        return Trend(
            first,
            last,
            quarter_label(judged[0]["quarter"]),
            quarter_label(judged[-1]["quarter"]),
            len(judged),
            direction,
        )

    def _share_breakdown(self, quarters: list[dict[str, Any]]) -> Breakdown:
        recent = [q for q in quarters if q["deals"] >= self.min_quarter_deals][-12:]
        return Breakdown(
            name="referral_share_by_quarter",
            title="Referral share of new deals by quarter",
            columns=SHARE_COLUMNS,
            rows=[
                {
                    "quarter": quarter_label(q["quarter"]),
                    "deals": int(q["deals"]),
                    "referral": int(q["referral"]),
                    **rate_cells("share", q["referral"], q["deals"]),
                }
                for q in recent
            ],
        )

    def _falling(
        self,
        basis: Basis,
        trend: Trend,
        quarters: list[dict[str, Any]],
        example: str,
        shares: Breakdown,
    ) -> Finding:
        """The referral share fell: the referral deals missing in the last quarter, valued at
        how much more often referral deals win than the rest."""
        ref = wilson(sum(q["ref_won"] for q in quarters), sum(q["ref_closed"] for q in quarters))
        rest = wilson(sum(q["rest_won"] for q in quarters), sum(q["rest_closed"] for q in quarters))
        missing = (trend.first.value - trend.last.value) * trend.last.n
        advantage = max(0.0, ref.value - rest.value)
        compare = (
            f"referral deals win {pct(ref.value)} of the time against {pct(rest.value)} for the "
            "rest"
        )
        how = (
            f"about {plural(missing, 'fewer referral deal')} in {trend.last_label} than at the "
            f"share of {trend.first_label} × how much more often referral deals win "
            f"({points(advantage, signed=False)})"
        )
        sentence = trend.sentence()
        return self.finding(
            basis,
            title="Fewer new deals come from referrals",
            summary=f"{sentence[:1].upper()}{sentence[1:]}; {compare}{example}.",
            metric=rate_metric(
                "referral share of new deals", trend.last, trend.first.value, trend.first_label
            ),
            scope=Scope(
                kind="team",
                label=f"{team_label(basis)}, {trend.last_label}",
                attributes={"signal": "referral_share"},
            ),
            evidence=Evidence(affected=int(trend.last.k), population=int(trend.last.n)),
            impact=basis.impact(
                missing * advantage, missing * advantage * basis.avg_won_amount, how
            ),
            breakdowns=[shares],
        )


def _quarters(ctx: CheckContext) -> Any:
    """Per quarter of creation: new deals, referral deals, and closed/won deals on each side
    (referral or not), oldest first."""
    d = deal_facts(ctx, "created_at", "source", "outcome")
    d = d.filter(d.created_at.notnull())
    ref = d.source == "referral"
    closed = d.outcome.isin(("won", "lost"))
    won = d.outcome == "won"
    t = d.group_by(quarter=d.created_at.truncate("Q")).aggregate(
        deals=d.count(),
        referral=d.count(where=ref),
        ref_closed=d.count(where=ref & closed),
        ref_won=d.count(where=ref & won),
        rest_closed=d.count(where=~ref & closed),
        rest_won=d.count(where=~ref & won),
    )
    return t.order_by(t.quarter)
