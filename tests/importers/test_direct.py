"""The fast path (straight into DuckDB) gives exactly what the exact path gives, damage or not.

A small simulated org is exported to CSV; each test damages one cell, one line or the whole
file, imports it with the fast path allowed and with `exact=True`, and compares everything:
the accounting, rejects by reason, notes, every stored table and every reject. A clean export
must go the fast way for every file; a damaged one must come out the same either way.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.exporters.tables import export_tables
from pipeline_doctor.importers.core.mapping import Mapping, load_mapping, mapping_from_dict
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.model.schema import REJECTS, TABLES
from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
from pipeline_doctor.store import Store
from tests.importers import test_property as property_test

FILES = ("reps.csv", "accounts.csv", "contacts.csv", "leads.csv", "deals.csv", "activities.csv")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("direct")
    with Store.open(root / "org.duckdb") as store:
        simulate_into(store, SimulationConfig(deals=40, seed=11, plants=DEFAULT_PLANTS))
        export_tables(store, root / "csv", "csv")
    return root / "csv"


@pytest.fixture(scope="module")
def undamaged(export: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, ...]:
    return outcome(export, tmp_path_factory.mktemp("undamaged") / "s.duckdb", exact=True)


def _mapping(folder: Path) -> Mapping:
    mapping = load_mapping(folder / "mapping.toml")
    tables = tuple(r for r in mapping.tables if r.file in FILES)
    return Mapping(mapping.source, tables, (), mapping.options)


OWN = {
    "imports": ("id", "started_at", "finished_at", "location"),
    "rejects": ("import_id",),
    "provided_columns": ("import_id",),
}
"""What two imports differ in besides what they loaded: their clock, where the files were, and
the import's id (named after the files' bytes, so a blank line changes it)."""


def _rows(store: Store, table: str) -> list[str]:
    own = OWN.get(table, ())
    rows = store.table(table).to_pyarrow().to_pylist()
    return sorted(repr(sorted((k, v) for k, v in r.items() if k not in own)) for r in rows)


def outcome(folder: Path, db: Path, exact: bool, again: bool = False) -> tuple[Any, ...]:
    """Everything an import leaves behind (or the error it stops with); `again`: into the
    store as it is, else into a new one."""
    if not again:
        db.unlink(missing_ok=True)
    with Store.open(db) as store:
        try:
            r = import_csv(store, [folder / f for f in FILES], _mapping(folder), exact=exact)
        except PipelineDoctorError as exc:
            return ("error", str(exc), store.counts())
        summary = (
            r.rows_read,
            r.rows_loaded,
            r.rows_rejected,
            r.rejected_by_reason,
            r.warnings_by_reason,
            r.loaded_by_table,
            r.rows_by_file,
            r.notes,
        )
        tables = {t.name: _rows(store, t.name) for t in (*TABLES, REJECTS)}
    return summary, tables


def _copy(export: Path, target: Path) -> Path:
    shutil.copytree(export, target)
    return target


# -- damage ----------------------------------------------------------------------------------
def _read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:  # a bare CR stays in its cell
        return list(csv.reader(handle))


def _cell(
    file: str, column: str, value: str, row: int = 3, quoting: int = csv.QUOTE_MINIMAL
) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        rows = _read_rows(path)
        rows[row][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n", quoting=quoting).writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8", newline="")

    return apply


def _lines(file: str, change: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(change(lines)), encoding="utf-8", newline="")

    return apply


def _bytes(file: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / file
        path.write_bytes(change(path.read_bytes()))

    return apply


def _duplicate(conflict: bool) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / "deals.csv"
        rows = _read_rows(path)
        copy = list(rows[4])
        if conflict:
            copy[rows[0].index("name")] += " (renamed)"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([*rows[:6], copy, *rows[6:]])
        path.write_text(out.getvalue(), encoding="utf-8", newline="")

    return apply


DAMAGE: dict[str, Callable[[Path], None]] = {
    "clean": lambda folder: None,
    "leading space": _cell("deals.csv", "name", " Acme deal"),
    "trailing no-break space": _cell("deals.csv", "name", "Acme deal\u00a0"),
    "blank text": _cell("activities.csv", "subject", "   "),
    "bare carriage return": _cell("activities.csv", "subject", "a\rb"),  # breaks the line
    "quoted carriage return": _cell("activities.csv", "agenda", "a\rb", 4, csv.QUOTE_ALL),
    "CRLF inside": _cell("activities.csv", "body", "first\r\nsecond"),
    "NUL byte": _cell("activities.csv", "body", "a\x00b"),
    "thousand separator": _cell("deals.csv", "amount", "34,000"),
    "currency symbol": _cell("deals.csv", "amount", "$34000"),
    "not a number": _cell("deals.csv", "amount", "lots"),
    "negative amount": _cell("deals.csv", "amount", "-5"),
    "exponent amount": _cell("deals.csv", "amount", "3.4e4"),
    "float in int column": _cell("activities.csv", "duration_s", "12.5"),
    "plus sign int": _cell("activities.csv", "duration_s", "+12"),
    "17-digit int": _cell("activities.csv", "duration_s", "12345678901234567"),
    "day/month date": _cell("deals.csv", "created_at", "21/11/2025 04:35"),
    "ISO with zone": _cell("deals.csv", "created_at", "2025-01-21T04:35:47Z"),
    "impossible date": _cell("deals.csv", "expected_close", "2026-02-30"),
    "hour 24": _cell("deals.csv", "closed_at", "2026-03-09 24:00:00"),
    "year 0000": _cell("activities.csv", "next_step_due", "0000-01-01"),
    "7-digit fraction": _cell("activities.csv", "at", "2024-10-14 10:54:29.1234567"),
    "closed before created": _cell("deals.csv", "closed_at", "2001-01-01 00:00:00"),
    "due before agreed": _cell("activities.csv", "next_step_due", "2001-01-01 00:00:00"),
    "unknown outcome": _cell("deals.csv", "outcome", "Won"),
    "vocabulary in capitals": _cell("activities.csv", "kind", "Call"),
    "missing account": _cell("deals.csv", "account", "A9999999"),
    "missing deal": _cell("activities.csv", "deal", "D9999999"),
    "reference with a space": _cell("activities.csv", "rep", "R001 "),
    "mangled id": _cell("deals.csv", "id", "1.2E+15"),
    "empty optional time": _cell("deals.csv", "created_at", ""),  # not recorded: no order
    "empty required": _cell("deals.csv", "outcome", ""),
    "identical duplicate": _duplicate(conflict=False),
    "conflicting duplicate": _duplicate(conflict=True),
    "repeated header": _lines("activities.csv", lambda ls: [*ls[:5], ls[0], *ls[5:]]),
    # deals.csv: an activity's email body spans lines, and a blank line inside it is text
    "blank line": _lines("deals.csv", lambda ls: [*ls[:5], "", *ls[5:]]),
    "empty row": _lines("activities.csv", lambda ls: [*ls[:5], "," * 15, *ls[5:]]),
    "extra field": _lines("activities.csv", lambda ls: [*ls[:5], ls[5] + ",x", *ls[6:]]),
    "trailing delimiter": _lines("deals.csv", lambda ls: [*ls[:5], ls[5] + ",", *ls[6:]]),
    "quoted empty extra": _lines("deals.csv", lambda ls: [*ls[:5], ls[5] + ',""', *ls[6:]]),
    "stray delimiter": _lines(
        "accounts.csv", lambda ls: [*ls[:3], ls[3].replace(",", ",,", 1), *ls[4:]]
    ),
    "unclosed quote": _lines("activities.csv", lambda ls: [*ls[:5], '"' + ls[5], *ls[6:]]),
    "report footer": _lines("deals.csv", lambda ls: [*ls, "Total,40", ""]),
    "BOM": _bytes("activities.csv", lambda b: b"\xef\xbb\xbf" + b),
    "CRLF file": _bytes("deals.csv", lambda b: b.replace(b"\n", b"\r\n")),
    "cp1252 byte": _bytes("deals.csv", lambda b: b.replace(b'"D00', b'"\xe9D00', 1)),
}
LINE_LEVEL = {"repeated header", "blank line", "empty row", "extra field", "unclosed quote"}
LINE_LEVEL |= {"report footer", "bare carriage return", "trailing delimiter"}
LINE_LEVEL |= {"quoted empty extra", "stray delimiter"}
BYTE_LEVEL = {"BOM", "CRLF file", "cp1252 byte"}
HARMLESS = {"clean", "blank line", "BOM", "CRLF file"}
"""Damage that changes nothing the import keeps."""


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_fast_and_exact_paths_agree(
    export: Path,
    undamaged: tuple[Any, ...],
    tmp_path: Path,
    fast_loads: list[str],
    damage: str,
) -> None:
    folder = _copy(export, tmp_path / "csv")
    DAMAGE[damage](folder)
    exact = outcome(folder, tmp_path / "exact.duckdb", exact=True)
    fast = outcome(folder, tmp_path / "fast.duckdb", exact=False)
    assert fast == exact
    if damage == "clean":
        assert sorted(fast_loads) == sorted(FILES)  # the fast path was taken, every file
    assert (exact == undamaged) == (damage in HARMLESS)  # the damage did what it says


EXAMPLES = int(os.environ.get("PIPELINE_DOCTOR_FUZZ_EXAMPLES", "8"))
"""`make fuzz` raises this to run the same property at scale."""


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(sorted(DAMAGE)), min_size=2, max_size=4, unique=True))
def test_fast_and_exact_paths_agree_on_combined_damage(
    export: Path, tmp_path_factory: pytest.TempPathFactory, damages: list[str]
) -> None:
    root = tmp_path_factory.mktemp("combined")
    folder = _copy(export, root / "csv")
    # cells first (read as CSV), then lines, then bytes (after them the text is unreadable)
    for damage in sorted(damages, key=lambda d: (d in LINE_LEVEL) + 2 * (d in BYTE_LEVEL)):
        DAMAGE[damage](folder)
    assert outcome(folder, root / "fast.duckdb", False) == outcome(folder, root / "e.duckdb", True)


def test_progress_goes_forward_to_the_end(export: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int, int]] = []
    with Store.open(tmp_path / "s.duckdb") as store:
        files = [export / f for f in FILES]
        result = import_csv(store, files, _mapping(export), progress=lambda *a: calls.append(a))
    done = [c[0] for c in calls]
    assert len(calls) >= len(FILES)
    assert done == sorted(done)
    assert calls[-1] == (sum(f.stat().st_size for f in files),) * 2 + (result.rows_read,)


def test_reimport_of_a_changed_export_goes_fast_and_updates_like_the_exact_path(
    export: Path, tmp_path: Path, fast_loads: list[str]
) -> None:
    folder = _copy(export, tmp_path / "csv")
    first = {e: outcome(folder, tmp_path / f"{e}.duckdb", exact=e) for e in (True, False)}
    assert first[True] == first[False]
    _cell("accounts.csv", "name", "Renamed Ltd")(folder)
    _cell("activities.csv", "subject", "A new subject")(folder)
    exact = outcome(folder, tmp_path / "True.duckdb", exact=True, again=True)
    fast_loads.clear()  # the first import's
    fast = outcome(folder, tmp_path / "False.duckdb", exact=False, again=True)
    assert fast == exact
    assert sorted(fast_loads) == sorted(set(FILES) - {"deals.csv"})  # deals: history rows
    accounts = exact[1]["accounts"]
    assert sum("Renamed Ltd" in row for row in accounts) == 1
    assert len(accounts) == len(first[True][1]["accounts"])  # replaced, not added


ROLE_MAP = {"Account Executive": "rep", "Sales Manager": "manager", "Gerente": "manager"}
ROLES = [
    "Account Executive",  # the exact key
    "account EXECUTIVE",  # the key in another case
    " Sales Manager",  # text the exact reader trims first
    "Gerente",
    "GERENTE",
    "Représentant",  # not ASCII and no key
    "admin",  # no key: kept as it is, and it is a role
    "Intern",  # no key and not a role: a reject
    "",  # empty: a required value missing
]


@pytest.mark.parametrize("rest", [None, "rep", ""], ids=["no-star", "star", "star-to-empty"])
@pytest.mark.parametrize("role", ROLES)
def test_value_maps_read_alike(
    tmp_path: Path, fast_loads: list[str], role: str, rest: str | None
) -> None:
    values = {**ROLE_MAP, **({} if rest is None else {"*": rest})}
    table = {"name": "reps", "file": "reps.csv"}
    columns = {"id": "id", "name": "name", "role": {"column": "title", "values": values}}
    mapping = mapping_from_dict({"source": "csv", "table": [{**table, "columns": columns}]})
    path = tmp_path / "reps.csv"
    rows = [["id", "name", "title"], ["R1", "Ann", "Account Executive"], ["R2", "Bo", role]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    found = []
    for exact in (True, False):
        with Store.open(tmp_path / f"{exact}.duckdb") as store:
            try:
                result = import_csv(store, [path], mapping, exact=exact)
                found.append((result.rejected_by_reason, _rows(store, "reps")))
            except PipelineDoctorError as exc:
                found.append((str(exc), []))
    assert found[1] == found[0]
    # the fast way when every row loads and no text is in doubt (trimmed, or not ASCII)
    mapped = role in ("Account Executive", "account EXECUTIVE", "Gerente", "GERENTE")
    by_rest = role in ("admin", "Intern") and rest == "rep"
    kept = role == "admin" and rest is None
    assert fast_loads == (["reps.csv"] if mapped or by_rest or kept else [])


def test_a_later_failure_leaves_the_store_as_it_was(
    export: Path, tmp_path: Path, fast_loads: list[str]
) -> None:
    folder = _copy(export, tmp_path / "csv")
    _lines("activities.csv", lambda ls: [ls[0].replace('"at"', '"when"'), *ls[1:]])(folder)
    with Store.open(tmp_path / "s.duckdb") as store:
        before = store.counts()
        with pytest.raises(PipelineDoctorError, match="'at'"):
            import_csv(store, [folder / f for f in FILES], _mapping(folder))
        assert store.counts() == before
        tables = store.backend.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        assert not [t for (t,) in tables if t.startswith("_pending")]
    assert "deals.csv" in fast_loads  # loaded fast, then dropped with everything else


def test_fast_accounting_matches_an_independent_count(export: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        result = import_csv(store, [export / f for f in FILES], _mapping(export))
        counts = store.counts()
        again = import_csv(store, [export / f for f in FILES], _mapping(export))
        assert store.counts() == counts  # the same export again changes nothing
    for name in FILES:
        assert result.rows_by_file[name] == len(_read_rows(export / name)) - 1, name
    assert result.rows_read == result.rows_loaded == again.rows_read


def _flat_outcome(text: str, root: Path, exact: bool) -> tuple[Any, ...]:
    """A deals file whose owners are also the reps (derived), imported one way."""
    path = root / "d.csv"
    path.write_text(text, encoding="utf-8", newline="")
    db = root / f"{exact}.duckdb"
    db.unlink(missing_ok=True)
    with Store.open(db) as store:
        try:
            r = import_csv(store, [path], property_test.MAPPING, exact=exact)
        except PipelineDoctorError as exc:
            return ("error", str(exc))
        summary = (r.rows_read, r.rejected_by_reason, r.warnings_by_reason, r.loaded_by_table)
        return summary, {t: _rows(store, t) for t in ("reps", "deals", "rejects")}


def test_a_flat_file_with_derived_reps_goes_fast(tmp_path: Path, fast_loads: list[str]) -> None:
    text = property_test.damage(property_test.CLEAN, [])
    assert _flat_outcome(text, tmp_path, False) == _flat_outcome(text, tmp_path, True)
    assert fast_loads == ["d.csv"]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(property_test.DAMAGE, st.integers(0, 1000)), min_size=1, max_size=4))
def test_fast_and_exact_paths_agree_on_a_damaged_flat_file(ops: list[tuple[str, int]]) -> None:
    text = property_test.damage(property_test.CLEAN, ops)
    with tempfile.TemporaryDirectory() as tmp:
        assert _flat_outcome(text, Path(tmp), False) == _flat_outcome(text, Path(tmp), True)
