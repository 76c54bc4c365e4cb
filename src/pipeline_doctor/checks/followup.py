"""Link 7, follow-up: one-sided correspondence, outbound touches that keep going unanswered."""

from __future__ import annotations

from typing import Any, ClassVar

import ibis

from pipeline_doctor.checks.base import Check, Need
from pipeline_doctor.checks.context import CheckContext
from pipeline_doctor.checks.deal_list import REF_COLUMNS, deal_list_tables, judge_deal_list
from pipeline_doctor.checks.judgement import Basis, Judgement, Measured, Measurement
from pipeline_doctor.checks.skills import EMAIL_COPYWRITING, Skill
from pipeline_doctor.checks.zombies import ZOMBIE_COLUMNS, ZombieDeals
from pipeline_doctor.facts import deal_facts, population_facts
from pipeline_doctor.stats import Z95
from pipeline_doctor.wording import agree, pct, plural


def wilson_upper(k: Any, n: Any, z: float = Z95) -> Any:
    """The Wilson upper bound of k/n as an Ibis expression (n > 0; k above n counts as n)."""
    # a deal can have more answers than asks (the buyer wrote first): clamp, or the root's
    # argument goes negative and the database refuses the whole query
    p = ibis.least(k / n, 1.0)
    z2 = z * z
    centre = p + z2 / (2 * n)
    half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).sqrt())
    return (centre + half) / (1 + z2 / n)


class OneSidedCorrespondence(Check):
    """Open deals where the buyer has stopped answering: the share of outbound calls and emails
    that got an answer (a connected call or a reply) is, even at the top of its 95% interval,
    below `max_ratio` of the won deals' pooled answer rate; reported when there are at least
    `min_deals` such deals. Zombie deals (by the run's zombie_deals settings) are left to
    zombie_deals."""

    id: ClassVar[str] = "one_sided_correspondence"
    area: ClassVar[int] = 7
    title: ClassVar[str] = "One-sided correspondence"
    skill: ClassVar[Skill | None] = EMAIL_COPYWRITING
    requires: ClassVar[tuple[Need, ...]] = ("deals", "activities", "activities.outcome")
    answers: ClassVar[tuple[str, ...]] = ("radio_silence",)
    deal_list: ClassVar[Any] = "review"
    action: ClassVar[str] = (
        "Stop sending more of the same: send one short, buyer-specific message with a clear "
        "question, or call a different contact; if still silent, qualify the deal out."
    )
    max_ratio: float = 0.5
    """Flag when the answer rate's upper bound is below this fraction of the won deals' rate."""
    min_asks: int = 10
    """Fewest outbound calls and emails on a deal before it is judged."""
    min_deals: int = 3
    """Fewest such deals that make a finding: in a pipeline of hundreds, a deal or two gets few
    answers by chance alone."""
    max_deals: int = 200
    """Most deals listed one by one (worst first)."""

    def measure(self, ctx: CheckContext) -> Measurement:
        p = population_facts(ctx, "outcome", "n_responses", "n_asks")
        won = p.outcome == "won"
        norm_row = p.aggregate(
            won=p.count(where=won),
            answers=p.n_responses.sum(where=won),
            asks=p.n_asks.sum(where=won),
        )
        norm = (norm_row.answers / norm_row.asks.nullif(0)).as_scalar()
        d = deal_facts(ctx, *REF_COLUMNS, *ZOMBIE_COLUMNS, "n_responses", "n_asks")
        live = d.filter(
            (d.outcome == "open")
            & (d.n_asks >= self.min_asks)
            & ~ctx.check(ZombieDeals).is_zombie(ctx, d)
        )
        upper = wilson_upper(live.n_responses.cast("float64"), live.n_asks.cast("float64"))
        t = live.mutate(upper=upper, norm=norm)
        flagged = t.filter(t.upper < self.max_ratio * t.norm)
        flagged = flagged.mutate(score=flagged.n_asks - flagged.n_responses * 10.0)
        tables = deal_list_tables(ctx, flagged, self.max_deals, keep=("n_responses", "n_asks"))
        tables["norm"] = norm_row
        return Measurement(tables)

    def judge(self, measured: Measured, basis: Basis) -> Judgement:
        norm = measured["norm"][0]
        if int(norm["won"] or 0) < self.min_samples or not norm["asks"]:
            j = Judgement()
            j.little(
                f"{plural(int(norm['won'] or 0), 'won deal')} with calls and emails; "
                f"{self.min_samples} needed to know how often buyers answer"
            )
            return j
        rate = float(norm["answers"] or 0) / float(norm["asks"])
        flagged = int(measured["deals"][0]["n_flagged"]) if measured["deals"] else 0
        if 0 < flagged < self.min_deals:
            j = Judgement()
            j.healthy(
                f"{plural(flagged, 'open deal')} with {self.min_asks}+ calls and emails "
                f"{agree(flagged, 'gets', 'get')} answers at under half the won deals' rate "
                f"({pct(rate)}): no more than chance gives; {self.min_deals} make a finding"
            )
            return j
        return judge_deal_list(
            self,
            basis,
            measured,
            title="Deals where only the seller is talking",
            summary=lambda n, amount: (
                f"{plural(n, 'open deal')}{amount} {agree(n, 'gets', 'get')} almost no answers to "
                "calls and emails: "
                f"well under half the {pct(rate)} answer rate of deals that were won."
            ),
            metric_name="open deals with one-sided correspondence",
            note=lambda r: (
                f"{plural(r['n_responses'], 'answer')} to {r['n_asks']:,} outbound calls and "
                f"emails ({pct(r['n_responses'] / r['n_asks'])})"
            ),
            healthy=f"no open deal with {self.min_asks}+ calls and emails gets answers at under "
            f"half the won deals' rate ({pct(rate)})",
        )
