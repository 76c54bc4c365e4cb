"""Link 8, pipeline hygiene: zombie deals to qualify out, worst first."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import REF_COLUMNS, deal_list_tables, judge_deal_list
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import PIPELINE_HYGIENE, Skill
from pipeline_doctor.facts import deal_facts
from pipeline_doctor.facts.norms import won_cycle
from pipeline_doctor.wording import agree, days, plural

ZOMBIE_COLUMNS = ("outcome", "age_days", "n_pushes", "n_reopens", "n_unanswered", "n_touches")
"""The deal facts `ZombieDeals.is_zombie` reads."""


class ZombieDeals(Check):
    """Open deals far past the won deals' cycle (`age_factor` × their 90th percentile, at least
    `min_age_days`) that show at least `min_signs` signs of being dead: repeated close-date
    pushes, closed and reopened, many unanswered touches. Signs need activities or field
    history; without either, deals that old are listed on their age alone and the result says
    the signs could not be checked. The qualify-out list, worst first."""

    id: ClassVar[str] = "zombie_deals"
    area: ClassVar[int] = 8
    title: ClassVar[str] = "Zombie deals to qualify out"
    skill: ClassVar[Skill | None] = PIPELINE_HYGIENE
    requires: ClassVar[tuple[Need, ...]] = ("deals", "deals.created_at")
    answers: ClassVar[tuple[str, ...]] = ("zombie_deals",)
    deal_list: ClassVar[Any] = "qualify_out"
    action: ClassVar[str] = (
        "Ask the buyer an honest question (is this still a priority this quarter?) and "
        "qualify the deal in or out this week; stop forecasting it until then."
    )
    age_factor: float = 2.0
    """Open for longer than this multiple of the won deals' 90th-percentile cycle."""
    min_age_days: float = 90.0
    """Never call a deal a zombie before it is this many days old."""
    min_pushes: int = 3
    """Close-date pushes that count as a sign."""
    min_reopens: int = 1
    """Reopenings that count as a sign."""
    min_unanswered: int = 15
    """Unanswered outbound calls and meetings that count as a sign."""
    min_signs: int = 2
    """How many of the signs the data can show a long-open deal must show."""
    max_deals: int = 200
    """Most deals listed one by one (worst first)."""

    def signs(self, ctx: CheckContext, d: Any) -> tuple[Any, int]:
        """How many signs each deal shows, and how many the data can show at all."""
        available = []
        if ctx.has("field_changes"):
            available += [d.n_pushes >= self.min_pushes, d.n_reopens >= self.min_reopens]
        if ctx.has("activities"):
            available.append(d.n_unanswered >= self.min_unanswered)
        count = sum((s.cast("int64") for s in available), ibis.literal(0))
        return count, len(available)

    def norm_days(self, ctx: CheckContext) -> Any:
        """The age past which an open deal is long overdue (a scalar expression)."""
        p90 = won_cycle(ctx).p90.as_scalar()
        return ibis.greatest(ibis.literal(self.min_age_days), self.age_factor * p90.fill_null(0))

    def is_zombie(self, ctx: CheckContext, d: Any) -> Any:
        """Boolean expression over the deal facts `d`."""
        count, available = self.signs(ctx, d)
        needed = min(self.min_signs, available)
        old = (d.outcome == "open") & (d.age_days > self.norm_days(ctx))
        return old & (count >= needed)

    def measure(self, ctx: CheckContext) -> Measurement:
        d = deal_facts(ctx, *REF_COLUMNS, *ZOMBIE_COLUMNS)
        norm = self.norm_days(ctx)
        count, available = self.signs(ctx, d)
        flagged = d.filter(self.is_zombie(ctx, d)).mutate(
            score=d.age_days / norm + count, norm_days=norm
        )
        tables = deal_list_tables(ctx, flagged, self.max_deals, keep=ZOMBIE_COLUMNS)
        tables["norm"] = won_cycle(ctx)
        return Measurement(tables, {"signs": available})

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        norm_rows = measured["norm"]
        won = int(norm_rows[0]["won"] or 0) if norm_rows else 0
        if won < self.min_samples:
            j = Judgement()
            j.little(f"{plural(won, 'won deal')} with a known cycle; {self.min_samples} needed")
            return j
        p90 = float(norm_rows[0]["p90"])
        norm = max(self.min_age_days, self.age_factor * p90)
        with_signs = measured.notes["signs"] > 0

        def note(r: dict[str, Any]) -> str:
            # the deal's age is beside the note: say how far past the won deals' cycle it is
            parts = [f"open {r['age_days'] / max(p90, 1.0):.1f}× as long as 90% of won deals take"]
            if with_signs:
                parts.append(
                    f"{plural(r['n_touches'], 'touch', 'touches')} with {r['n_unanswered']:,} "
                    f"unanswered, close date pushed {plural(r['n_pushes'], 'time')}, reopened "
                    f"{plural(r['n_reopens'], 'time')}"
                )
            return "; ".join(parts)

        signs = (
            " and keep being pushed, reopened or chased without answer"
            if with_signs
            else "; your data has no activities or field history, so signs of life could not "
            "be checked: these are listed on their age alone"
        )
        j = judge_deal_list(
            self,
            basis,
            measured,
            title="Zombie deals clog the pipeline",
            summary=lambda n, amount: (
                f"{plural(n, 'open deal')}{amount} {agree(n, 'has', 'have')} been open more than "
                f"{days(norm)} "
                f"({self.age_factor:g}× the {days(p90)} within which 90% of won deals "
                f"close){signs}."
            ),
            metric_name="open deals that are zombies",
            note=note,
            healthy=f"no open deal is older than {days(norm)} with signs of being dead",
        )
        if not with_signs:
            j.cannot("signs of life (close-date pushes, reopenings, unanswered touches): "
                     "your data has no activities or field history")  # fmt: skip
        return j
