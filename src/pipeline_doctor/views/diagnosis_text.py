"""Terminal rendering of a diagnosis (Rich): headline, ranked findings, per-rep weakest links
and what each check judged, could not judge or skipped. Every text is a `Text`, styled by
`style=`, so markup in CRM text is never parsed (whatever the console); control characters
are the console's to strip (`views.terminal`)."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline_doctor.diagnosis import Diagnosis
from pipeline_doctor.diagnosis.rank import impact_text
from pipeline_doctor.wording import pct, plural

STATUS_WORDS = {
    "findings": Text("findings", style="bold red"),
    "healthy": Text("healthy", style="green"),
    "too_little_data": Text("too little data", style="yellow"),
    "skipped": Text("skipped", style="dim"),
    "error": Text("error", style="bold red"),
}
NOT_CHECKED = Text("not checked yet", style="dim")


def render_diagnosis(result: Diagnosis, console: Console, *, top: int = 10) -> None:
    """Headline, ranked findings, per-rep table and what was checked (no computing here)."""
    body = "\n".join(result.answer)
    text = Text.assemble((result.headline, "bold"), "\n\n", body)
    console.print(Panel(text, title="Diagnosis"))
    if result.causes:
        basis = "money at stake" if result.ranked_by == "money" else "expected wins at stake"
        causes = Table(title=f"Findings, by {basis}", title_justify="left")
        for col, just in (("#", "right"), ("link", "left"), ("finding", "left"),
                          ("who", "left"), ("at stake", "right")):  # fmt: skip
            causes.add_column(col, justify=just)  # type: ignore[arg-type]
        for c in result.causes[:top]:
            who = c.scope.label or c.scope.kind
            listed = result.finding(c.finding).evidence.affected if c.deals else 0
            extra = f" ({plural(listed, 'deal')})" if c.deals else ""
            causes.add_row(
                str(c.rank),
                Text(c.area_name),
                Text(c.title + extra),
                Text(who),
                Text(impact_text(c.impact, result.currency)),
            )
        console.print(causes)
        if len(result.causes) > top:
            more = len(result.causes) - top
            console.print(
                Text(
                    f"… and {plural(more, 'more finding')}: see them all with "
                    "pipeline-doctor report, or --format json."
                )
            )
    _render_reps(result, console)
    _render_checks(result, console)


def _render_reps(result: Diagnosis, console: Console) -> None:
    if not result.reps:
        return
    titles = {f.id: f.title for f in result.findings}
    reps = Table(
        title="Reps, those with a finding or a clear weak stage first: weakest link and what "
        "explains it",
        title_justify="left",
    )
    for col in ("rep", "deals", "win rate", "weakest stage", "vs rest", "explained by"):
        reps.add_column(col)
    for r in result.reps:
        link = r.weakest_link
        clear = link is not None and link.clear
        stage = link.stage if link is not None and clear else "-"
        versus = f"{pct(link.rate)} vs {pct(link.baseline)}" if link is not None and clear else "-"
        explained = ", ".join(titles.get(i, i) for i in r.explained_by) or "-"
        reps.add_row(
            Text(r.name), f"{r.deals:,}", pct(r.win_rate), Text(stage), versus, Text(explained)
        )
    console.print(reps)


def _render_checks(result: Diagnosis, console: Console) -> None:
    checked = Table(title="What was checked", title_justify="left", show_lines=False)
    checked.add_column("check")
    checked.add_column("status")
    checked.add_column("what it judged, or why not")
    for s in result.checks:
        if s.status == "findings":
            text = "; ".join(
                [
                    f"{plural(s.findings, 'finding')}",
                    *s.left_out,
                    *(f"not judged: {x}" for x in s.not_judged),
                ]
            )
        elif s.status == "healthy":
            text = "; ".join([*s.judged, *(f"not judged: {x}" for x in s.not_judged)])
        else:
            text = s.reason or ""
        checked.add_row(Text(s.title), STATUS_WORDS[s.status], Text(text))
    for n in result.not_checked:
        checked.add_row(Text(n.area_name), NOT_CHECKED, Text(n.text))
    console.print(checked)
