"""Clear contrasts (see `contrast`) turned into findings: one per attribute, in both directions,
in plain words, with every value's win rate in a table behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline_doctor.checks.contrast import Contrast, win_rate_breakdown
from pipeline_doctor.checks.findings import Evidence, Finding, FindingKind, Metric, Scope
from pipeline_doctor.checks.judgement import Basis
from pipeline_doctor.model.labels import NOT_RECORDED, deals_phrase, value_label
from pipeline_doctor.wording import count_of, pct, plural, points, points_range

if TYPE_CHECKING:
    from pipeline_doctor.checks.base import Check

BETTER_ACTION = (
    "Find more deals like these: aim prospecting, referrals and qualification at what they have "
    "in common."
)
WORSE_ACTION = (
    "Qualify deals like these harder and earlier, or spend the time on deals that win; look at "
    "what the lost ones had in common."
)


def _as_stored(value: Any) -> str:
    return str(value)


@dataclass(frozen=True)
class Phrasing:
    """How one attribute's values are named in sentences and tables, through the labels of
    `model.labels` (one place for every check): "Cold outbound deals", "Deals with Retail
    accounts", "Deals where budget is unknown"."""

    attribute: str
    """The attribute compared (`table.column`, or a signal's key)."""
    title: str
    """The attribute in a breakdown title: "lead source", "budget"."""
    shown: Callable[[Any], str] = _as_stored
    """A stored value as the phrase shows it when the store's value is not what a manager
    reads: a rep's name for their id, a range for a quartile's number."""
    heading: str | None = None
    """The breakdown's value column heading (the title, capitalised, when None)."""
    worse_action: str = WORSE_ACTION
    better_action: str = BETTER_ACTION

    def subject(self, c: Contrast, *, start: bool = True) -> str:
        """The deals with the contrast's value, as a sentence subject."""
        value = None if c.value is None else self.shown(c.value)
        return deals_phrase(self.attribute, value, start=start)

    def cell(self, value: Any) -> str:
        """The value in the breakdown's value column."""
        return NOT_RECORDED if value is None else value_label(self.attribute, self.shown(value))


def _sentence(c: Contrast, subject: str) -> str:
    return (
        f"{subject} win {pct(c.rate.value)} ({count_of(c.rate.k, c.rate.n, 'closed deal')}) "
        f"against {pct(c.rest.value)} for the rest"
    )


def attribute_finding(
    check: Check,
    basis: Basis,
    found: list[Contrast],
    rows: Sequence[Mapping[str, Any]],
    phrasing: Phrasing,
    *,
    kind: FindingKind = "driver",
) -> Finding | None:
    """The attribute's finding: its strongest clear contrast first (by wins gained or lost),
    then the strongest one in the other direction, with the table of every value."""
    clear = [c for c in found if c.clear]
    if not clear:
        return None
    binary = len(found) <= 2 and len(rows) <= 2
    worse = [c for c in clear if not c.better]
    # two values mirror each other: name the one that loses, the problem to act on
    pool = worse if binary and worse else clear
    head = max(pool, key=lambda c: (c.wins, c.gap, c.label))
    opposite = [c for c in clear if c.better != head.better]
    subject = phrasing.subject(head)
    summary = (
        f"{_sentence(head, subject)} (a gap of {points(head.diff.value)}; 95% interval "
        f"{points_range(head.diff.low, head.diff.high)})"
    )
    if opposite and not binary:
        other = max(opposite, key=lambda c: (c.wins, c.gap, c.label))
        summary += f"; {_sentence(other, phrasing.subject(other, start=False))}"
    summary += "."
    impact = _impact(basis, head)
    by_value = {c.value: c for c in found}
    heading = phrasing.heading or phrasing.title[:1].upper() + phrasing.title[1:]
    table = win_rate_breakdown(
        f"Win rate by {phrasing.title}", rows, by_value, phrasing.cell, heading
    )
    return check.finding(
        basis,
        kind=kind,
        title=f"{subject} win {pct(head.rate.value)} against {pct(head.rest.value)}",
        summary=summary,
        metric=Metric(
            name=f"win rate of {phrasing.subject(head, start=False)}",
            value=head.rate.value,
            low=head.rate.low,
            high=head.rate.high,
            baseline=head.rest.value,
            baseline_label="the rest of the deals",
        ),
        scope=Scope(
            kind="segment",
            key=f"{phrasing.attribute}={_key(head, rows, phrasing)}",
            label=subject,
            attributes={
                "direction": "better" if head.better else "worse",
                **({"values": QUARTILES} if _binned(head, rows) else {}),
            },
        ),
        evidence=Evidence(affected=int(head.rate.n), population=int(head.rate.n + head.rest.n)),
        impact=impact,
        action=phrasing.better_action if head.better else phrasing.worse_action,
        breakdowns=[table],
    )


def _impact(basis: Basis, head: Contrast) -> Any:
    """What the difference puts at stake in the open pipeline: the open deals with a value that
    wins less often, at the rest's rate against their own. A value that wins more often puts
    nothing at stake (more deals like it would add wins; the finding says so)."""
    if head.better:
        how = "deals like these win more often: nothing is at stake in them, more would add wins"
        return basis.impact(0.0, 0.0, how)
    if head.open_deals == 0:
        return basis.impact(0.0, 0.0, "no open deal is like these: nothing open at stake")
    wins = head.open_deals * head.gap
    how = (
        f"{plural(head.open_deals, 'open deal')} like these × the "
        f"{points(head.gap, signed=False)} by which such deals win less often than the rest"
    )
    return basis.impact(wins, head.open_amount * head.gap, how)


def strength(finding: Finding) -> float:
    """How much a difference weighs in the data: the closed deals it concerns × the gap (the
    order of what separates won from lost deals)."""
    baseline = finding.metric.baseline or 0.0
    return finding.evidence.affected * abs(finding.metric.value - baseline)


def by_attribute(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        grouped[str(r["attribute"])].append(r)
    return grouped


def contrasts_by_attribute(found: Iterable[Contrast]) -> dict[str, list[Contrast]]:
    grouped: dict[str, list[Contrast]] = defaultdict(list)
    for c in found:
        grouped[c.attribute].append(c)
    return grouped


QUARTILES = "quartiles"
"""`Scope.attributes["values"]` of a finding about a number cut into quartiles of this run's
data: its range is not the same group in another run (another half of the data)."""


def _binned(head: Contrast, rows: Sequence[Mapping[str, Any]]) -> bool:
    return any(r["value"] == head.value and r.get("lo") is not None for r in rows)


def _key(head: Contrast, rows: Sequence[Mapping[str, Any]], phrasing: Phrasing) -> str:
    """The value as the finding's key: the stored value (a source, a rep id), or for a number
    cut into quartiles its range (the bin's number means nothing outside this run)."""
    binned = _binned(head, rows)
    return phrasing.shown(head.value) if binned and head.value is not None else head.label
