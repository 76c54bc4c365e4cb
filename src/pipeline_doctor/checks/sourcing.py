"""Link 1, sourcing: the figures `source_mix` and `referral_program` judge, as plain Python
over their small aggregated results — the funnel per source, the referral lift, the referral
share of new deals per quarter — and the tables (breakdowns) findings carry them in."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from pipeline_doctor.checks.findings import Breakdown, Cell, Column, Finding
from pipeline_doctor.model.labels import value_label
from pipeline_doctor.model.schema import SOURCES
from pipeline_doctor.stats import Z95, Rate, wilson
from pipeline_doctor.wording import pct

COLD = ("outbound_cold", "purchased_list")
"""Sources with no prior relationship: cold outbound and purchased lists."""


def source_name(source: str | None) -> str:
    """A lead source as a manager names it ("Cold outbound")."""
    return value_label("deals.source", source)


def source_order(source: str | None) -> tuple[int, str]:
    """Sort key: the canonical vocabulary's order, anything else after it."""
    s = source or ""
    return (SOURCES.index(s) if s in SOURCES else len(SOURCES), s)


@dataclass(frozen=True)
class Ratio:
    """How many times one rate is another (the lift), with its 95% interval."""

    value: float
    low: float
    high: float


def rate_ratio(a: Rate, b: Rate, z: float = Z95) -> Ratio | None:
    """Ratio of two independent rates with the Katz log interval (0.5 added to empty cells).

    A few lines of closed-form arithmetic, like `stats.wilson`, rather than a statsmodels
    dependency. None when either rate has no trials or the second is zero."""
    if a.n <= 0 or b.n <= 0 or b.k <= 0:
        return None
    value = (a.k / a.n) / (b.k / b.n)
    ka, kb = (a.k, b.k) if a.k > 0 else (a.k + 0.5, b.k + 0.5)
    na, nb = (a.n, b.n) if a.k > 0 else (a.n + 0.5, b.n + 0.5)
    se = math.sqrt(max(1 / ka - 1 / na + 1 / kb - 1 / nb, 0.0))
    centre = math.log((ka / na) / (kb / nb))
    low, high = math.exp(centre - z * se), math.exp(centre + z * se)
    return Ratio(value, min(low, value), max(high, value))


def rate_column(name: str, label: str) -> Column:
    """A rate column whose interval sits in `<name>_low` and `<name>_high` (see rate_cells)."""
    return Column(name=name, label=label, unit="rate", low=f"{name}_low", high=f"{name}_high")


def rate_cells(name: str, k: float, n: float) -> dict[str, Cell]:
    """A rate and its 95% Wilson interval as breakdown cells (all None when n is 0)."""
    if n <= 0:
        return {name: None, f"{name}_low": None, f"{name}_high": None}
    r = wilson(k, n)
    return {name: r.value, f"{name}_low": r.low, f"{name}_high": r.high}


def with_breakdowns(finding: Finding, *breakdowns: Breakdown | None) -> Finding:
    """The finding with these tables attached (None and empty ones left out)."""
    kept = [b for b in breakdowns if b is not None and b.rows]
    return finding.model_copy(update={"breakdowns": [*finding.breakdowns, *kept]})


def times(x: float) -> str:
    """A ratio in words a manager reads at a glance: "2.4 times", "twice"."""
    if 1.95 <= x < 2.05:
        return "twice"
    return f"{x:.1f} times"


# -- the funnel per source (source_mix) -----------------------------------------------------------
@dataclass
class Funnel:
    """Counts of one source (or one rep's source, or a group of sources), lead to won."""

    leads: float = 0
    converted: float = 0  # leads that became deals
    lead_won: float = 0  # leads whose deal was won
    deals: float = 0
    won: float = 0
    lost: float = 0
    open_deals: float = 0
    open_amount: float = 0.0

    def add(self, row: dict[str, Any]) -> Funnel:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + (row.get(f.name) or 0))
        return self

    @property
    def win_rate(self) -> Rate:
        """Won out of closed deals."""
        return wilson(self.won, self.won + self.lost)

    @property
    def lead_to_deal(self) -> Rate:
        return wilson(self.converted, self.leads)

    @property
    def lead_to_won(self) -> Rate:
        return wilson(self.lead_won, self.leads)


