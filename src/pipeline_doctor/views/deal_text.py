"""Terminal rendering of a deal's story (Rich): who, what and where it stands first; for a lost
deal the retrospective (likely causes against the recorded reason); then the comparison with
won deals like it, the findings that touch it, the silences and the timeline.

Every text is a `Text`, so markup in CRM text is never parsed; the console strips control
characters (`views.terminal`). No computing here: the story holds every figure."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline_doctor.casework.models import (
    DealStory,
    LossReview,
    PeerComparison,
    QualifyOutEmail,
    TimelineEvent,
)
from pipeline_doctor.wording import figure, money, plural

CONFIDENCE_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim"}
TIMELINE_ROWS = 40
"""Timeline events shown (all with `full_timeline`): the first `HEAD_ROWS` and the latest."""
HEAD_ROWS = 10


def render_deal(story: DealStory, console: Console, *, full_timeline: bool = False) -> None:
    console.print(_header(story))
    if story.loss is not None:
        console.print(_loss(story.loss))
    if story.comparison is not None:
        console.print(_comparison(story.comparison, story.deal.currency))
    if story.findings:
        console.print(Text("Findings that touch this deal", style="bold"))
        for i, f in enumerate(story.findings, 1):
            console.print(Text(f"{i}. {f.title} ({f.how})."))
        console.print()
    if story.silences:
        console.print(Text("Silences", style="bold"))
        for s in story.silences:
            console.print(Text(f"{s.days:.0f} days with nothing after {s.after}"))
        console.print()
    _timeline(story, console, full_timeline)
    if story.absent:
        console.print(Text("Not in your data: " + "; ".join(story.absent) + ".", style="dim"))


def render_email(email: QualifyOutEmail, console: Console) -> None:
    """The email as the rep copies it, then the facts it was built from."""
    head = [Text(f"To: {email.to or '(the buyer)'}"), Text(f"Subject: {email.subject}"), Text()]
    shown = (
        (email.deal_name,)
        if email.deal_name and email.deal in email.deal_name
        else (email.deal, email.deal_name)
    )
    named = " · ".join(x for x in (*shown, email.account_name) if x)
    console.print(
        Panel(Group(*head, Text(email.body)), title=f"Draft for {named}", title_align="left")
    )
    facts = [
        f"{plural(email.words, 'word')}; on the list because {email.why_listed}",
        email.record,
    ]
    console.print(Text("Built from: " + "; ".join(f for f in facts if f) + ".", style="dim"))


def _header(story: DealStory) -> Panel:
    d = story.deal
    lines = [
        Text(d.name or d.id, style="bold"),
        Text(
            " · ".join(
                x
                for x in (
                    d.id,
                    (d.account_name or d.account) and f"account {d.account_name or d.account}",
                    d.rep_name or d.rep,
                    d.source and f"from {d.source}",
                    (d.amount is not None and money(d.amount, d.currency)) or None,
                )
                if x
            )
        ),
    ]
    state = d.outcome if d.outcome != "open" else f"open, in {d.stage or 'an unrecorded stage'}"
    age = f", {plural(d.age_days, 'day')} old" if d.age_days is not None else ""
    closed = f" on {d.closed_at[:10]}" if d.closed_at else ""
    lines.append(Text(f"{state.capitalize()}{closed}{age}."))
    if d.outcome == "lost" and not d.lost_reason_field:
        lines.append(Text("Lost reason: your export has no lost-reason field."))
    elif d.outcome == "lost":
        recorded = d.lost_reason_category or "none"
        text = f" — {d.lost_reason_text}" if d.lost_reason_text else ""
        lines.append(Text(f"Recorded lost reason: {recorded.replace('_', ' ')}{text}"))
    if story.on_qualify_out_list:
        lines.append(
            Text(
                "On the qualify-out list: `pipeline-doctor deal "
                f"{d.id} --email` drafts the honest email to send.",
                style="yellow",
            )
        )
    return Panel(Group(*lines), title="Deal", title_align="left")


def _loss(loss: LossReview) -> Panel:
    parts: list[RenderableType] = [Text(loss.verdict, style="bold")]
    for i, c in enumerate(loss.causes, 1):
        line = Text(f"{i}. {c.label} ")
        line.append(f"[{c.confidence} confidence]", style=CONFIDENCE_STYLES[c.confidence])
        line.append(f" — {'; '.join(c.evidence)}.")
        parts.append(line)
    if loss.not_judged:
        parts.append(Text("Not judged: " + "; ".join(loss.not_judged) + ".", style="dim"))
    return Panel(Group(*parts), title="Why it was lost", title_align="left")


def _comparison(c: PeerComparison, currency: str | None) -> Group:
    if not c.figures:
        return Group(Text(f"Against {c.described}: nothing your data holds to compare."), Text())
    grid = Table(box=None, padding=(0, 1), show_edge=False)
    grid.add_column("", overflow="fold")
    grid.add_column("this deal", justify="right", no_wrap=True)
    grid.add_column("won deals (middle half)", justify="right", no_wrap=True)
    for f in c.figures:
        mid = (
            f"{figure(f.peer_median, f.unit)} ({figure(f.peer_low, f.unit)}–"
            f"{figure(f.peer_high, f.unit)})"
        )
        grid.add_row(
            Text(f.label),
            Text(figure(f.value, f.unit), style="bold red" if f.unusual else ""),
            Text(mid),
        )
    return Group(Text(f"Against {c.described}", style="bold"), grid, Text())


def _timeline(story: DealStory, console: Console, full: bool) -> None:
    events = story.timeline
    hidden = 0 if full else max(0, len(events) - TIMELINE_ROWS)
    head, tail = (events[:HEAD_ROWS], events[HEAD_ROWS + hidden :]) if hidden else (events, [])
    console.print(Text(f"Timeline ({plural(len(events), 'event')})", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for e in head:
        _event_row(grid, e)
    if hidden:
        grid.add_row(Text("…", style="dim"), Text(f"{plural(hidden, 'more event')} (--full "
                                                  "shows them all)", style="dim"))  # fmt: skip
    for e in tail:
        _event_row(grid, e)
    console.print(grid)
    console.print()


def _event_row(grid: Table, e: TimelineEvent) -> None:
    style = "red" if e.unanswered else "bold" if e.kind in ("stage", "closed") else ""
    if e.kind in ("close_date", "reopened"):
        style = "yellow"
    grid.add_row(Text(e.at[:10], style="dim"), Text(e.text, style=style))
