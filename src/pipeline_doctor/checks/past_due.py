"""Link 8, pipeline hygiene: open deals whose expected close date has passed, from the deal's
own fields (no activities or history needed)."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import REF_COLUMNS, deal_list_tables, judge_deal_list
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import PIPELINE_HYGIENE, Skill
from pipeline_doctor.checks.zombies import ZOMBIE_COLUMNS, ZombieDeals
from pipeline_doctor.facts import days_between, deal_facts
from pipeline_doctor.wording import agree, days, pct, plural


class PastDueDeals(Check):
    """Open deals whose expected close date is more than `grace_days` in the past: a forecast
    nobody updates. Reported when they are at least `max_share` of the open deals with a close
    date; zombie deals are left to zombie_deals. Needs only the deals' own close dates."""

    id: ClassVar[str] = "past_due_deals"
    area: ClassVar[int] = 8
    title: ClassVar[str] = "Open deals past their close date"
    skill: ClassVar[Skill | None] = PIPELINE_HYGIENE
    requires: ClassVar[tuple[Need, ...]] = ("deals", "deals.expected_close")
    deal_list: ClassVar[Any] = "review"
    action: ClassVar[str] = (
        "Review each deal with its rep this week: set a close date the buyer has agreed to, or "
        "qualify the deal out."
    )
    grace_days: float = 14.0
    """Days past the expected close date before a deal counts as past due."""
    max_share: float = 0.1
    """Share of open deals (with a close date) past due above which the list is a finding."""
    min_deals: int = 3
    """Fewest past-due deals that make a finding."""
    max_deals: int = 200
    """Most deals listed one by one (worst first)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        d = deal_facts(ctx, *REF_COLUMNS, *ZOMBIE_COLUMNS, "expected_close")
        dated = d.filter((d.outcome == "open") & d.expected_close.notnull())
        zombie = ibis.literal(False)
        if ctx.has("deals.created_at"):
            zombie = ctx.check(ZombieDeals).is_zombie(ctx, dated)
        tables_zombies = dated.aggregate(n=dated.count(where=zombie))
        dated = dated.filter(~zombie)
        due = dated.expected_close.cast("timestamp")
        dated = dated.mutate(days_late=days_between(ibis.literal(ctx.now()), due))
        flagged = dated.filter(dated.days_late > self.grace_days)
        flagged = flagged.mutate(score=flagged.days_late)
        tables = deal_list_tables(ctx, flagged, self.max_deals, keep=("days_late",))
        tables["dated"] = dated.aggregate(n=dated.count())
        tables["zombies"] = tables_zombies
        return Measurement(tables)

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        dated = int(measured["dated"][0]["n"] or 0)
        n = int(measured["deals"][0]["n_flagged"]) if measured["deals"] else 0
        if dated == 0:
            j = Judgement()
            j.little("no open deal has an expected close date")
            return j
        share = n / dated
        zombies = int(measured["zombies"][0]["n"] or 0)
        apart = f", leaving out {plural(zombies, 'zombie deal')} listed with the zombies"
        apart = apart if zombies else ""
        healthy = (
            f"{n:,} of {plural(dated, 'open deal')} with a close date "
            f"({pct(share)}) {agree(n, 'is', 'are')} more than {days(self.grace_days)} past "
            f"it{apart}; "
            "ceiling "
            f"{pct(self.max_share)}"
        )
        if n < self.min_deals or share < self.max_share:
            j = Judgement()
            if dated < self.min_samples:
                j.little(
                    f"{plural(dated, 'open deal')} with a close date; {self.min_samples} needed"
                )
            else:
                j.healthy(healthy)
            return j
        return judge_deal_list(
            self,
            basis,
            measured,
            title="Open deals are past their close date",
            summary=lambda count, amount: (
                f"{plural(count, 'open deal')}{amount} ({pct(share)} of those with a close "
                f"date) {agree(count, 'is', 'are')} more than {days(self.grace_days)} past the "
                f"date {agree(count, 'it was', 'they were')} "
                f"expected to close{apart}."
            ),
            metric_name="open deals past their close date",
            note=lambda r: f"expected to close {days(r['days_late'])} ago",
            healthy=healthy,
        )
