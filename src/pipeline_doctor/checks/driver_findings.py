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
from pipeline_doctor.wording import count_of, pct, plural, points

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


@dataclass(frozen=True)
class Phrasing:
    """How one attribute's values are named in sentences."""

    subject: Callable[[Contrast], str]
    """The deals with a value, as a sentence subject: "Referral deals", "Deals where budget is
    unknown"."""
    title: str
    """The attribute in a breakdown title: "lead source", "budget"."""
    worse_action: str = WORSE_ACTION
    better_action: str = BETTER_ACTION


def _sentence(c: Contrast, subject: str) -> str:
    return (
        f"{subject} win {pct(c.rate.value)} ({count_of(c.rate.k, c.rate.n, 'closed deal')}) "
        f"against {pct(c.rest.value)} for the rest"
    )


def attribute_finding(
    check: Check,
    basis: Basis,
    attribute: str,
    found: list[Contrast],
    rows: Sequence[Mapping[str, Any]],
    phrasing: Phrasing,
    *,
    kind: FindingKind = "driver",
    label: Callable[[Any], str] | None = None,
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
        f"{_sentence(head, subject)} (a gap of {points(head.diff.value)}, 95% interval "
        f"{points(head.diff.low)} to {points(head.diff.high)})"
    )
    if opposite and not binary:
        other = max(opposite, key=lambda c: (c.wins, c.gap, c.label))
        summary += f"; {_sentence(other, _mid_sentence(phrasing.subject(other)))}"
    summary += "."
    impact = _impact(basis, head)
    by_value = {c.value: c for c in found}
    table = win_rate_breakdown(f"Win rate by {phrasing.title}", rows, by_value, label)
    return check.finding(
        basis,
        kind=kind,
        title=f"{subject} win {pct(head.rate.value)} against {pct(head.rest.value)}",
        summary=summary[:1].upper() + summary[1:],
        metric=Metric(
            name=f"win rate, {phrasing.title} {(label or (lambda v: head.label))(head.value)}",
            value=head.rate.value,
            low=head.rate.low,
            high=head.rate.high,
            baseline=head.rest.value,
            baseline_label="the rest of the deals",
        ),
        scope=Scope(
            kind="segment",
            key=f"{attribute}={_key(head, rows, label)}",
            label=subject,
            attributes={"direction": "better" if head.better else "worse"},
        ),
        evidence=Evidence(affected=int(head.rate.n), population=int(head.rate.n + head.rest.n)),
        impact=impact,
        action=phrasing.better_action if head.better else phrasing.worse_action,
        breakdowns=[table],
    )


def _mid_sentence(subject: str) -> str:
    """A subject placed after a semicolon: "Deals with …" -> "deals with …" (names stay)."""
    return "d" + subject[1:] if subject.startswith("Deals ") else subject


def _impact(basis: Basis, head: Contrast) -> Any:
    """What the difference puts at stake in the open pipeline: the open deals with a value that
    wins less often, at the rest's rate against their own. A value that wins more often puts
    nothing at stake (more deals like it would add wins; the finding says so)."""
    if head.better:
        how = "deals like these win more often: nothing is at stake in them, more would add wins"
        return basis.impact(0.0, 0.0, how)
    if head.open_deals == 0:
        return basis.impact(0.0, 0.0, "no open deal has this value: nothing open at stake")
    wins = head.open_deals * head.gap
    how = (
        f"{plural(head.open_deals, 'open deal')} with this value × the "
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


def _key(
    head: Contrast, rows: Sequence[Mapping[str, Any]], label: Callable[[Any], str] | None
) -> str:
    """The value as the finding's key: the stored value (a source, a rep id), or for a number
    cut into quartiles its range (the bin's number means nothing outside this run)."""
    binned = any(r["value"] == head.value and r.get("lo") is not None for r in rows)
    return label(head.value) if binned and label else head.label
