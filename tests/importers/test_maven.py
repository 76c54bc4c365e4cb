"""The Maven CRM data set end to end, checked against pandas reading the files itself."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline_doctor.importers.maven.read import import_maven
from pipeline_doctor.store import Store


@pytest.fixture
def imported(maven_dir: Path, store: Store) -> tuple[Store, Path]:
    import_maven(store, maven_dir)
    return store, maven_dir


def test_every_opportunity_is_loaded_and_nothing_is_invented(maven_dir: Path, store: Store) -> None:
    result = import_maven(store, maven_dir)
    files = {n: len(pd.read_csv(maven_dir / n)) for n in result.rows_by_file}
    assert result.rows_by_file == files
    assert result.rows_read == sum(files.values()) == result.rows_loaded + result.rows_rejected
    assert (result.rows_rejected, result.rejected_by_reason, store.count("rejects")) == (0, {}, 0)
    pipeline = pd.read_csv(maven_dir / "sales_pipeline.csv")
    assert pipeline.deal_stage.value_counts().to_dict() == {
        "Won": 4238,
        "Lost": 2473,
        "Engaging": 1589,
        "Prospecting": 500,
    }
    deals = store.table("deals").to_pyarrow().to_pandas().set_index("id")
    assert len(deals) == len(pipeline) == 8800
    stages = deals.stage.value_counts().to_dict()
    assert stages == pipeline.deal_stage.value_counts().to_dict()
    # Prospecting deals never engaged: their start is not recorded (null), not invented
    no_start = set(deals.index[deals.created_at.isna()])
    assert no_start == set(pipeline.opportunity_id[pipeline.engage_date.isna()])
    assert no_start == set(pipeline.opportunity_id[pipeline.deal_stage == "Prospecting"])
    assert len(no_start) == 500
    # the data set has no lead source: the column is absent, and empty
    assert deals.source.isna().all()
    provided = store.provided_columns()
    assert "source" not in provided["deals"]
    assert {"created_at", "closed_at", "amount", "stage", "product"} <= provided["deals"]
    assert {"budget", "authority", "need", "timing"}.isdisjoint(provided["deals"])
    assert "extra.year_established" in provided["accounts"]
    assert store.constant_columns()["deals"] == {"pipeline", "currency"}


def test_spot_values_match_pandas(imported: tuple[Store, Path]) -> None:
    store, folder = imported
    pipeline = pd.read_csv(folder / "sales_pipeline.csv").set_index("opportunity_id")
    deals = store.table("deals").to_pyarrow().to_pandas().set_index("id")
    prospecting = pipeline.index[pipeline.deal_stage == "Prospecting"][0]
    for deal_id in ["1C1I7A6R", "Z063OYW0", deals.index[4000], deals.index[-1], prospecting]:
        row, mine = pipeline.loc[deal_id], deals.loc[deal_id]
        assert mine.rep == row.sales_agent
        assert mine.stage == row.deal_stage
        if pd.isna(row.engage_date):
            assert pd.isna(mine.created_at)
        else:
            assert str(mine.created_at.date()) == row.engage_date
        assert (None if pd.isna(row.account) else row.account) == (
            None if pd.isna(mine.account) else mine.account
        )
        if not pd.isna(row.close_value):
            assert mine.amount == pytest.approx(row.close_value)
    assert deals.loc["Z063OYW0"]["product"] == "GTX Pro"  # "GTXPro" in the file
    accounts = store.table("accounts").to_pyarrow().to_pandas().set_index("id")
    assert accounts.loc["Acme Corporation"].industry == "technology"  # "technolgy"
    assert accounts.loc["Acme Corporation"].annual_revenue == pytest.approx(1100.04e6)
    reps = store.table("reps").to_pyarrow().to_pandas().set_index("id")
    assert reps.loc["Moses Frase"].manager == "Dustin Brinkmann"
    assert reps.loc["Dustin Brinkmann"].role == "manager"
    open_without_account = deals[(deals.outcome == "open") & deals.account.isna()]
    assert len(open_without_account) > 0


def test_per_agent_win_rates_match_pandas(imported: tuple[Store, Path]) -> None:
    store, folder = imported
    pipeline = pd.read_csv(folder / "sales_pipeline.csv")
    closed = pipeline[pipeline.deal_stage.isin(["Won", "Lost"])]
    expected = closed.groupby("sales_agent").deal_stage.apply(lambda s: (s == "Won").mean())
    deals = store.table("deals")
    done = deals.filter(deals.outcome.isin(["won", "lost"]))
    rates = (
        done.group_by("rep")
        .aggregate(rate=(done.outcome == "won").cast("float64").mean())
        .to_pyarrow()
        .to_pandas()
        .set_index("rep")
        .rate
    )
    assert len(expected) == 30
    pd.testing.assert_series_equal(
        rates.sort_index(), expected.sort_index(), check_names=False, check_index_type=False
    )


def test_reimport_changes_nothing(imported: tuple[Store, Path]) -> None:
    store, folder = imported
    tables = ("reps", "accounts", "deals", "rejects", "provided_columns")
    before = {t: store.table(t).to_pyarrow().to_pandas() for t in tables}
    counts = store.counts()
    import_maven(store, folder)
    assert store.counts() == counts
    for name, frame in before.items():
        after = store.table(name).to_pyarrow().to_pandas()
        key = next(
            k for k in (["id"], ["file", "line"], ["table_name", "column_name"]) if k[0] in frame
        )
        pd.testing.assert_frame_equal(
            frame.sort_values(key).reset_index(drop=True),
            after.sort_values(key).reset_index(drop=True),
        )
