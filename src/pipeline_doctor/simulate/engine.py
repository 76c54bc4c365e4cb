"""`simulate_into`: build the whole organisation into a store, streaming batches of deals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from pipeline_doctor.simulate import activities as act
from pipeline_doctor.simulate.activity_table import activities_table, transcripts
from pipeline_doctor.simulate.config import SimulationConfig
from pipeline_doctor.simulate.deal_tables import (
    deals_table,
    field_changes,
    leads_and_referrals,
    plan_pushes,
    stage_changes,
)
from pipeline_doctor.simulate.deals import generate_deals
from pipeline_doctor.simulate.grammar import Cast, Scribe, grammar
from pipeline_doctor.simulate.org import (
    Accounts,
    build_accounts,
    build_contacts,
    build_quotas,
    build_reps,
    build_stages,
    contact_id,
)
from pipeline_doctor.simulate.plants import GroundTruth
from pipeline_doctor.simulate.profiles import RepProfiles, resolve_plants

if TYPE_CHECKING:
    from pipeline_doctor.store import Store

Progress = Callable[[int, int], None]


def _participants(accounts: Accounts) -> np.ndarray:
    """Per account: the first (up to four) contacts, decision maker and technical included."""
    out = []
    for start, count in zip(accounts.contact_start, accounts.contact_count, strict=True):
        ids = contact_id(np.arange(start, start + min(4, count)))
        out.append(";".join(ids.tolist()))
    return np.array(out)


def _batch_tables(
    config: SimulationConfig,
    batch_no: int,
    lo: int,
    hi: int,
    reps: RepProfiles,
    accounts: Accounts,
    deal_plants: dict[str, np.ndarray],
    participants: np.ndarray,
    cast: Cast,
) -> list[tuple[str, pa.Table]]:
    rng = np.random.default_rng([config.seed, 1 + batch_no])
    scribe = Scribe(
        grammar(config.wording),
        cast,
        rng=np.random.default_rng([config.seed, 1 + batch_no, 1]),
        habits=np.random.default_rng([config.seed, 1 + batch_no, 2]),
    )
    b = generate_deals(config, lo, hi, reps, accounts, deal_plants, rng)
    pushes = plan_pushes(b, rng)
    deals = deals_table(b, reps, pushes, rng)
    deals = deals.set_column(2, "account", pa.array(accounts.ids[b.account]))
    leads, referrals = leads_and_referrals(config, b, reps, accounts, batch_no, rng)
    scale = config.activities_per_deal / 30.0
    meetings = act.meetings(b, reps, accounts, participants, rng, scribe)
    blocks = [
        meetings,
        act.calls(b, reps, accounts, scale, rng),
        *act.emails(b, reps, accounts, scale, rng, scribe),
        *act.notes_and_referral_asks(b, reps, accounts, config, rng, scribe),
        act.research(meetings, b, reps, scribe),
    ]
    activities = activities_table(blocks, b, reps, accounts, batch_no)
    meeting_ids = activities.column("id").to_numpy(zero_copy_only=False)[: len(meetings.deal)]
    segments = transcripts(meetings, meeting_ids, b, reps, config.transcripts, rng, scribe)
    return [
        ("leads", leads),
        ("deals", deals),
        ("stage_changes", stage_changes(b)),
        ("field_changes", field_changes(b, pushes, rng)),
        ("activities", activities),
        ("transcript_segments", segments),
        ("referrals", referrals),
    ]


def _provided(tables: list[tuple[str, pa.Table]]) -> dict[str, dict[str, str]]:
    """Every column the simulator writes is data (it has every field a CRM could export)."""
    return {name: dict.fromkeys(table.column_names, "data") for name, table in tables}


def simulate_into(
    store: Store,
    config: SimulationConfig,
    progress: Progress | None = None,
    *,
    import_id: str | None = None,
) -> GroundTruth:
    """Simulate the organisation described by `config` into `store`; return what was planted.

    Each batch is written in its own transaction after validation against the model, with
    the columns it provides recorded in `provided_columns` under `import_id` (by default
    "simulator-seed<seed>")."""
    import_id = import_id or f"simulator-seed{config.seed}"
    rng = np.random.default_rng([config.seed, 0])
    accounts = build_accounts(config, rng)
    resolved = resolve_plants(config, accounts, rng)
    reps_table = build_reps(config, rng)
    check = config.validate_references
    contacts = build_contacts(accounts, rng)
    org = [
        ("stages", build_stages()),
        ("reps", reps_table),
        ("quotas", build_quotas(config, resolved.profiles.ids.tolist())),
        ("accounts", accounts.table),
        ("contacts", contacts),
    ]
    with store.transaction():
        for name, table in org:
            store.write(name, table, check_references=check)
        store.record_provided(import_id, _provided(org))
    participants = _participants(accounts)
    cast = Cast.build(contacts, reps_table, accounts.table)
    done = 0
    for batch_no, lo in enumerate(range(0, config.deals, config.batch_deals)):
        hi = min(config.deals, lo + config.batch_deals)
        tables = _batch_tables(
            config,
            batch_no,
            lo,
            hi,
            resolved.profiles,
            accounts,
            resolved.deal_plants,
            participants,
            cast,
        )
        with store.transaction():
            for name, table in tables:
                store.write(name, table, check_references=check)
            store.record_provided(import_id, _provided(tables))
        done = hi
        if progress is not None:
            progress(done, config.deals)
    return GroundTruth(seed=config.seed, deals=config.deals, plants=tuple(resolved.planted))