def pooled(rows: Iterable[dict[str, Any]]) -> Funnel:
    total = Funnel()
    for r in rows:
        total.add(r)
    return total


FUNNEL_COLUMNS = [
    Column(name="source", label="Lead source", unit="text"),
    Column(name="leads", label="Leads"),
    rate_column("lead_to_deal", "Lead → deal"),
    Column(name="deals", label="Deals"),
    Column(name="won", label="Won"),
    Column(name="lost", label="Lost"),
    rate_column("win_rate", "Deal → won (closed deals)"),
    rate_column("lead_to_won", "Lead → won"),
    Column(name="open_amount", label="Open amount", unit="amount"),
]
LIFT_COLUMNS = [
    Column(name="step", label="Conversion", unit="text"),
    rate_column("referral", "Referrals"),
    rate_column("rest", "Other sources"),
    Column(name="lift", label="Referral lift", unit="ratio", low="lift_low", high="lift_high"),
]


def funnel_breakdown(by_source: dict[str, Funnel], has_leads: bool, title: str) -> Breakdown:
    """The funnel per source: leads, deals, won, lost and each conversion with its interval
    (lead figures None when no leads are known)."""
    rows = []
    for source in sorted(by_source, key=source_order):
        f = by_source[source]
        if not f.deals and not f.leads:
            continue
        lead_known = has_leads and f.leads > 0
        rows.append(
            {
                "source": source_name(source),
                "leads": int(f.leads) if has_leads else None,
                **rate_cells("lead_to_deal", f.converted, f.leads if lead_known else 0),
                "deals": int(f.deals),
                "won": int(f.won),
                "lost": int(f.lost),
                **rate_cells("win_rate", f.won, f.won + f.lost),
                **rate_cells("lead_to_won", f.lead_won, f.leads if lead_known else 0),
                "open_amount": float(f.open_amount),
            }
        )
    return Breakdown(name="source_funnel", title=title, columns=FUNNEL_COLUMNS, rows=rows)


def lift_breakdown(ref: Funnel, rest: Funnel, has_leads: bool) -> Breakdown:
    """Referrals against every other source: win rate and (with leads) lead -> won, and how
    many times as often referrals convert (the referral lift), with 95% intervals."""
    steps = [("Deal → won (closed deals)", ref.win_rate, rest.win_rate)]
    if has_leads and ref.leads and rest.leads:
        steps.append(("Lead → won", ref.lead_to_won, rest.lead_to_won))
    rows = []
    for step, a, b in steps:
        lift = rate_ratio(a, b)
        rows.append(
            {
                "step": step,
                **rate_cells("referral", a.k, a.n),
                **rate_cells("rest", b.k, b.n),
                "lift": lift.value if lift else None,
                "lift_low": lift.low if lift else None,
                "lift_high": lift.high if lift else None,
            }
        )
    return Breakdown(
        name="referral_lift",
        title="Referrals against every other source",
        columns=LIFT_COLUMNS,
        rows=rows,
    )


# -- the referral share per quarter (referral_program) ------------------------------------------
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}

SHARE_COLUMNS = [
    Column(name="quarter", label="Quarter", unit="text"),
    Column(name="deals", label="New deals"),
    Column(name="referral", label="From referrals"),
    rate_column("share", "Referral share"),
]
REFERRER_COLUMNS = [
    Column(name="name", label="Referrer", unit="text"),
    Column(name="deals", label="Referral deals"),
    Column(name="won", label="Won"),
    Column(name="won_amount", label="Won amount", unit="amount"),
]


def quarter_label(start: dt.datetime | dt.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Trend:
    """Referral share of new deals in the first and last of the judged quarters."""

    first: Rate
    last: Rate
    first_label: str
    last_label: str
    quarters: int
    direction: str  # "fell", "rose" or "steady" (the intervals overlap)

    def sentence(self) -> str:
        span = f"over the last {NUMBER_WORDS.get(self.quarters, self.quarters)} quarters"
        if self.direction == "steady":
            return (
                f"the referral share of new deals shows no clear change {span} "
                f"({pct(self.first.value)} in {self.first_label}, {pct(self.last.value)} in "
                f"{self.last_label})"
            )
        return (
            f"the referral share of new deals {self.direction} from {pct(self.first.value)} to "
            f"{pct(self.last.value)} {span}"
        )
