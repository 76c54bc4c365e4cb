"""Assertions shared by the real-data acceptance tests: what the diagnosis says separates won
from lost deals, against the independent pandas computation of tests/realdata/reference.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline_doctor.checks import Finding
from pipeline_doctor.diagnosis import Diagnosis
from tests.realdata.reference import Value, quartile_bins, values

Attributes = dict[str, pd.Series]
"""The diagnosis's attribute name (as in a finding's scope key) -> the file's column."""


def driver_findings(dx: Diagnosis) -> dict[str, Finding]:
    """Driver findings by the attribute they are about."""
    found = {}
    for f in dx.findings:
        if f.kind == "driver" and f.scope.key:
            found[f.scope.key.partition("=")[0]] = f
    return found


def _numeric(column: pd.Series) -> pd.Series | None:
    """The column as numbers when it is a number with many values (as the diagnosis decides)."""
    numbers = pd.to_numeric(column, errors="coerce")
    present = column.notna() & (column.astype(str) != "")
    if numbers.nunique() > 12 and numbers[present].notna().mean() >= 0.95:
        return numbers
    return None


def strongest(won: pd.Series, closed: pd.Series, attributes: Attributes, top: int) -> list[Value]:
    """Per attribute its strongest clear contrast (the most wins gained or lost), the `top`
    attributes with one beyond doubt."""
    best: list[Value] = []
    for name, column in sorted(attributes.items()):
        numbers = _numeric(column)
        by = quartile_bins(numbers, closed) if numbers is not None else column
        strong = [v for v in values(won, closed, name, by) if v.strong]
        if not strong:
            continue
        head = max(strong, key=lambda v: v.closed * abs(v.gap))
        # two columns that split the deals the same way are one driver (reported once)
        if not any((b.closed, b.won, b.rest) == (head.closed, head.won, head.rest) for b in best):
            best.append(head)
    return sorted(best, key=lambda v: -v.closed * abs(v.gap))[:top]


def assert_rows_match_pandas(
    finding: Finding, won: pd.Series, closed: pd.Series, column: pd.Series
) -> None:
    """Every value of the finding's win-rate table equals pandas: closed deals, wins, rate."""
    (table,) = [b for b in finding.breakdowns if b.name == "win_rate_by_value"]
    assert table.rows
    for row in table.rows:
        if "lo" in row:
            x = pd.to_numeric(column, errors="coerce")
            inside = (x >= float(row["lo"])) & (x <= float(row["hi"]))  # type: ignore[arg-type]
        elif row["value"] == "(not recorded)":
            inside = column.isna() | (column.astype(str) == "")
        else:
            inside = column.astype(str) == str(row["value"])
        n = int((inside & closed).sum())
        k = int((inside & closed & won).sum())
        assert (row["deals"], row["won"]) == (n, k), (finding.id, row)
        if n:
            assert row["win_rate"] == pytest.approx(k / n), (finding.id, row)


def assert_drivers_follow_the_data(
    dx: Diagnosis, won: pd.Series, closed: pd.Series, attributes: Attributes, top: int = 3
) -> list[Value]:
    """The strongest pandas drivers are findings with the same rates, and no driver finding
    about a known attribute says anything pandas does not."""
    found = driver_findings(dx)
    expected = strongest(won, closed, attributes, top)
    assert expected, "the data should have at least one strong driver"
    for v in expected:
        assert v.attribute in found, (v, sorted(found))
    for name, finding in found.items():
        if name in attributes:
            assert_rows_match_pandas(finding, won, closed, attributes[name])
            head = _head_rate(finding)
            assert finding.metric.value == pytest.approx(head)
    return expected


def _head_rate(finding: Finding) -> float:
    """The rate its table gives the value the finding leads with (checked against pandas
    row by row above)."""
    (table,) = [b for b in finding.breakdowns if b.name == "win_rate_by_value"]
    head = finding.scope.key.partition("=")[2] if finding.scope.key else ""
    rows = [r for r in table.rows if _label(r) == head or str(r["value"]) == head]
    assert rows, (finding.id, [r["value"] for r in table.rows])
    return float(np.asarray(rows[0]["win_rate"]))


def _label(row: dict[str, object]) -> str:
    return str(row["value"])
