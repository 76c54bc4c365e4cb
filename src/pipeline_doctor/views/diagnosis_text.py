"""Terminal rendering of a diagnosis (Rich): headline, ranked causes, per-rep weakest links.
CRM text is escaped so it cannot inject Rich markup."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from pipeline_doctor.diagnosis import Diagnosis


def render_diagnosis(result: Diagnosis, console: Console, *, top: int = 10) -> None:
    """Headline, ranked root causes, per-rep table and skipped checks (no computing here)."""
    body = "\n".join(escape(line) for line in result.answer)
    console.print(Panel(f"[bold]{escape(result.headline)}[/bold]\n\n{body}", title="Diagnosis"))
    if result.causes:
        causes = Table(title="Broken links, by money at stake", title_justify="left")
        for col, just in (
            ("#", "right"),
            ("link", "left"),
            ("finding", "left"),
            ("who", "left"),
            ("at stake", "right"),
        ):
            causes.add_column(col, justify=just)  # type: ignore[arg-type]
        for c in result.causes[:top]:
            who = c.scope.label or c.scope.kind
            extra = f" (+{c.deals_flagged} deals)" if c.deals_flagged else ""
            causes.add_row(
                str(c.rank), c.area_name, escape(c.title + extra), escape(who), f"{c.money:,.0f}"
            )
        console.print(causes)
    if result.reps:
        reps = Table(title="Reps: weakest link and what explains it", title_justify="left")
        for col in ("rep", "deals", "win rate", "weakest stage", "vs team", "explained by"):
            reps.add_column(col)
        for r in result.reps:
            link = r.weakest_link
            stage = "-" if link is None else link.stage + ("" if link.clear else " (unclear)")
            versus = "-" if link is None else f"{link.rate:.0%} vs {link.baseline:.0%}"
            explained = ", ".join(i.split(":")[0] for i in r.explained_by) or "-"
            rate = "-" if r.win_rate is None else f"{r.win_rate:.0%}"
            reps.add_row(escape(r.name), f"{r.deals:,}", rate, escape(stage), versus, explained)
        console.print(reps)
    for s in result.checks:
        if s.status in ("skipped", "error"):
            console.print(f"[dim]{s.check}: {s.status} — {escape(s.reason or '')}[/dim]")
