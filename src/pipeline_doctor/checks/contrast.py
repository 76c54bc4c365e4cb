"""Win rate by the values of an attribute, each value against the rest of the deals: the
comparison behind every "what separates won from lost" finding (drivers, lead sources,
qualification fields, segments, process signals).

Measure side: `attribute_rows` turns named grouping expressions over the deal facts into one
long table (attribute, value, won, lost, open deals, open amount). Judge side: `contrasts`
compares each value's win rate with every other closed deal's: Wilson intervals, the
difference with Newcombe's interval, a z-test, and Benjamini–Hochberg false-discovery control
over every comparison the call made. A contrast is *clear* when it survives the false-discovery
control, its interval excludes no difference, both sides have the minimum number of closed
deals, and the gap is at least the practical minimum a manager would act on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ibis

from pipeline_doctor.checks.attributes import Attribute
from pipeline_doctor.checks.findings import Breakdown, Cell, Column
from pipeline_doctor.checks.sourcing import rate_column
from pipeline_doctor.stats import Difference, Rate, benjamini_hochberg, difference, wilson

NOT_RECORDED = "(not recorded)"


def _aggregate(t: Any, attribute: str, value: Any, numbers: Any = None) -> Any:
    # a narrow projection: every column carried along is spelt out in the SQL of every part
    m = t.select(
        _value=value,
        _number=ibis.null("float64") if numbers is None else numbers,
        outcome=t.outcome,
        amount=t.amount,
    )
    is_open = m.outcome == "open"
    return (
        m.group_by("_value")
        .aggregate(
            won=m.count(where=m.outcome == "won"),
            lost=m.count(where=m.outcome == "lost"),
            open_deals=m.count(where=is_open),
            open_amount=m.amount.sum(where=is_open).cast("float64"),
            lo=m._number.min().cast("float64"),
            hi=m._number.max().cast("float64"),
        )
        .select(
            attribute=ibis.literal(attribute),
            value=ibis._._value.cast("string"),
            won=ibis._.won,
            lost=ibis._.lost,
            open_deals=ibis._.open_deals,
            open_amount=ibis._.open_amount,
            lo=ibis._.lo,
            hi=ibis._.hi,
        )
    )


def attribute_rows(t: Any, attributes: Iterable[Attribute]) -> Any:
    """One row per (attribute, value): closed won and lost deals, open deals and their amount
    (null values form their own group, "not recorded"). One union of small aggregates: one
    query. Numeric attributes (with a unit) are cut at the quartiles of the closed deals'
    values, and each bin carries its lowest and highest value (`lo`, `hi`); the value is the
    bin's number, 1 to 4."""
    parts = []
    for a in attributes:
        if a.unit is None:
            parts.append(_aggregate(t, a.name, a.expr.cast("string")))
            continue
        x = a.expr.cast("float64")
        closed = t.outcome.isin(("won", "lost")) & x.notnull()
        q1, q2, q3 = (x.quantile(p, where=closed).as_scalar() for p in (0.25, 0.5, 0.75))
        bins = ibis.cases((x <= q1, "1"), (x <= q2, "2"), (x <= q3, "3"), else_="4")
        parts.append(_aggregate(t, a.name, x.isnull().ifelse(ibis.null("string"), bins), x))
    if not parts:
        return _aggregate(t, "", ibis.literal("")).limit(0)
    return ibis.union(*parts)


@dataclass(frozen=True)
class Contrast:
    """One value of one attribute against every other deal (closed deals judge the rates)."""

    attribute: str
    value: str | None
    rate: Rate
    rest: Rate
    diff: Difference
    q: float
    open_deals: int
    open_amount: float
    clear: bool

    @property
    def better(self) -> bool:
        return self.diff.value > 0

    @property
    def deals(self) -> int:
        return int(self.rate.n) + self.open_deals

    @property
    def gap(self) -> float:
        return abs(self.diff.value)

    @property
    def wins(self) -> float:
        """How many more (or fewer) wins this value's deals bring than at the rest's rate."""
        return self.deals * self.gap

    @property
    def label(self) -> str:
        return NOT_RECORDED if self.value is None else self.value


MIN_RATIO = 1.5
"""A smaller gap still counts when one rate is this many times the other ..."""
MIN_FLOOR = 0.03
"""... and the gap is at least this (3 points): at a low base rate, 5% against 15% matters."""


