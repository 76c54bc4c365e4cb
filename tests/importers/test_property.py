"""Random damage to a clean file: the accounting always adds up and nothing loads twice."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_doctor.importers.core.mapping import mapping_from_dict
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.store import Store

MAPPING = mapping_from_dict(
    {
        "source": "csv",
        "table": [
            {
                "name": "reps",
                "file": "d.csv",
                "derived": True,
                "columns": {"id": "owner", "name": "owner"},
            },
            {
                "name": "deals",
                "file": "d.csv",
                "columns": {
                    "id": "id",
                    "rep": "owner",
                    "stage": "stage",
                    "created_at": "created",
                    "amount": "amount",
                    "outcome": {
                        "column": "stage",
                        "values": {"Won": "won", "Lost": "lost", "*": "open"},
                    },
                },
            },
        ],
    }
)
CLEAN = ["id,owner,stage,created,amount"] + [
    f"D{i},R{i % 3},{['Won', 'Lost', 'Open'][i % 3]},2025-01-{i % 28 + 1:02d},{i * 10}"
    for i in range(30)
]
DAMAGE = st.sampled_from(
    ["garbage", "drop_comma", "add_comma", "blank", "nul", "dup", "quote", "bom", "empty_id"]
)


def damage(lines: list[str], ops: list[tuple[str, int]]) -> str:
    out = list(lines)
    for op, where in ops:
        i = 1 + where % (len(out) - 1) if len(out) > 1 else 0
        if op == "garbage":
            out[i] = out[i].replace("2025", "20x5", 1)
        elif op == "drop_comma":
            out[i] = out[i].replace(",", "", 1)
        elif op == "add_comma":
            out[i] += ","
        elif op == "blank":
            out.insert(i, "")
        elif op == "nul":
            out[i] = out[i][:2] + "\x00" + out[i][2:]
        elif op == "dup":
            out.insert(i, out[i])
        elif op == "quote":
            out[i] = '"' + out[i]
        elif op == "bom":
            out[0] = "\ufeff" + out[0].lstrip("\ufeff")
        elif op == "empty_id":
            out[i] = "," + out[i].split(",", 1)[-1]
    return "\n".join(out) + "\n"


def independent_row_count(text: str) -> int:
    """Rows as Python's csv module reads them, blank lines apart, except that a quote never
    closed ends its row: that row counts once and reading goes on at its next line. An open
    quote shows as a marker line, added after the end, taken into the last row."""
    lines = text.lstrip("\ufeff").replace("\x00", "").splitlines(keepends=True)[1:]
    count = 0
    while True:
        reader = csv.reader([*lines, "\ue000\n"])
        rows: list[tuple[int, list[str]]] = []
        start = 0
        for row in reader:
            rows.append((start, row))
            start = reader.line_num
        *done, (last_start, last) = rows
        count += sum(1 for _, row in done if row and not (len(row) == 1 and not row[0].strip()))
        if last == ["\ue000"]:
            return count
        count += 1  # the row whose quote never closed
        lines = lines[last_start + 1 :]


EXAMPLES = int(os.environ.get("PIPELINE_DOCTOR_FUZZ_EXAMPLES", "25"))
"""`make fuzz` raises this to run the same property at scale."""


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(DAMAGE, st.integers(0, 1000)), max_size=6))
def test_random_damage_adds_up(ops: list[tuple[str, int]]) -> None:
    text = damage(CLEAN, ops)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.csv"
        path.write_text(text, encoding="utf-8", newline="")
        with Store.open(Path(tmp) / "s.duckdb") as store:
            result = import_csv(store, [path], MAPPING)
            assert result.rows_read == result.rows_loaded + result.rows_rejected
            assert result.rows_read == independent_row_count(text)
            ids = store.table("deals").id.to_pyarrow().to_pylist()
            assert len(ids) == len(set(ids)) <= result.rows_loaded
            rejected_lines = set(store.table("rejects").line.to_pyarrow().to_pylist())
            assert len(rejected_lines) >= result.rows_rejected
            counts = store.counts()
            import_csv(store, [path], MAPPING)
            assert store.counts() == counts
