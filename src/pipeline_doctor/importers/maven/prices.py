"""Maven's open opportunities carry no value (close_value is set when a deal closes): value
them at their product's list price from products.csv, marked as estimated."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from pipeline_doctor.importers.core.csvparse import RawFile

OPEN_STAGES = ("Engaging", "Prospecting")
ESTIMATE, ESTIMATED = "list_price_estimate", "amount_estimated"
"""The columns added to sales_pipeline.csv (the mapping reads them)."""


def _key(product: str) -> str:
    """Products are named "GTXPro" in the pipeline and "GTX Pro" in products.csv."""
    return "".join(product.split()).lower()


def list_prices(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {_key(r["product"]): r["sales_price"] for r in csv.DictReader(handle)}


def estimate_open_values(folder: Path) -> Callable[[RawFile], RawFile]:
    """A prepare step adding each open deal's list price (and whether the amount is an
    estimate) to sales_pipeline.csv; other files, or a folder without products.csv, pass."""
    path = folder / "products.csv"
    prices = list_prices(path) if path.is_file() else {}

    def prepare(raw: RawFile) -> RawFile:
        if raw.name != "sales_pipeline.csv" or not prices:
            return raw
        products = raw.table.column("product").to_pylist()
        stages = raw.table.column("deal_stage").to_pylist()
        values = raw.table.column("close_value").to_pylist()
        estimate: list[str | None] = []
        flag: list[str | None] = []
        for product, stage, value in zip(products, stages, values, strict=True):
            guess = prices.get(_key(product)) if product else None
            if value is None and stage in OPEN_STAGES and guess is not None:
                estimate.append(guess)
                flag.append("true")
            else:
                estimate.append(None)
                flag.append("false" if value is not None else None)
        table = raw.table.append_column(ESTIMATE, pa.array(estimate, pa.string()))
        raw.table = table.append_column(ESTIMATED, pa.array(flag, pa.string()))
        return raw

    return prepare
