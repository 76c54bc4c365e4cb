"""Forward migrations between schema versions.

Each step takes a store at version N to N+1 using the store's own SQL (identifiers quoted,
no user values). Version 1 was the first released layout: it had no `imports` table and no
`deals.pipeline` column (every deal implicitly sat in one pipeline).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline_doctor.store.store import Store

Migration = Callable[["Store"], None]


def _v1_to_v2(store: Store) -> None:
    store.execute("ALTER TABLE deals ADD COLUMN pipeline VARCHAR DEFAULT 'default'")
    store.execute("UPDATE deals SET pipeline = 'default' WHERE pipeline IS NULL")
    store.create_missing_tables()


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}
"""MIGRATIONS[n] migrates a version-n store to version n+1."""
