"""Terminal rendering of what the simulator planted (its ground truth)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from pipeline_doctor.simulate import GroundTruth


def render_plants(truth: GroundTruth, console: Console) -> None:
    """List each planted broken link and whom or what it affects."""
    if not truth.plants:
        console.print("Nothing planted: a healthy organisation.")
        return
    out = Table(title="Planted broken links (the ground truth)", title_justify="left")
    out.add_column("kind")
    out.add_column("target")
    out.add_column("reps", justify="right")
    out.add_column("deals", justify="right")
    for p in truth.plants:
        target = p.target if p.target is not None else "(chosen by the simulator)"
        out.add_row(p.kind, str(target), f"{len(p.rep_ids):,}", f"{len(p.deal_ids):,}")
    console.print(out)
