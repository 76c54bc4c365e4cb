"""Terminal rendering of one rep's review (Rich), the answer first: the headline, results against
the team and quota, the funnel and activity against the rest of the team, the rep's findings,
the coaching plan with its moments to discuss, and what was judged or could not be.

Like the diagnosis view it reads at 80 columns, wraps at whole words and never cuts a cell;
every piece of text is a `Text` styled by `style=`, so markup in CRM text (a deal's name, a
quoted email) is never parsed, and the console strips control characters (`views.terminal`).
It takes a `Review` and computes nothing."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, JustifyMethod, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline_doctor.coaching.result import (
    CheckNote,
    CoachingPlan,
    Moment,
    PlanItem,
    Quotas,
    RateFigure,
    Review,
    StageFunnel,
)
from pipeline_doctor.diagnosis.rank import impact_text
from pipeline_doctor.wording import money, pct, plural

_WEAKEST = {True: " (weakest)", False: " (furthest below)"}
PLAN_STYLES = {"skill_gaps": "bold", "no_skill_gap": "green", "too_little_data": "yellow"}


def render_review(review: Review, console: Console) -> None:
    """The review, section by section (no computing here)."""
    console.print(_answer(review))
    _section(console, "Results")
    _results(review, console)
    _section(console, "The funnel against the rest of the team")
    _funnel(review.funnel, console)
    _section(console, "Activity against pipeline")
    console.print(Text(review.activity.text))
    _findings(review, console)
    _section(console, f"Coaching plan for {review.name}")
    _plan(review.plan, console)
    _judged(review.plan, review.name, console)


def _section(console: Console, title: str) -> None:
    console.print(Text("\n" + title, style="bold"))


def _grid(*columns: tuple[JustifyMethod, bool]) -> Table:
    """A borderless table whose columns wrap at words and never cut a cell."""
    grid = Table.grid(padding=(0, 1))
    for justify, wraps in columns:
        grid.add_column(justify=justify, no_wrap=not wraps, overflow="fold")
    return grid


def _answer(review: Review) -> Panel:
    parts: list[RenderableType] = [Text(review.headline, style="bold")]
    who = review.name + (f", {review.team}" if review.team else "")
    return Panel(Group(*parts), title=f"Review: {who}", title_align="left")


def _results(review: Review, console: Console) -> None:
    rows = _grid(("left", False), ("left", True))
    rows.add_row(Text("Win rate", style="bold"), Text(review.standing.text))
    rows.add_row(Text("Quota", style="bold"), Text(review.quotas.text))
    console.print(rows)
    table = _quota_table(review.quotas, review.currency)
    if table is not None:
        console.print(table)


def _quota_table(quotas: Quotas, currency: str | None) -> Table | None:
    shown = [p for p in quotas.periods if p.won_amount is not None]
    if not shown:
        return None
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("period", no_wrap=True)
    table.add_column("quota", justify="right", no_wrap=True)
    table.add_column("won", justify="right", no_wrap=True)
    table.add_column("deals won", justify="right", no_wrap=True)
    table.add_column("of quota", justify="right", no_wrap=True)
    for p in shown:
        label = Text(p.period + (" (so far)" if p.partial else ""))
        table.add_row(
            label,
            money(p.quota, currency),
            money(p.won_amount or 0.0, currency),
            f"{p.won_deals:,}",
            pct(p.attainment),
        )
    return table


def _rate(r: RateFigure) -> str:
    return "—" if r.value is None else f"{pct(r.value)} of {r.n:,}"


def _funnel(funnel: StageFunnel, console: Console) -> None:
    if funnel.stages:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("stage", overflow="fold", max_width=30)
        table.add_column("reached", justify="right", no_wrap=True)
        table.add_column("moved on", justify="right", no_wrap=True)
        table.add_column("rest reached", justify="right", no_wrap=True)
        table.add_column("rest moved on", justify="right", no_wrap=True)
        for s in funnel.stages:
            style = "yellow" if s.weakest and funnel.clear else ""
            table.add_row(
                Text(s.stage + (_WEAKEST[funnel.clear] if s.weakest else ""), style=style),
                pct(s.reach),
                _rate(s.rate),
                pct(s.rest_reach),
                _rate(s.rest_rate),
            )
        console.print(table)
    console.print(Text(funnel.text))


def _findings(review: Review, console: Console) -> None:
    basis = "money at stake" if review.ranked_by == "money" else "expected wins at stake"
    _section(console, f"Findings about {review.name}, by {basis}")
    if not review.findings:
        console.print(Text("None: no check found something about this rep or their deals."))
        return
    names = {i.skill.key: i.skill.name for i in review.plan.items}
    entries = _grid(("right", False), ("left", True))
    for rf in review.findings:
        f = rf.finding
        entry = Text(f.title, style="bold")
        if f.deals:
            entry.append(f" ({plural(len(f.deals), 'deal')})")
        entry.append("\n" + f.summary)
        entry.append(f"\nAt stake: {impact_text(f.impact, review.currency)}.")
        if rf.skill in names:
            entry.append(f" Skill: {names[rf.skill]}.", style="italic")
        entries.add_row(Text(f"{rf.rank}."), entry)
    console.print(entries)


def _plan(plan: CoachingPlan, console: Console) -> None:
    console.print(Text(plan.text, style=PLAN_STYLES[plan.status]))
    if not plan.items:
        return
    entries = _grid(("right", False), ("left", True))
    for item in plan.items:
        entries.add_row(Text(f"{item.rank}."), _item(item))
    console.print(entries)


def _item(item: PlanItem) -> Group:
    """A skill: its name, why (the evidence), the practice, then the moments as bullets that
    wrap under their own text."""
    text = Text(item.skill.name, style="bold")
    for line in item.evidence:
        text.append("\nWhy: ", style="bold")
        text.append(line)
    text.append("\nPractice: ", style="bold")
    text.append(item.skill.practice)
    if not item.moments:
        return Group(text)
    text.append("\nMoments to discuss:", style="bold")
    bullets = _grid(("left", False), ("left", True))
    for m in item.moments:
        bullets.add_row(Text("•"), _moment(m))
    return Group(text, bullets)


def _moment(m: Moment) -> Text:
    text = Text(f"{m.date}  " if m.date else "")
    if m.kind == "quote":
        text.append(f"“{m.text}”", style="italic")
    else:
        text.append(m.text)
    text.append(f" — {m.why}")
    return text


def _judged(plan: CoachingPlan, name: str, console: Console) -> None:
    """Which checks judged the rep and which could not: in full when there is no plan (the
    fairness of "no skill gap" and "too little data" rests on them), else the judged ones in
    a sentence."""
    _section(console, "What was judged")
    if plan.judged_by and plan.status == "skill_gaps":
        titles = "; ".join(n.title for n in plan.judged_by)
        console.print(Text(f"Judged {name} and found nothing to fix: {titles}."))
    elif plan.judged_by and plan.status == "too_little_data":
        console.print(Text(f"Ran, on too little of {name}'s data for a verdict:"))
        console.print(_notes(plan.judged_by))
    elif plan.judged_by:
        console.print(Text(f"Judged {name} and found nothing to fix:"))
        console.print(_notes(plan.judged_by))
    if plan.not_judged:
        console.print(Text("Could not judge:"))
        console.print(_notes(plan.not_judged))
    if not plan.judged_by and not plan.not_judged:
        console.print(Text("Every check that ran found something about this rep."))


def _notes(notes: list[CheckNote]) -> Table:
    rows = _grid(("left", False), ("left", True))
    for n in notes:
        line = Text(n.title, style="bold")
        if n.text:
            line.append(f": {n.text}")
        rows.add_row(Text("•"), line)
    return rows
