"""A healthy sample org (no plants): complete, consistent with the model, realistic, and free
of the extremes the broken links produce."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline_doctor.model.schema import (
    ACTIVITY_KINDS,
    DATA_TABLES,
    DERIVED_TABLES,
    SOURCES,
    TABLES,
    Table,
)
from pipeline_doctor.simulate import PLANT_KINDS, SimulationConfig
from tests.simulate import metrics as m
from tests.simulate.bounds import assert_healthy
from tests.simulate.orgs import DEALS, Org, build_org

CONFIG = SimulationConfig(deals=DEALS, seed=11, batch_deals=1000)
"""Three batches, each written with the store's reference and ordering checks (the default
for small orgs), so every batch is checked against what earlier ones wrote."""


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Org]:
    assert CONFIG.validate_references, "small orgs must be written with reference checks"
    built = build_org(tmp_path_factory, "healthy", CONFIG)
    yield built
    built.con.close()


def count(org: Org, sql: str) -> int:
    row = org.con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


# -- completeness and consistency with the canonical model ------------------------------------


@pytest.mark.parametrize("name", [t.name for t in TABLES])
def test_every_canonical_table_is_populated(org: Org, name: str) -> None:
    rows = count(org, f'SELECT count(*) FROM "{name}"')
    # analyses are derived from the simulated data afterwards (conversations.refresh_analyses)
    if name in ("rejects", "imports", *(t.name for t in DERIVED_TABLES)):
        assert rows == 0
    else:
        assert rows > 0, f"{name} is empty"


def test_every_source_and_activity_kind_is_present(org: Org) -> None:
    for table in ("deals", "leads"):
        got = {r[0] for r in org.con.execute(f"SELECT DISTINCT source FROM {table}").fetchall()}
        assert got == set(SOURCES), table
    kinds = {r[0] for r in org.con.execute("SELECT DISTINCT kind FROM activities").fetchall()}
    assert kinds == set(ACTIVITY_KINDS)


def test_sizes_follow_the_config(org: Org) -> None:
    assert count(org, "SELECT count(*) FROM deals") == CONFIG.deals
    assert count(org, "SELECT count(*) FROM reps WHERE role = 'rep'") == CONFIG.n_reps
    assert count(org, "SELECT count(*) FROM accounts") == CONFIG.n_accounts
    per_deal = count(org, "SELECT count(*) FROM activities") / CONFIG.deals
    assert 0.7 * CONFIG.activities_per_deal < per_deal < 1.3 * CONFIG.activities_per_deal
    for sql in (
        f"SELECT count(*) FROM deals WHERE created_at < TIMESTAMP '{CONFIG.start}'",
        f"SELECT count(*) FROM deals WHERE closed_at > TIMESTAMP '{CONFIG.as_of}'",
        f"SELECT count(*) FROM activities WHERE \"at\" > TIMESTAMP '{CONFIG.as_of}'",
    ):
        assert count(org, sql) == 0, sql


@pytest.mark.parametrize("definition", TABLES, ids=lambda t: t.name)
def test_rows_obey_the_model(org: Org, definition: Table) -> None:
    """Re-check the model's rules in plain SQL: keys unique, required columns filled, closed
    vocabularies and minimums respected, references resolve, time orderings hold."""
    t = definition
    name = f'"{t.name}"'
    keys = ", ".join(f'"{k}"' for k in t.key)
    dupes = f"SELECT count(*) FROM (SELECT {keys} FROM {name} GROUP BY ALL HAVING count(*) > 1)"
    assert count(org, dupes) == 0, "duplicate keys"
    for c in t.columns:
        col = f'"{c.name}"'
        if not c.nullable:
            assert count(org, f"SELECT count(*) FROM {name} WHERE {col} IS NULL") == 0, c.name
        if c.allowed:
            allowed = ", ".join(f"'{v}'" for v in c.allowed)
            bad = f"SELECT count(*) FROM {name} WHERE {col} NOT IN ({allowed})"
            assert count(org, bad) == 0, c.name
        if c.minimum is not None:
            assert count(org, f"SELECT count(*) FROM {name} WHERE {col} < {c.minimum}") == 0
        if c.references:
            ref_table, ref_col = c.references.split(".")
            missing = (
                f"SELECT count(*) FROM {name} x WHERE x.{col} IS NOT NULL AND NOT EXISTS "
                f'(SELECT 1 FROM "{ref_table}" r WHERE r."{ref_col}" = x.{col})'
            )
            assert count(org, missing) == 0, f"{c.name} -> {c.references}"
    for rule in t.orderings:
        if rule.via is None:
            bad = f'SELECT count(*) FROM {name} WHERE "{rule.later}" < "{rule.earlier}"'
        else:
            other, other_col = rule.earlier.split(".")
            ref = t.column(rule.via).references
            assert ref is not None
            key = ref.split(".")[1]
            bad = (
                f'SELECT count(*) FROM {name} x JOIN "{other}" o ON o."{key}" = x."{rule.via}" '
                f'WHERE x."{rule.later}" < o."{other_col}"'
            )
        assert count(org, bad) == 0, f"{rule.later} before {rule.earlier}"


def test_leads_and_deals_point_at_each_other(org: Org) -> None:
    assert (
        count(
            org,
            "SELECT count(*) FROM deals d LEFT JOIN leads l ON l.id = d.lead "
            "WHERE l.deal IS DISTINCT FROM d.id OR l.status <> 'converted'",
        )
        == 0
    )
    assert (
        count(
            org,
            "SELECT count(*) FROM leads l WHERE l.deal IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.id = l.deal)",
        )
        == 0
    )
    closed_stage = count(
        org,
        "SELECT count(*) FROM deals d WHERE d.outcome <> 'open' AND NOT EXISTS (SELECT 1 FROM "
        "stage_changes s WHERE s.deal = d.id AND s.to_stage = d.stage AND s.at = d.closed_at)",
    )
    assert closed_stage == 0, "every closed deal has its closing stage change"


# -- domain defaults (DESIGN section 2) --------------------------------------------------------


def test_referrals_convert_far_better_than_cold_outbound(org: Org) -> None:
    leads = m.frame(
        org.con,
        "SELECT l.source, d.outcome = 'won' AS won FROM leads l LEFT JOIN deals d ON d.id = l.deal",
    )
    won = leads.won.fillna(False).astype(bool).groupby(leads.source).mean()
    assert won["outbound_cold"] > 0
    assert won["referral"] >= 5 * won["outbound_cold"]
    assert won["referral"] > won["inbound"] > won["purchased_list"]


def test_won_deals_close_faster_than_lost_deals(org: Org) -> None:
    cycle = m.frame(
        org.con,
        "SELECT outcome, date_diff('second', created_at, closed_at) / 86400.0 AS days "
        "FROM deals WHERE outcome <> 'open'",
    )
    median = cycle.groupby("outcome").days.median()
    assert median["won"] < 0.85 * median["lost"]


def test_most_cold_calls_go_unanswered(org: Org) -> None:
    calls = m.frame(
        org.con,
        "SELECT d.source IN ('outbound_cold', 'purchased_list') AS cold, "
        "a.outcome <> 'connected' AS unanswered "
        "FROM activities a JOIN deals d ON d.id = a.deal WHERE a.kind = 'call'",
    )
    unanswered = calls.groupby("cold").unanswered.mean()
    assert unanswered[True] > 0.6
    assert unanswered[True] > unanswered[False] + 0.2


def test_activity_happens_on_working_days_in_working_hours(org: Org) -> None:
    acts = m.frame(
        org.con,
        'SELECT kind, dayofweek("at") IN (0, 6) AS weekend, '
        'hour("at") BETWEEN 8 AND 17 AS working_hours FROM activities',
    )
    assert acts.weekend.mean() < 0.10
    assert acts.working_hours.mean() > 0.95
    by_kind = acts.groupby("kind")[["weekend", "working_hours"]].mean()
    assert (by_kind.weekend < 0.10).all(), by_kind
    assert (by_kind.working_hours > 0.9).all(), by_kind


# -- a healthy org shows none of the planted extremes -------------------------------------------


@pytest.mark.parametrize("kind", list(PLANT_KINDS))
def test_healthy_org_shows_no_planted_extreme(org: Org, kind: str) -> None:
    assert_healthy(org, kind)


def test_every_column_the_simulator_fills_is_recorded_as_provided(org: Org) -> None:
    """The simulator has every field a CRM could export: each column holding a value is
    recorded as provided data (none as a constant), found here with plain SQL. (A column it
    writes empty, such as who moved a stage, is provided too: written, never recorded.)"""
    recorded: dict[str, set[str]] = {}
    for table, column, how in org.con.execute(
        "SELECT table_name, column_name, how FROM provided_columns"
    ).fetchall():
        assert how == "data", (table, column)
        recorded.setdefault(table, set()).add(column)
    for t in DATA_TABLES:
        counts = ", ".join(f'count("{c}")' for c in t.column_names)
        row = org.con.execute(f'SELECT {counts} FROM "{t.name}"').fetchone()
        assert row is not None
        filled = {c for c, n in zip(t.column_names, row, strict=True) if n}
        assert filled <= recorded[t.name], t.name
        assert recorded[t.name] <= set(t.column_names), t.name
