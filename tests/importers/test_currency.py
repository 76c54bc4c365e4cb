"""Deal amounts in several currencies: converted with a rate table (--rates, or `rates` in a
mapping), kept and flagged where a rate is missing, and named in a note when no table is given."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from pipeline_doctor.cli import import_cmd
from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import streaming
from pipeline_doctor.importers.core.currency import NO_RATE, parse_rates
from pipeline_doctor.importers.core.mapping import Mapping, given_options, load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store
from tests.importers.conftest import write
from tests.importers.test_hubspot_pipedrive import PIPEDRIVE_DEALS
from tests.importers.test_salesforce import ORG

runner = CliRunner(env={"COLUMNS": "250"})

MAPPING = """
source = "csv"
{options}
[[table]]
name = "reps"
file = "deals.csv"
derived = true
[table.columns]
id = "Owner"
name = "Owner"

[[table]]
name = "deals"
file = "deals.csv"
[table.columns]
id = "Deal Id"
rep = "Owner"
stage = "Stage"
created_at = "Created"
closed_at = "Closed"
amount = "Amount"
currency = "Currency"
outcome = {{ column = "Stage", values = {{ Won = "won", Lost = "lost", Open = "open" }} }}
"""
DEALS = (
    "Deal Id,Owner,Stage,Created,Closed,Amount,Currency\n"
    "D1,Ann,Won,2024-11-02,2024-12-20,1000,USD\n"
    "D2,Ann,Lost,2024-11-05,2025-02-03,200,gbp\n"
    "D3,Bob,Open,2025-01-10,,500,EUR\n"
    "D4,Bob,Won,2024-10-01,2025-03-15,250.5,USD\n"
    "D5,Bob,Open,2025-02-01,,80,USD\n"
    "D6,Ann,Won,2024-09-01,2024-09-30,70,CHF\n"
    "D7,Ann,Open,2025-02-01,,,USD\n"
)
RATES = "currency,rate\nEUR,1\nUSD,0.92\nGBP,1.17\nCHF,1.05\n"
DATED_RATES = (
    "Currency;Rate;Date\n"
    "USD;0,90;\n"  # no date: from the beginning
    "USD;0,93;2025-01-01\n"
    "USD;0,95;2025-03-01\n"
    "GBP;1,20;2024-01-01\n"
    "GBP;1,15;2025-02-01\n"
    "EUR;1;\n"
)


def make_app() -> typer.Typer:
    app = typer.Typer()
    import_cmd.register(app)
    return app


def _files(tmp_path: Path, options: str = "", rates: str | None = RATES) -> tuple[Path, Path]:
    deals = write(tmp_path / "deals.csv", DEALS)
    mapping = write(tmp_path / "mapping.toml", MAPPING.format(options=options))
    if rates is not None:
        write(tmp_path / "rates.csv", rates)
    return deals, mapping


def _deals(store: Store) -> pd.DataFrame:
    return store.table("deals").to_pyarrow().to_pandas().set_index("id").sort_index()


def _source() -> pd.DataFrame:
    frame = pd.read_csv(pd.io.common.StringIO(DEALS), dtype={"Amount": float})
    frame["Currency"] = frame.Currency.str.upper()
    return frame.set_index("Deal Id").sort_index()


def test_mapping_rates_convert_amounts_like_pandas(tmp_path: Path, store: Store) -> None:
    deals, mapping = _files(tmp_path, '[options]\nrates = "rates.csv"')
    result = import_csv(store, [deals], load_mapping(mapping))
    got = _deals(store)
    src = _source()
    rates = pd.read_csv(tmp_path / "rates.csv").set_index("currency").rate
    expected = src.Amount * src.Currency.map(rates)
    pd.testing.assert_series_equal(got.amount, expected, check_names=False)
    assert set(got.currency) == {"EUR"}
    converted = src.Currency != "EUR"
    pd.testing.assert_series_equal(
        got.original_amount[converted], src.Amount[converted], check_names=False
    )
    assert list(got.original_currency[converted]) == list(src.Currency[converted])
    assert got.original_amount[~converted].isna().all()
    assert got.original_currency[~converted].isna().all()
    assert result.warnings_by_reason == {}
    assert any("converted to EUR" in n and "CHF, GBP, USD" in n for n in result.notes)


def test_dated_rates_follow_the_close_date_like_merge_asof(tmp_path: Path) -> None:
    deals, mapping = _files(tmp_path, rates=DATED_RATES)
    db = tmp_path / "dated.duckdb"
    args = ["import", "csv", str(deals), "--mapping", str(mapping), "--db", str(db)]
    result = runner.invoke(
        make_app(), [*args, "--rates", str(tmp_path / "rates.csv"), "--base-currency", "EUR"]
    )
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        got = _deals(store)
    # independent: the latest rate on or before the close date, the earliest before any
    # dated rate, the newest for open deals
    table = pd.read_csv(tmp_path / "rates.csv", sep=";", decimal=",")
    table["Date"] = pd.to_datetime(table.Date).fillna(pd.Timestamp("1900-01-01"))
    src = _source().reset_index()
    closed = pd.to_datetime(src.Closed)
    src["day"] = closed.where(src.Stage != "Open", pd.Timestamp("2262-01-01"))
    table = table.sort_values("Date")
    src = src.sort_values("day")
    joined = pd.merge_asof(
        src, table, left_on="day", right_on="Date", left_by="Currency", right_by="Currency"
    )
    first = table.groupby("Currency").Rate.first()
    joined["Rate"] = joined.Rate.fillna(joined.Currency.map(first))
    joined = joined.set_index("Deal Id").sort_index()
    has_rate = joined.Currency.isin(table.Currency)
    expected = (joined.Amount * joined.Rate)[has_rate]
    pd.testing.assert_series_equal(got.amount[has_rate], expected, check_names=False)
    assert got.loc["D1", "amount"] == pytest.approx(1000 * 0.90)  # closed before 2025
    assert got.loc["D4", "amount"] == pytest.approx(250.5 * 0.95)  # closed after March
    assert got.loc["D5", "amount"] == pytest.approx(80 * 0.95)  # open: the latest rate


def test_missing_rate_is_a_warning_and_keeps_the_currency(tmp_path: Path, store: Store) -> None:
    deals, mapping = _files(tmp_path, '[options]\nrates = "rates.csv"\nbase_currency = "EUR"')
    write(tmp_path / "rates.csv", "currency,rate\nUSD,0.92\nGBP,1.17\n")  # no CHF, no EUR line
    result = import_csv(store, [deals], load_mapping(mapping))
    assert result.rows_rejected == 0
    assert result.rows_loaded == result.rows_read == 7
    assert result.warnings_by_reason == {NO_RATE: 1}
    got = _deals(store)
    assert (got.loc["D6", "amount"], got.loc["D6", "currency"]) == (70, "CHF")
    assert pd.isna(got.loc["D6", "original_amount"])
    assert got.loc["D1", "currency"] == "EUR"
    rejects = store.table("rejects").to_pyarrow().to_pylist()
    assert [(r["line"], r["column"], r["raw_value"], r["reason"]) for r in rejects] == [
        (7, "Currency", "CHF", NO_RATE)
    ]
    assert any("no rate for CHF" in n and "mix currencies" in n for n in result.notes)


def test_without_rates_the_summary_names_the_currencies(tmp_path: Path) -> None:
    deals, mapping = _files(tmp_path, rates=None)
    db = str(tmp_path / "a.duckdb")
    args = ["import", "csv", str(deals), "--mapping", str(mapping), "--db", db]
    result = runner.invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    assert "amounts kept in 4 currencies (CHF, EUR, GBP, USD)" in result.output
    assert "add them as if they were one currency; give --rates to convert" in result.output
    with Store.open(db) as store:
        assert _deals(store).loc["D1", "amount"] == 1000  # nothing converted


def test_one_currency_needs_no_note(tmp_path: Path, store: Store) -> None:
    deals, mapping = _files(tmp_path, rates=None)
    write(deals, "\n".join(line for line in DEALS.splitlines() if "USD" in line or "Id" in line))
    result = import_csv(store, [deals], load_mapping(mapping))
    assert not any("currencies" in n for n in result.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,rate\nUSD,1\n", "rates.csv line 1: no column 'currency'"),
        ("currency,value\nUSD,1\n", "rates.csv line 1: no column 'rate'"),
        ("currency,rate\nEUR,1\nUSD,abc\n", "rates.csv line 3, column 'rate': 'abc' is not a"),
        ("currency,rate\nEUR,1\nUSD,-2\n", "rates.csv line 3, column 'rate': the rate must be"),
        ("currency,rate\nEUR,1\nDOLLAR,2\n", "rates.csv line 3, column 'currency': 'DOLLAR'"),
        ("currency,rate,date\nEUR,1,\nUSD,2,3/4/25\n", "rates.csv line 3, column 'date'"),
        ("currency,rate\nEUR,1\nUSD,2\nusd,3\n", "rates.csv line 4: a second rate for USD"),
        ("currency,rate\nUSD,0.9\nGBP,1.1\n", "rates.csv does not say which currency"),
        ("currency,rate\n", "rates.csv has no rates"),
    ],
)
def test_rate_file_errors_name_file_line_and_column(
    tmp_path: Path, text: str, message: str
) -> None:
    deals, mapping = _files(tmp_path, rates=text)
    args = ["import", "csv", str(deals), "--mapping", str(mapping)]
    args += ["--db", str(tmp_path / "x.duckdb"), "--rates", str(tmp_path / "rates.csv")]
    result = runner.invoke(make_app(), args)
    assert result.exit_code != 0
    assert isinstance(result.exception, PipelineDoctorError)
    assert message in str(result.exception)
    assert not (tmp_path / "x.duckdb").exists()  # checked before the store is opened


def test_base_currency_must_have_rate_one() -> None:
    with pytest.raises(PipelineDoctorError, match=r"line 2, column 'rate': the base currency"):
        parse_rates("currency,rate\nEUR,1.1\n", "r.csv", "eur")
    assert parse_rates("currency,rate\nUSD,0.9\n", "r.csv", "eur").base == "EUR"


def test_base_currency_alone_is_refused(tmp_path: Path) -> None:
    deals, mapping = _files(tmp_path)
    args = ["import", "csv", str(deals), "--mapping", str(mapping), "--base-currency", "EUR"]
    result = runner.invoke(make_app(), [*args, "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code != 0
    assert "--base-currency needs --rates" in str(result.exception)


def test_given_options_reach_only_mappings_made_inside(tmp_path: Path) -> None:
    rates = parse_rates(RATES, "rates.csv")
    with given_options(rates=rates, timezone=None):
        inside = Mapping("x", ())
    outside = Mapping("x", ())
    assert inside.options.rates == rates
    assert inside.options.timezone == "UTC"  # None means "not given"
    assert outside.options.rates is None


def test_salesforce_amounts_convert_through_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for name, text in ORG.items():
        write(folder / name, text, "cp1252")
    rates = write(tmp_path / "rates.csv", "currency,rate\nUSD,1\nMXN,0.05\n")  # no COP
    db = tmp_path / "sf.duckdb"
    args = ["import", str(folder), "--db", str(db), "--rates", str(rates)]
    result = runner.invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        got = _deals(store)
        reasons = store.table("rejects").reason.to_pyarrow().to_pylist()
    assert reasons.count(NO_RATE) == 1
    assert got.loc["006A0000001abcdEFG", "amount"] == pytest.approx(1500.5 * 0.05)
    assert got.loc["006A0000001abcdEFG", "original_currency"] == "MXN"
    assert (got.loc["006A0000001abceEFG", "currency"], got.loc["006A0000001abceEFG", "amount"]) == (
        "COP",
        200,
    )


def test_pipedrive_amounts_convert_through_detection(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "deals-123.csv", PIPEDRIVE_DEALS, "cp1252")
    rates = write(tmp_path / "rates.csv", "currency,rate\nUSD,1\nEUR,1.1\n")
    db = tmp_path / "p.duckdb"
    args = ["import", str(folder), "--db", str(db), "--rates", str(rates)]
    result = runner.invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    assert "converted to USD" in result.output
    with Store.open(db) as store:
        got = _deals(store)
    assert got.loc["1", "amount"] == pytest.approx(1200.5 * 1.1)
    assert set(got.currency) == {"USD"}


def test_maven_amounts_convert(maven_dir: Path, tmp_path: Path) -> None:
    rates = write(tmp_path / "rates.csv", "currency,rate\nEUR,1\nUSD,0.5\n")
    db = tmp_path / "m.duckdb"
    result = runner.invoke(make_app(), ["import", "maven", str(maven_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    db2 = tmp_path / "m2.duckdb"
    args = ["import", "maven", str(maven_dir), "--db", str(db2), "--rates", str(rates)]
    result = runner.invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    with Store.open(db) as plain, Store.open(db2) as converted:
        before, after = _deals(plain), _deals(converted)
    pd.testing.assert_series_equal(after.amount, before.amount * 0.5)
    pd.testing.assert_series_equal(after.original_amount, before.amount, check_names=False)
    assert set(after.currency) == {"EUR"}


def test_a_file_read_in_parts_converts_like_a_whole_one(tmp_path: Path) -> None:
    deals, mapping = _files(tmp_path, '[options]\nrates = "rates.csv"')
    rules = load_mapping(mapping)
    with Store.open(tmp_path / "whole.duckdb") as whole, Store.open(tmp_path / "p.duckdb") as part:
        import_csv(whole, [deals], rules)
        result = streaming.run_streamed(
            part, rules, {"deals.csv": deals}, location="x", part_bytes=64
        )
        assert result.rows_read == 7
        pd.testing.assert_frame_equal(_deals(part), _deals(whole))
