"""Dates outside the calendar Python can show are bad dates, not a crash later on."""

from __future__ import annotations

import pyarrow as pa
import pytest

from pipeline_doctor.importers.core.dates import parse_timestamp


@pytest.mark.parametrize(
    "cells",
    [["0000-01-01", "2024-01-01 10:00:00"], ["0000-01-01 10:00", "03/31/2024"]],
    ids=["plain ISO", "mixed formats"],
)
def test_year_zero_is_a_bad_date(cells: list[str]) -> None:
    parsed = parse_timestamp(pa.array(cells), "mdy")
    assert parsed.bad.to_pylist() == [True, False]
    assert parsed.values[0].as_py() is None
    assert parsed.values[1].as_py().year == 2024
