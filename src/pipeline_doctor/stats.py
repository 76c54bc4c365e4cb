"""Small statistics the checks share: Wilson intervals for rates, Newcombe intervals and
z-tests for differences of rates, Benjamini–Hochberg false-discovery control, and
empirical-Bayes shrinkage of per-group rates toward the team's rate (beta-binomial, method of
moments).

Written here rather than taken from scipy/statsmodels because each is a few lines of closed-form
arithmetic, the checks need nothing else from those libraries, and importing scipy.stats or
statsmodels costs about a second per run. tests/test_stats.py checks each against statsmodels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Rate:
    """A proportion `k` of `n` with its 95% Wilson interval."""

    k: float
    n: float
    value: float
    low: float
    high: float


def wilson(k: float, n: float, z: float = Z95) -> Rate:
    """The Wilson score interval for k successes in n trials (well-behaved at 0, 1 and small n)."""
    if n <= 0:
        return Rate(k, n, 0.0, 0.0, 1.0)
    p = min(max(k / n, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # clamp: floating-point error can put a bound a hair on the wrong side of p at 0 or 1
    return Rate(k, n, p, min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half)))


@dataclass(frozen=True)
class Shrunk:
    """A group's rate pulled toward the prior (team) rate; the interval is the posterior's."""

    raw: float
    value: float
    low: float
    high: float
    prior: float
    strength: float


def prior_strength(
    ks: Sequence[float], ns: Sequence[float], lo: float = 5, hi: float = 500
) -> float:
    """Beta prior concentration (a + b) from the spread of group rates beyond binomial noise."""
    pairs = [(k, n) for k, n in zip(ks, ns, strict=True) if n > 0]
    total_n = sum(n for _, n in pairs)
    if len(pairs) < 3 or total_n <= 0:
        return hi
    mean = sum(k for k, _ in pairs) / total_n
    if mean <= 0 or mean >= 1:
        return hi
    rates = [k / n for k, n in pairs]
    weights = [n / total_n for _, n in pairs]
    var_obs = sum(w * (r - mean) ** 2 for w, r in zip(weights, rates, strict=True))
    noise = sum(w * mean * (1 - mean) / n for w, (_, n) in zip(weights, pairs, strict=True))
    between = var_obs - noise
    if between <= 0:
        return hi
    strength = mean * (1 - mean) / between - 1
    return min(max(strength, lo), hi)


def shrink(k: float, n: float, prior: float, strength: float, z: float = Z95) -> Shrunk:
    """Posterior mean and (normal-approximate) 95% interval of a rate under a Beta prior."""
    a = prior * strength + k
    b = (1 - prior) * strength + (n - k)
    mean = a / (a + b) if a + b > 0 else prior
    sd = math.sqrt(mean * (1 - mean) / (a + b + 1)) if a + b > 0 else 0.5
    raw = k / n if n > 0 else prior
    return Shrunk(raw, mean, max(0.0, mean - z * sd), min(1.0, mean + z * sd), prior, strength)


def quantile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated quantile of a small list (None when empty)."""
    data = sorted(values)
    if not data:
        return None
    pos = (len(data) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median_interval(values: Sequence[float], z: float = Z95) -> tuple[float, float] | None:
    """A distribution-free 95% interval for the median: the order statistics at ranks
    n/2 ± z·√n/2 (the normal approximation of the binomial ranks; None below 6 values, where
    no such interval reaches 95%)."""
    data = sorted(values)
    n = len(data)
    if n < 6:
        return None
    half = z * math.sqrt(n) / 2
    low, high = max(0, math.floor(n / 2 - half)), min(n - 1, math.ceil(n / 2 + half) - 1)
    return data[low], data[high]


@dataclass(frozen=True)
class Difference:
    """A difference of two independent rates (a − b) with its 95% interval and the two-sided
    p-value of "no difference"."""

    value: float
    low: float
    high: float
    p: float


def difference(a: Rate, b: Rate, z: float = Z95) -> Difference:
    """Newcombe's hybrid score interval for a − b (his method 10, built from the two Wilson
    intervals: good coverage at small n and near 0 or 1) and the pooled two-proportion z-test.

    Hand-written from the Wilson bounds above rather than taken from statsmodels or scipy,
    whose imports cost about a second per run; tests compare both with statsmodels."""
    d = a.value - b.value
    low = d - math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2)
    high = d + math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2)
    pooled_n = a.n + b.n
    pooled = (a.k + b.k) / pooled_n if pooled_n else 0.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n)) if a.n and b.n else 0.0
    p = math.erfc(abs(d) / se / math.sqrt(2)) if se > 0 else (1.0 if d == 0 else 0.0)
    return Difference(d, max(-1.0, low), min(1.0, high), p)


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the input's order: a comparison is
    a discovery at false-discovery rate α when its q-value is at most α.

    Five lines of arithmetic (scipy.stats.false_discovery_control costs a second to import);
    tests compare it with statsmodels' multipletests(method="fdr_bh")."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, pvalues[i] * m / rank)
        q[i] = running
    return q
