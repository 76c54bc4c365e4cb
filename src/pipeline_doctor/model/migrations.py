"""Forward migrations between schema versions.

Each step takes a store at version N to N+1 using the store's own SQL (identifiers quoted,
no user values). Version 1 was the first released layout: it had no `imports` table and no
`deals.pipeline` column (every deal implicitly sat in one pipeline). Version 2 did not record
an import's source time zone (`imports.source_timezone`) nor a converted deal's original amount
and currency (`deals.original_amount`, `deals.original_currency`). Version 3 required columns
real exports lack (its importers filled them with invented defaults), had no `deals.extra`,
and did not record which columns each import provided (`provided_columns`). Version 4 could
not say that a deal's amount was estimated by the import (`deals.amount_estimated`). Version 5
had no analyses of email bodies and call transcripts (`email_analyses`, `call_analyses`): the
migration creates them empty, and the first diagnosis fills them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline_doctor.store.provided import backfill_provided
from pipeline_doctor.store.store import quote

if TYPE_CHECKING:
    from pipeline_doctor.store.store import Store

Migration = Callable[["Store"], None]


def _v1_to_v2(store: Store) -> None:
    store.execute("ALTER TABLE deals ADD COLUMN pipeline VARCHAR DEFAULT 'default'")
    store.execute("UPDATE deals SET pipeline = 'default' WHERE pipeline IS NULL")
    store.create_missing_tables()


def _v2_to_v3(store: Store) -> None:
    # IF NOT EXISTS: a v1 store got its `imports` table from the current model in _v1_to_v2
    for table, column, type_ in (
        ("imports", "source_timezone", "VARCHAR"),
        ("deals", "original_amount", "DOUBLE PRECISION"),
        ("deals", "original_currency", "VARCHAR"),
    ):
        store.execute(
            f"ALTER TABLE {quote(table)} ADD COLUMN IF NOT EXISTS {quote(column)} {type_}"
        )


OPTIONAL_SINCE_V4 = {
    "deals": ("source", "created_at", "stage", "budget", "authority", "need", "timing"),
    "leads": ("source",),
    "contacts": ("buying_role",),
}
"""Columns version 3 required and version 4 leaves optional."""


def _v3_to_v4(store: Store) -> None:
    store.execute(f"ALTER TABLE {quote('deals')} ADD COLUMN IF NOT EXISTS {quote('extra')} VARCHAR")
    for table, columns in OPTIONAL_SINCE_V4.items():
        for column in columns:
            store.execute(f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} DROP NOT NULL")
    store.create_missing_tables()  # provided_columns (a v1 store got it in _v1_to_v2)
    backfill_provided(store)


def _v4_to_v5(store: Store) -> None:
    deals, column = quote("deals"), quote("amount_estimated")
    store.execute(f"ALTER TABLE {deals} ADD COLUMN IF NOT EXISTS {column} BOOLEAN")


def _v5_to_v6(store: Store) -> None:
    store.create_missing_tables()


MIGRATIONS: dict[int, Migration] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
}
"""MIGRATIONS[n] migrates a version-n store to version n+1."""
