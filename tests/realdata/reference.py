"""An independent computation of "what separates won from lost" on a data file read with
pandas: per value of an attribute, closed deals, wins, the win rate and the rest's, with
statsmodels' z-test and Newcombe interval. It follows the rule docs/checks.md states, written
again here, not imported from the product."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

MIN_SAMPLES = 20
MIN_GAP = 0.10
MIN_RATIO = 1.5
MIN_FLOOR = 0.03


@dataclass(frozen=True)
class Value:
    attribute: str
    value: str
    closed: int
    won: int
    rate: float
    rest: float
    p: float
    low: float
    high: float

    @property
    def gap(self) -> float:
        return self.rate - self.rest

    @property
    def practical(self) -> bool:
        gap = abs(self.gap)
        lo, hi = sorted((self.rate, self.rest))
        return gap >= MIN_GAP or (gap >= MIN_FLOOR and (lo == 0 or hi / lo >= MIN_RATIO))

    @property
    def strong(self) -> bool:
        """Clear beyond doubt: practical, an interval away from zero and p below 1e-4 (so clear
        under any reasonable false-discovery family)."""
        return self.practical and self.p < 1e-4 and (self.low > 0 or self.high < 0)


def values(won: pd.Series, closed: pd.Series, attribute: str, by: pd.Series) -> list[Value]:
    """Every value of `by` with `MIN_SAMPLES` closed deals on both sides, against the rest.
    `won` and `closed` are booleans per deal; `by` the attribute's value (NaN: not recorded)."""
    labels = by.astype("object").where(by.notna(), "(not recorded)").astype(str)
    total_closed, total_won = int(closed.sum()), int((won & closed).sum())
    out = []
    for value in sorted(labels[closed].unique()):
        mask = closed & (labels == value)
        n, k = int(mask.sum()), int((won & mask).sum())
        if n < MIN_SAMPLES or total_closed - n < MIN_SAMPLES:
            continue
        rest_n, rest_k = total_closed - n, total_won - k
        _, p = proportions_ztest([k, rest_k], [n, rest_n])
        low, high = confint_proportions_2indep(k, n, rest_k, rest_n, method="newcomb")
        p = 1.0 if np.isnan(p) else float(p)
        out.append(Value(attribute, value, n, k, k / n, rest_k / rest_n, p, low, high))
    return out


def quartile_bins(x: pd.Series, closed: pd.Series) -> pd.Series:
    """Bins 1-4 at the quartiles of the closed deals' values (linear interpolation, as DuckDB's
    quantile_cont), a value at a cut point falling in the lower bin."""
    q1, q2, q3 = np.quantile(x[closed & x.notna()].astype(float), [0.25, 0.5, 0.75])
    bins = np.select([x <= q1, x <= q2, x <= q3], ["1", "2", "3"], "4")
    return pd.Series(np.where(x.isna(), None, bins), index=x.index)
