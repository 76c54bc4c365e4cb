"""The shared statistics: properties, and equality with statsmodels (Wilson, Newcombe, the
z-test, Benjamini–Hochberg)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline_doctor.stats import (
    benjamini_hochberg,
    difference,
    prior_strength,
    quantile,
    shrink,
    wilson,
)


@given(st.integers(0, 500), st.integers(1, 500))
def test_wilson_interval_contains_the_rate(k: int, extra: int) -> None:
    n = k + extra
    r = wilson(k, n)
    assert 0.0 <= r.low <= r.value <= r.high <= 1.0


def test_wilson_matches_a_known_value() -> None:
    r = wilson(5, 10)  # textbook: 0.2366 .. 0.7634
    assert abs(r.low - 0.2366) < 1e-3
    assert abs(r.high - 0.7634) < 1e-3


@given(st.integers(0, 200), st.integers(1, 200), st.floats(0.01, 0.99), st.floats(1, 500))
def test_shrunk_rate_lies_between_raw_and_prior(k: int, extra: int, prior: float, s: float) -> None:
    n = k + extra
    out = shrink(k, n, prior, s)
    lo, hi = sorted((k / n, prior))
    assert lo - 1e-12 <= out.value <= hi + 1e-12


def test_prior_strength_is_weak_when_groups_truly_differ() -> None:
    same = prior_strength([50, 52, 49, 51], [100, 100, 100, 100])
    differ = prior_strength([10, 90, 20, 80], [100, 100, 100, 100])
    assert differ < same


def test_quantile_interpolates() -> None:
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert quantile([], 0.5) is None


def test_database_wilson_upper_matches_python_and_survives_more_answers_than_asks() -> None:
    import ibis
    import pyarrow as pa

    from pipeline_doctor.checks.followup import wilson_upper

    t = ibis.memtable(pa.table({"k": [0.0, 3.0, 10.0, 14.0], "n": [10.0] * 4}))
    con = ibis.duckdb.connect()
    got = con.to_pyarrow(t.select(u=wilson_upper(t.k, t.n))).column("u").to_pylist()
    # more answers than asks (14 of 10) is clamped to a rate of 1, never a database error
    want = [wilson(min(k, 10), 10).high for k in (0, 3, 10, 14)]
    assert all(abs(g - w) < 1e-9 for g, w in zip(got, want, strict=True)), (got, want)


# -- against statsmodels, an independent implementation (a dev dependency only) ------------------
statsmodels_proportion = pytest.importorskip("statsmodels.stats.proportion")
statsmodels_multitest = pytest.importorskip("statsmodels.stats.multitest")


@given(st.integers(0, 300), st.integers(1, 300))
def test_wilson_equals_statsmodels(k: int, extra: int) -> None:
    n = k + extra
    low, high = statsmodels_proportion.proportion_confint(k, n, alpha=0.05, method="wilson")
    r = wilson(k, n)
    assert r.low == pytest.approx(low, abs=1e-9)
    assert r.high == pytest.approx(high, abs=1e-9)


@given(st.integers(0, 200), st.integers(1, 200), st.integers(0, 200), st.integers(1, 200))
def test_newcombe_difference_equals_statsmodels(k1: int, e1: int, k2: int, e2: int) -> None:
    n1, n2 = k1 + e1, k2 + e2
    low, high = statsmodels_proportion.confint_proportions_2indep(
        k1, n1, k2, n2, method="newcomb", compare="diff", alpha=0.05
    )
    d = difference(wilson(k1, n1), wilson(k2, n2))
    assert d.value == pytest.approx(k1 / n1 - k2 / n2)
    assert d.low == pytest.approx(low, abs=1e-9)
    assert d.high == pytest.approx(high, abs=1e-9)


@given(st.integers(1, 200), st.integers(1, 200), st.integers(1, 200), st.integers(1, 200))
def test_z_test_p_value_equals_statsmodels(k1: int, e1: int, k2: int, e2: int) -> None:
    n1, n2 = k1 + e1, k2 + e2
    _, p = statsmodels_proportion.proportions_ztest([k1, k2], [n1, n2])
    assert difference(wilson(k1, n1), wilson(k2, n2)).p == pytest.approx(p, rel=1e-6, abs=1e-12)


@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
def test_benjamini_hochberg_equals_statsmodels(pvalues: list[float]) -> None:
    _, expected, _, _ = statsmodels_multitest.multipletests(pvalues, method="fdr_bh")
    assert benjamini_hochberg(pvalues) == pytest.approx(list(expected), abs=1e-12)


def test_the_median_interval_covers_the_true_median_95_percent_of_the_time() -> None:
    import numpy as np

    from pipeline_doctor.stats import median_interval

    rng = np.random.default_rng(7)
    for n in (12, 60, 400):
        covered = 0
        for _ in range(2000):
            interval = median_interval(list(rng.exponential(10.0, n)))
            assert interval is not None
            covered += interval[0] <= 10.0 * np.log(2) <= interval[1]
        assert 0.93 <= covered / 2000 <= 0.99, (n, covered / 2000)
    assert median_interval([1.0, 2.0, 3.0]) is None  # too few for a 95% interval