def practical(rate: float, rest: float, min_gap: float) -> bool:
    """An effect a manager would act on: a gap of `min_gap` or more, or one rate at least
    `MIN_RATIO` times the other with a gap of `MIN_FLOOR` or more."""
    gap = abs(rate - rest)
    if gap >= min_gap:
        return True
    low, high = sorted((rate, rest))
    return gap >= MIN_FLOOR and (low == 0 or high / low >= MIN_RATIO)


def contrasts(
    rows: Iterable[Mapping[str, Any]],
    *,
    min_samples: int,
    min_gap: float,
    fdr: float,
) -> list[Contrast]:
    """Every comparison made (values with `min_samples` closed deals on both sides), with
    q-values over all of them; `clear` marks the findings: a q-value of `fdr` or less, an
    interval that excludes no difference, and a practical effect (see `practical`)."""
    by_attribute: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        by_attribute[str(r["attribute"])].append(r)
    made: list[tuple[str, Mapping[str, Any], Rate, Rate, Difference]] = []
    for attribute, values in by_attribute.items():
        won = sum(int(v["won"]) for v in values)
        closed = sum(int(v["won"]) + int(v["lost"]) for v in values)
        for v in values:
            k, n = int(v["won"]), int(v["won"]) + int(v["lost"])
            if n < min_samples or closed - n < min_samples:
                continue
            rate, rest = wilson(k, n), wilson(won - k, closed - n)
            made.append((attribute, v, rate, rest, difference(rate, rest)))
    qs = benjamini_hochberg([m[4].p for m in made])
    out = []
    for (attribute, v, rate, rest, diff), q in zip(made, qs, strict=True):
        excludes_zero = diff.low > 0 or diff.high < 0
        clear = q <= fdr and excludes_zero and practical(rate.value, rest.value, min_gap)
        out.append(
            Contrast(
                attribute=attribute,
                value=None if v["value"] is None else str(v["value"]),
                rate=rate,
                rest=rest,
                diff=diff,
                q=q,
                open_deals=int(v["open_deals"] or 0),
                open_amount=float(v["open_amount"] or 0.0),
                clear=clear,
            )
        )
    return out


def win_rate_columns(heading: str = "Value") -> list[Column]:
    """The columns of a win-rate table whose first column, the values, is headed `heading`."""
    return [
        Column(name="value", label=heading, unit="text"),
        Column(name="deals", label="Closed deals"),
        Column(name="won", label="Won"),
        rate_column("win_rate", "Win rate"),
        Column(name="rest", label="Win rate of the rest", unit="rate"),
        Column(name="gap", label="Gap", unit="points", low="gap_low", high="gap_high"),
        Column(name="open_deals", label="Open deals"),
    ]


def win_rate_breakdown(
    title: str,
    rows: Iterable[Mapping[str, Any]],
    found: Mapping[str | None, Contrast],
    label: Any = None,
    heading: str = "Value",
) -> Breakdown:
    """Every value of one attribute with its win rate (and, where compared, the rest's rate
    and the gap with its interval), most closed deals first; `label` names a value in the
    first column, headed `heading`."""
    label = label or (lambda v: NOT_RECORDED if v is None else str(v))
    out: list[dict[str, Cell]] = []
    # ranges in their order, other values most closed deals first; values with no closed deal
    # have no win rate to show
    ordered = sorted(
        (r for r in rows if int(r["won"]) + int(r["lost"]) > 0),
        key=lambda r: (
            float(r["lo"]) if r.get("lo") is not None else 0.0,
            -(int(r["won"]) + int(r["lost"])),
            str(r["value"]),
        ),
    )
    for r in ordered:
        closed = int(r["won"]) + int(r["lost"])
        rate = wilson(int(r["won"]), closed) if closed else None
        c = found.get(None if r["value"] is None else str(r["value"]))
        out.append(
            {
                "value": label(r["value"]),
                "deals": closed,
                "won": int(r["won"]),
                "win_rate": rate.value if rate else None,
                "win_rate_low": rate.low if rate else None,
                "win_rate_high": rate.high if rate else None,
                "rest": c.rest.value if c else None,
                "gap": c.diff.value if c else None,
                "gap_low": c.diff.low if c else None,
                "gap_high": c.diff.high if c else None,
                "open_deals": int(r["open_deals"] or 0),
                # a number cut into quartiles: the bin's lowest and highest value (JSON only)
                **({"lo": r["lo"], "hi": r["hi"]} if r.get("lo") is not None else {}),
            }
        )
    columns = win_rate_columns(heading)
    return Breakdown(name="win_rate_by_value", title=title, columns=columns, rows=out)
