"""Properties of the shared statistics (Wilson intervals, empirical-Bayes shrinkage)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline_doctor.stats import prior_strength, quantile, shrink, wilson


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
