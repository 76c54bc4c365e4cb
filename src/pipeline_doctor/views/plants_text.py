"""Terminal rendering of what the simulator planted (its ground truth)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from pipeline_doctor.simulate import GroundTruth, PlantedDefect


def _target(p: PlantedDefect, names: Mapping[str, str]) -> str:
    if p.segment:
        return ", ".join(f"accounts with {k} = {v}" for k, v in p.segment.items())
    if p.deal_ids:
        return f"{len(p.deal_ids):,} deals, e.g. {', '.join(sorted(p.deal_ids)[:3])}"
    # the rep's name as the diagnosis says it, and the id `--plant KIND:ID` takes
    reps = ", ".join(f"{names.get(r, r)} ({r})" if names.get(r) else r for r in sorted(p.rep_ids))
    return f"{reps} at {p.stage}" if p.stage else reps


def render_plants(
    truth: GroundTruth, console: Console, rep_names: Mapping[str, str] | None = None
) -> None:
    """List each planted broken link and whom or what it affects (reps by name and id)."""
    if not truth.plants:
        console.print("Nothing planted: a healthy organisation.")
        return
    out = Table(title="Planted broken links (the ground truth)", title_justify="left")
    out.add_column("broken link")
    out.add_column("planted on")
    for p in truth.plants:
        out.add_row(p.kind, _target(p, rep_names or {}))
    console.print(out)
