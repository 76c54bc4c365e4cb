"""History the CRM did not export: when a newer export changes a deal already in the store,
record the change (stage moves, close-date pushes, amount and outcome changes) as of the
import, so re-importing weekly exports builds the history the CRM kept no record of."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pyarrow as pa
import pyarrow.compute as pc

TRACKED = ("expected_close", "amount", "outcome")
StoredDeals = Callable[[list[str]], pa.Table]
"""stored(columns): the deals already in the store, with those columns."""


def _text(values: pa.ChunkedArray | pa.Array) -> pa.Array:
    return pc.cast(values, pa.string())


def changes(new: pa.Table, stored: pa.Table, at: datetime) -> tuple[pa.Table, pa.Table]:
    """(stage_changes, field_changes) between stored deals and the same deals in `new`."""
    tracked = [c for c in TRACKED if c in new.column_names]  # absent from the export: no news
    if "stage" not in new.column_names:  # no stages in the export: no stage moves either
        new = new.append_column("stage", pa.nulls(new.num_rows, pa.string()))
    columns = ["id", "stage", *tracked]
    old = stored.select(columns).rename_columns([f"old_{c}" if c != "id" else c for c in columns])
    joined = new.select(columns).join(old, "id", join_type="inner")
    stage_rows = joined.filter(
        pc.fill_null(pc.not_equal(joined["stage"], joined["old_stage"]), False)
    )
    stage_changes = pa.table(
        {
            "deal": stage_rows["id"],
            "at": pa.array([at] * stage_rows.num_rows, pa.timestamp("us")),
            "from_stage": stage_rows["old_stage"],
            "to_stage": stage_rows["stage"],
            "by": pa.nulls(stage_rows.num_rows, pa.string()),
        }
    )
    parts = []
    for field in tracked:
        now, before = _text(joined[field]), _text(joined[f"old_{field}"])
        one_null = pc.xor(pc.is_valid(now), pc.is_valid(before))
        differs = pc.fill_null(pc.not_equal(now, before), one_null)
        rows = pc.filter(pa.array(range(joined.num_rows)), differs)
        parts.append(
            pa.table(
                {
                    "deal": pc.take(joined["id"], rows),
                    "at": pa.array([at] * len(rows), pa.timestamp("us")),
                    "field": pa.array([field] * len(rows), pa.string()),
                    "old_value": pc.take(before, rows),
                    "new_value": pc.take(now, rows),
                }
            )
        )
    if not parts:
        empty = {
            "deal": pa.string(),
            "at": pa.timestamp("us"),
            "field": pa.string(),
            "old_value": pa.string(),
            "new_value": pa.string(),
        }
        return stage_changes, pa.table({k: pa.array([], t) for k, t in empty.items()})
    return stage_changes, pa.concat_tables(parts)
