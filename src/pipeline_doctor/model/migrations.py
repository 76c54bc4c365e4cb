"""Forward migrations between schema versions.

Each step takes a store at version N to N+1 using the store's own SQL (identifiers quoted,
no user values). Version 1 was the first released layout: it had no `imports` table and no
`deals.pipeline` column (every deal implicitly sat in one pipeline). Version 2 did not record
an import's source time zone (`imports.source_timezone`) nor a converted deal's original amount
and currency (`deals.original_amount`, `deals.original_currency`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}
"""MIGRATIONS[n] migrates a version-n store to version n+1."""
