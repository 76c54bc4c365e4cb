"""What a store holds, to compare before and after: per-table checksums, leftover files."""

from __future__ import annotations

from pathlib import Path

import duckdb


def checksums(path: Path) -> dict[str, tuple[int, str]]:
    """Rows and a hash of the sorted rows of every table in the DuckDB file at `path`, and of
    its columns: equal checksums mean equal tables, whatever the file's layout."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        found = {}
        for table in sorted(tables):
            rows, digest = con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM "
                f'(SELECT md5(CAST(t AS VARCHAR)) AS h FROM "{table}" t)'
            ).fetchone()
            found[table] = (rows, digest)
        columns = con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY ALL"
        ).fetchall()
        found["(columns)"] = (len(columns), str(columns))
    return found


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if ".partial-" in p.name)
