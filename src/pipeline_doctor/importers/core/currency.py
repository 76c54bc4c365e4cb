"""Deal amounts in several currencies: convert them with a rate table, or say they are mixed.

A rate table is a small CSV (comma or semicolon separated, header required):

    currency,rate,date      # date is optional
    EUR,1
    USD,0.92                # 1 USD = 0.92 EUR: units of the base currency per unit
    USD,0.95,2025-01-01     # from this date on

The base currency is `--base-currency` (`base_currency` in a mapping), else the one currency
whose rate is 1. With dates, a closed deal takes the rate in force on its close date and an open
deal the latest rate; a deal dated before a currency's first rate takes that first rate, and a
line with no date counts as the earliest. Only `deals.amount` has a currency in the model, so it
is the one amount converted (quotas and account revenue are taken to be in the base currency).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline_doctor.errors import PipelineDoctorError

if TYPE_CHECKING:
    from pipeline_doctor.importers.core.build import Candidate

NO_RATE = "currency_no_rate"
"""Reject reason (a warning: the row is loaded) for a currency the rate table lacks."""
COLUMNS = ("currency", "rate", "date")
_CLOSED = ("won", "lost")


@dataclass(frozen=True)
class Rate:
    """One line of a rate table: `rate` units of the base currency per unit of `currency`,
    from `since` on (None: from the beginning)."""

    currency: str
    rate: float
    since: date | None
    line: int


@dataclass(frozen=True)
class RateTable:
    """The rates of one file, and the base currency they convert to."""

    base: str
    file: str
    rates: tuple[Rate, ...]


def _code(text: str, where: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise PipelineDoctorError(
            f"{where}: {text.strip()!r} is not a currency code (three letters such as EUR)."
        )
    return code


def _rate(text: str, decimal: str, where: str) -> float:
    cleaned = text.strip().replace(decimal, ".") if decimal == "," else text.strip()
    try:
        value = float(cleaned)
    except ValueError:
        raise PipelineDoctorError(f"{where}: {text.strip()!r} is not a number.") from None
    if not np.isfinite(value) or value <= 0:
        raise PipelineDoctorError(f"{where}: the rate must be a number above 0, not {text!r}.")
    return value


def _since(text: str, where: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PipelineDoctorError(
            f"{where}: {text.strip()!r} is not a date written as 2025-01-31."
        ) from None


def _base(rates: list[Rate], name: str, base_currency: str | None) -> str:
    if base_currency is not None:
        base = _code(base_currency, "the base currency")
        for r in rates:
            if r.currency == base and r.rate != 1:
                raise PipelineDoctorError(
                    f"{name} line {r.line}, column 'rate': the base currency {base} must have "
                    f"rate 1, not {r.rate:g}."
                )
        return base
    ones = sorted(
        {r.currency for r in rates if r.rate == 1} - {r.currency for r in rates if r.rate != 1}
    )
    if len(ones) != 1:
        found = f" ({', '.join(ones)} all do)" if ones else ""
        raise PipelineDoctorError(
            f"{name} does not say which currency its rates convert to: no single currency has "
            f"rate 1{found}; give --base-currency (base_currency in a mapping) or a line such "
            "as EUR,1."
        )
    return ones[0]


def parse_rates(text: str, name: str, base_currency: str | None = None) -> RateTable:
    """Read a rate table; errors name the file, line and column."""
    lines = text.splitlines()
    head = lines[0] if lines else ""
    delimiter = ";" if head.count(";") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    for needed in COLUMNS[:2]:
        if needed not in header:
            raise PipelineDoctorError(
                f"{name} line 1: no column {needed!r}; a rate table's header is currency,rate "
                f"(and optionally date), found {','.join(header) or 'nothing'}."
            )
    index = {c: header.index(c) for c in COLUMNS if c in header}
    rates: list[Rate] = []
    seen: dict[tuple[str, date | None], int] = {}
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: row[i] if i < len(row) else "" for c, i in index.items()}
        at = f"{name} line {number}, column"
        rate = Rate(
            _code(cells["currency"], f"{at} 'currency'"),
            _rate(cells["rate"], "," if delimiter == ";" else ".", f"{at} 'rate'"),
            _since(cells.get("date", ""), f"{at} 'date'"),
            number,
        )
        key = (rate.currency, rate.since)
        if key in seen:
            when = f" on {rate.since}" if rate.since else ""
            raise PipelineDoctorError(
                f"{name} line {number}: a second rate for {rate.currency}{when} "
                f"(the first is on line {seen[key]})."
            )
        seen[key] = number
        rates.append(rate)
    if not rates:
        raise PipelineDoctorError(f"{name} has no rates below its header.")
    return RateTable(_base(rates, name, base_currency), name, tuple(rates))


def load_rates(path: Path, base_currency: str | None = None) -> RateTable:
    """Read a rate table file (UTF-8, a byte-order mark allowed)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PipelineDoctorError(f"Cannot read the rate table {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise PipelineDoctorError(f"The rate table {path} is not UTF-8 text.") from None
    return parse_rates(text, path.name, base_currency)


def normalise_codes(currency: pa.Array) -> pa.Array:
    """Currency cells as upper-case codes (null stays null)."""
    return pc.utf8_upper(pc.utf8_trim_whitespace(currency))


def rates_for(codes: pa.Array, when: pa.Array, table: RateTable) -> np.ndarray:
    """The rate per row (NaN where the table has none); `when` (date32, null for the latest
    rate) matters only for a dated table. The base currency's rate is 1."""
    code_list = np.array(codes.to_pylist(), dtype=object)
    out = np.full(len(code_list), np.nan)
    out[code_list == table.base] = 1.0
    day = pc.cast(when, pa.date32()).cast(pa.int32())
    days = pc.fill_null(day, 0).to_numpy(zero_copy_only=False)
    latest = pc.is_null(day).to_numpy(zero_copy_only=False)
    for currency in {r.currency for r in table.rates}:
        mine = code_list == currency
        if not mine.any():
            continue
        lines = sorted((r for r in table.rates if r.currency == currency), key=_start)
        starts = np.array([_start(r) for r in lines])
        values = np.array([r.rate for r in lines])
        at = np.clip(np.searchsorted(starts, days[mine], side="right") - 1, 0, None)
        out[mine] = values[np.where(latest[mine], len(lines) - 1, at)]
    return out


def _start(rate: Rate) -> int:
    """The first day a rate holds, in days since 1970 (a line with no date: the earliest)."""
    if rate.since is None:
        return -(2**40)
    return rate.since.toordinal() - date(1970, 1, 1).toordinal()


def reference_dates(data: pa.Table) -> pa.Array:
    """The day whose rate applies to each deal: the close date (else expected close, else
    creation) for closed deals; null (the latest rate) for open ones."""
    rows = data.num_rows
    nothing = pa.nulls(rows, pa.date32())

    def day(name: str) -> pa.Array:
        if name not in data.column_names:
            return nothing
        return pc.cast(data.column(name).combine_chunks(), pa.date32())

    closed = pc.fill_null(pc.is_in(data.column("outcome"), value_set=pa.array(_CLOSED)), False)
    when = pc.coalesce(day("closed_at"), day("expected_close"), day("created_at"))
    return pc.if_else(closed, when, nothing)


def _column(data: pa.Table, name: str, type_: pa.DataType) -> pa.Array:
    if name in data.column_names:
        return data.column(name).combine_chunks()
    return pa.nulls(data.num_rows, type_)


def _set(data: pa.Table, name: str, values: pa.Array) -> pa.Table:
    if name in data.column_names:
        return data.set_column(data.column_names.index(name), name, values)
    return data.append_column(name, values)


def mixed_currency_note(codes: list[str]) -> list[str]:
    """Without a rate table: a note when the deals' amounts are in several currencies."""
    found = sorted(codes)
    if len(found) < 2:
        return []
    return [
        f"amounts kept in {len(found)} currencies ({', '.join(found)}); totals and money "
        "at stake add them as if they were one currency; give --rates to convert"
    ]


def settle_deal_amounts(
    cand: Candidate, table: RateTable | None, source_columns: Mapping[str, str | None]
) -> list[str]:
    """Convert the deals' amounts to the base currency (keeping the original amount and
    currency), with a warning reject per deal whose currency has no rate; without a table,
    say when the amounts are in several currencies. Returns notes for the import summary.
    `source_columns` names the currency column of each deals file (for the rejects)."""
    data = cand.data
    if "currency" not in data.column_names:
        if table is None:
            return []
        return [f"the deals have no currency column, so the rates in {table.file} were not used"]
    codes = normalise_codes(data.column("currency").combine_chunks())
    usable = pa.array(cand.ok)
    if table is None:
        return mixed_currency_note(pc.unique(pc.drop_null(pc.filter(codes, usable))).to_pylist())
    rate = rates_for(codes, reference_dates(data), table)
    has_code = pc.is_valid(codes).to_numpy(zero_copy_only=False)
    missing = has_code & np.isnan(rate) & cand.ok
    raw = codes.to_pylist()
    for row in np.flatnonzero(missing):
        column = source_columns.get(str(cand.files[row])) or "currency"
        cand.reject(
            int(row),
            column,
            raw[row],
            NO_RATE,
            f"deals.currency: {table.file} has no rate for {raw[row]}; the amount is kept "
            f"in {raw[row]}",
        )
    converted = ~np.isnan(rate)
    changed = converted & (np.array(raw, dtype=object) != table.base)
    amount = _column(data, "amount", pa.float64())
    mask = pa.array(changed)
    done = pa.array(converted)
    new_amount = pc.if_else(done, pc.multiply(amount, pa.array(rate)), amount)
    data = _set(data, "amount", new_amount)
    currency = data.column("currency").combine_chunks()
    data = _set(data, "currency", pc.if_else(done, pa.scalar(table.base), currency))
    original_amount = _column(data, "original_amount", pa.float64())
    original_currency = _column(data, "original_currency", pa.string())
    data = _set(data, "original_amount", pc.if_else(mask, amount, original_amount))
    data = _set(data, "original_currency", pc.if_else(mask, codes, original_currency))
    cand.data = data
    notes = []
    sources = sorted({raw[i] for i in np.flatnonzero(changed & cand.ok)})
    if sources:
        notes.append(
            f"amounts converted to {table.base} with the rates in {table.file} "
            f"(from {', '.join(sources)}); the original amount and currency are kept"
        )
    lacking = sorted({raw[i] for i in np.flatnonzero(missing)})
    if lacking:
        notes.append(
            f"{table.file} has no rate for {', '.join(lacking)}: those deals keep their own "
            f"currency (warnings {NO_RATE}), so totals mix currencies"
        )
    blank = int((~has_code & cand.ok & pc.is_valid(amount).to_numpy(zero_copy_only=False)).sum())
    if blank:
        notes.append(f"{blank:,} deals name no currency, so their amounts were not converted")
    return notes
