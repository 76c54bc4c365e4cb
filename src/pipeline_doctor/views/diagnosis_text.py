"""Terminal rendering of a diagnosis (Rich), answer first: headline figures, the headline and
its supporting sentences, what changed over time, then the top findings as numbered entries,
the reps worth a look and what each check judged, could not judge or skipped.

It reads at 80 columns: no table cell is cut ("…"); text wraps at whole words (columns fold
only a word wider than themselves). Every text is a `Text`, styled by `style=`, so markup in
CRM text is never parsed (whatever the console); control characters are the console's to
strip (`views.terminal`)."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline_doctor.diagnosis import Diagnosis
from pipeline_doctor.diagnosis.rank import impact_text
from pipeline_doctor.diagnosis.result import HeadlineFigure, RepDiagnosis
from pipeline_doctor.views import headline_strip
from pipeline_doctor.wording import pct, plural

STATUS_WORDS = {
    "findings": Text("findings", style="bold red"),
    "healthy": Text("healthy", style="green"),
    "too_little_data": Text("too little data", style="yellow"),
    "skipped": Text("skipped", style="dim"),
    "error": Text("error", style="bold red"),
}
STATUS_COUNTS = {  # the summary line's words, in this order
    "findings": "found something",
    "healthy": "healthy",
    "too_little_data": "too little data",
    "skipped": "skipped",
    "error": "failed",
}
NOT_CHECKED = Text("not checked yet", style="dim")
DIRECTION_STYLES = {"new": "bold yellow", "growing": "red", "shrinking": "green", "steady": ""}


def render_diagnosis(
    result: Diagnosis, console: Console, *, top: int = 10, all_reps: bool = False
) -> None:
    """The answer, the top findings, the reps with something to fix (`all_reps`: every rep)
    and what was checked (no computing here)."""
    console.print(_answer(result))
    _render_findings(result, console, top)
    _render_reps(result, console, all_reps)
    _render_checks(result, console)


def _grid(*columns: tuple[JustifyMethod, bool]) -> Table:
    """A borderless table whose columns wrap at words and never cut a cell (fold, not "…");
    `(justify, wraps)` per column."""
    grid = Table.grid(padding=(0, 1))
    for justify, wraps in columns:
        grid.add_column(justify=justify, no_wrap=not wraps, overflow="fold")
    return grid


def _answer(result: Diagnosis) -> Panel:
    parts: list[RenderableType] = []
    if result.figures:
        strip = _grid(("left", False), ("left", True))
        for f in result.figures:
            strip.add_row(Text(f.label, style="bold"), _figure_text(f, result.currency))
        parts += [strip, Text()]
    parts.append(Text(result.headline, style="bold"))
    if result.answer:
        parts += [Text(), Text("\n".join(result.answer))]
    statements = result.trend.statements if result.trend is not None else []
    if statements:
        parts += [Text(), Text("Over time", style="bold"), Text("\n".join(statements))]
    return Panel(Group(*parts), title="Diagnosis", title_align="left")


def _figure_text(f: HeadlineFigure, currency: str | None) -> Text:
    """ "31% (1,373 of 4,465 closed deals) — down 7 points from 38% in 2026 Q1", worded as in
    the report (`headline_strip`); the note when the data cannot give the figure; a change only
    when it is beyond noise."""
    if f.value is None:
        note = f.note or "Not in your data."
        return Text(f"unknown — {note[:1].lower()}{note[1:]}", style="dim")
    (words,) = headline_strip.shown([f], currency)
    text = Text(words.value)
    if words.detail:
        text.append(f" ({words.detail})")
    if words.direction:  # set only for a change beyond noise
        text.append(f" — {words.change}", style="bold")
    return text


def _render_findings(result: Diagnosis, console: Console, top: int) -> None:
    if not result.causes:
        return
    basis = "money at stake" if result.ranked_by == "money" else "expected wins at stake"
    shown = result.causes[:top]
    console.print(Text(f"\nFindings, by {basis}", style="bold"))
    entries = _grid(("right", False), ("left", True))
    for c in shown:
        entry = Text(c.title, style="bold")
        if c.deals:
            entry.append(f" ({plural(result.finding(c.finding).evidence.affected, 'deal')})")
        entry.append(f"\nWho: {c.scope.label or 'the ' + c.scope.kind}. Link: {c.area_name}. ")
        entry.append(f"At stake: {impact_text(c.impact, result.currency)}.")
        quotes = result.finding(c.finding).quotes
        if quotes:
            entry.append(f"\n“{quotes[0].text}” — {quotes[0].why}", style="italic")
        trend = result.finding_trend(c.finding)
        if trend is not None and trend.direction != "undated" and trend.text:
            entry.append("\n" + trend.text, style=DIRECTION_STYLES.get(trend.direction, ""))
        entries.add_row(Text(f"{c.rank}."), entry)
    console.print(entries)
    if len(result.causes) > len(shown):
        more = plural(len(result.causes) - len(shown), "more finding")
        console.print(
            Text(f"And {more}: see them all with `pipeline-doctor report`, or --format json.")
        )


def flagged(rep: RepDiagnosis) -> bool:
    """Whether a rep has something to look at: a finding, or a weak stage beyond noise."""
    link = rep.weakest_link
    return bool(rep.explained_by or rep.other_findings or (link is not None and link.clear))


def _render_reps(result: Diagnosis, console: Console, all_reps: bool) -> None:
    if not result.reps:
        return
    shown = result.reps if all_reps else [r for r in result.reps if flagged(r)]
    console.print(Text("\nReps, those with a finding or a clear weak stage first", style="bold"))
    if shown:
        console.print(_rep_table(result, shown))
    hidden = len(result.reps) - len(shown)
    if hidden and shown:
        line = f"Not shown: {plural(hidden, 'rep')} with no finding and no clear weak stage; "
        console.print(Text(line + "--all-reps lists them.", style="dim"))
    elif hidden:
        line = f"No rep has a finding or a clear weak stage; --all-reps lists the {hidden:,}."
        console.print(Text(line, style="dim"))


def _rep_table(result: Diagnosis, reps: list[RepDiagnosis]) -> Table:
    """Each rep's deals, win rate and what stands out, in one wrapping column: the weak stage
    ("Qualification: 27% vs 78%"), then the titles of the rep's findings; no column of dashes
    for what nobody has."""
    titles = {f.id: f.title for f in result.findings}
    cells = [_stands_out(r, titles) for r in reps]
    weak = any(r.weakest_link is not None and r.weakest_link.clear for r in reps)
    found = any(r.explained_by or r.other_findings for r in reps)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("rep", overflow="fold", max_width=24)
    table.add_column("deals", justify="right", no_wrap=True)
    table.add_column("win rate", justify="right", no_wrap=True)
    heading = " and ".join(
        [*(["weak stage (vs the rest)"] if weak else []), *(["findings"] if found else [])]
    )
    if heading:
        table.add_column(heading, overflow="fold", ratio=1)
    for r, cell in zip(reps, cells, strict=True):
        table.add_row(Text(r.name), f"{r.deals:,}", pct(r.win_rate), *([cell] if heading else []))
    return table


def _stands_out(rep: RepDiagnosis, titles: dict[str, str]) -> Text:
    lines = [Text(t) for t in (titles.get(i, i) for i in [*rep.explained_by, *rep.other_findings])]
    link = rep.weakest_link
    if link is not None and link.clear:
        stage = Text(f"{link.stage}: {pct(link.rate)} vs {pct(link.baseline)}", style="yellow")
        lines.insert(0, stage)
    return Text("\n").join(lines)


def _render_checks(result: Diagnosis, console: Console) -> None:
    """One line counting the statuses, then every check that says more than "found
    something" (healthy, too little data, skipped with its reason, notes of the others)."""
    console.print(Text("\nWhat was checked", style="bold"))
    counts = Counter(str(s.status) for s in result.checks)
    words = [f"{counts[s]} {w}" for s, w in STATUS_COUNTS.items() if counts[s]]
    line = f"{plural(len(result.checks), 'check')}: {', '.join(words)}." if words else ""
    console.print(Text(line or "No check ran."))
    rows = _grid(("left", False), ("left", True))
    for s in result.checks:
        if s.status == "findings":
            notes = [*s.left_out, *(f"not judged: {x}" for x in s.not_judged)]
            if not notes:
                continue  # listed among the findings
            text = f"{plural(s.findings, 'finding')}; " + "; ".join(notes)
        elif s.status == "healthy":
            text = "; ".join([*s.judged, *(f"not judged: {x}" for x in s.not_judged)])
        else:
            text = s.reason or ""
        rows.add_row(STATUS_WORDS[s.status], Text.assemble((s.title, "bold"), f": {text}"))
    for n in result.not_checked:
        rows.add_row(NOT_CHECKED, Text(n.text))
    if rows.row_count:
        console.print(rows)
