"""From check results to a diagnosis: findings ranked by what they put at stake, each rep's and
the team's weakest link with the upstream findings that explain it, and a plain headline that
claims no more than the checks judged."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Literal

from pipeline_doctor.checks.base import AREAS
from pipeline_doctor.checks.driver_findings import strength
from pipeline_doctor.checks.findings import Finding, Impact
from pipeline_doctor.checks.funnel_leak import StageGap, weakest_links
from pipeline_doctor.diagnosis.links import upstream_areas
from pipeline_doctor.diagnosis.result import (
    CheckSummary,
    RankedFinding,
    RepDiagnosis,
    TeamDiagnosis,
    WeakestLink,
)
from pipeline_doctor.stats import wilson
from pipeline_doctor.wording import money, pct, plural

MIN_CLEAR_GAP = 0.1
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def impact_value(impact: Impact, by: Literal["money", "wins"]) -> float:
    if by == "money" and impact.money is not None:
        return impact.money
    return impact.wins


def impact_text(impact: Impact, currency: str | None) -> str:
    """What a finding puts at stake, in words: money where known, else expected wins."""
    if impact.wins < 0.05:
        return "nothing open"
    wins = (
        f"about {impact.wins:,.1f} wins" if impact.wins < 10 else f"about {impact.wins:,.0f} wins"
    )
    if impact.money is None:
        return f"{wins} (money unknown)"
    return f"{money(impact.money, currency)} ({wins})"


def rank_findings(
    findings: list[Finding], by: Literal["money", "wins"], rep: str | None = None
) -> tuple[list[Finding], list[RankedFinding]]:
    """Every finding numbered 1..n: broken links first, by what they put at stake, then what
    separates won from lost deals, by how much each difference weighs in the data (closed deals
    × gap; ties: severity, id). Links come first because they are the causes to fix; the
    differences are evidence.
    In one rep's diagnosis (`rep`), the findings about the rep's own habits lead (before the
    lists of the rep's deals)."""
    ordered = sorted(
        findings,
        key=lambda f: (
            f.kind != "link",
            rep is not None and (f.scope.kind != "rep" or bool(f.deals)),
            -(impact_value(f.impact, by) if f.kind == "link" else strength(f)),
            SEVERITY_ORDER[f.severity],
            f.id,
        ),
    )
    ranked = [
        RankedFinding(
            rank=i + 1,
            finding=f.id,
            check=f.check,
            kind=f.kind,
            area=f.area,
            area_name=AREAS.get(f.area, str(f.area)),
            severity=f.severity,
            title=f.title,
            summary=f.summary,
            scope=f.scope,
            impact=f.impact,
            deals=len(f.deals),
        )
        for i, f in enumerate(ordered)
    ]
    return ordered, ranked


def _link(g: StageGap | None, min_samples: int) -> WeakestLink | None:
    if g is None:
        return None
    clear = g.gap >= MIN_CLEAR_GAP and g.rate.high < g.team.value and g.reached >= min_samples // 2
    return WeakestLink(
        stage=g.stage,
        rate=g.rate.value,
        baseline=g.team.value,
        shrunk=g.shrunk.value,
        reached=g.reached,
        clear=clear,
    )


def _explaining(
    link: WeakestLink | None,
    candidates: list[Finding],
    positions: dict[str, float],
    symptoms: frozenset[str],
) -> tuple[list[str], list[str]]:
    """The candidates that explain the link (broken links upstream of its stage, not other
    symptoms), and the rest."""
    if link is None:
        return [], [f.id for f in candidates]
    areas = upstream_areas(link.stage, positions.get(link.stage, 0.5))
    inside = [
        f.id for f in candidates if f.area in areas and f.kind == "link" and f.check not in symptoms
    ]
    rest = [f.id for f in candidates if f.id not in inside]
    return inside, rest


def team_weakest(funnel: list[dict[str, Any]]) -> WeakestLink | None:
    """The team's weakest stage: where the most closed deals stopped, with its conversion
    against the average conversion of all stages."""
    totals: dict[str, list[int]] = {}
    for r in funnel:
        t = totals.setdefault(str(r["stage"]), [0, 0])
        t[0] += int(r["advanced"])
        t[1] += int(r["reached"])
    if not totals or not any(n for _, n in totals.values()):
        return None
    if sum(1 for a, b in totals.values() if b > a) < 2:
        return None  # deals stop at one stage only: where they stop says nothing
    stage, (k, n) = max(totals.items(), key=lambda kv: (kv[1][1] - kv[1][0], kv[0]))
    mean = sum(a for a, _ in totals.values()) / max(1, sum(b for _, b in totals.values()))
    stopped = sum(b - a for a, b in totals.values())
    rate = wilson(k, n)
    return WeakestLink(
        stage=stage,
        rate=rate.value,
        baseline=mean,
        shrunk=rate.value,
        reached=n,
        clear=rate.high < mean,
        lost_share=(n - k) / stopped if stopped else None,
    )


def diagnose_reps(
    rep_rows: list[dict[str, Any]],
    funnel: list[dict[str, Any]],
    findings: list[Finding],
    positions: dict[str, float],
    min_samples: int,
    money_known: bool,
    symptoms: frozenset[str] = frozenset(),
) -> list[RepDiagnosis]:
    worst = weakest_links(funnel)
    by_rep: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.scope.kind == "rep" and f.scope.key:
            by_rep[f.scope.key].append(f)
    out = []
    for r in sorted(rep_rows, key=lambda r: str(r["rep"])):
        rep = str(r["rep"])
        link = _link(worst.get(rep), min_samples)
        inside, rest = _explaining(link, by_rep.get(rep, []), positions, symptoms)
        closed = int(r["won"]) + int(r["lost"])
        out.append(
            RepDiagnosis(
                rep=rep,
                name=str(r["name"] or rep),
                team=r.get("team"),
                deals=int(r["deals"]),
                won=int(r["won"]),
                lost=int(r["lost"]),
                open=int(r["open"]),
                open_amount=float(r["open_amount"] or 0.0) if money_known else None,
                win_rate=int(r["won"]) / closed if closed else None,
                weakest_link=link,
                explained_by=inside,
                other_findings=rest,
            )
        )

    def urgency(r: RepDiagnosis) -> tuple[bool, float, str]:
        link = r.weakest_link
        gap = 0.0 if link is None else link.baseline - link.shrunk
        flagged = bool(r.explained_by or r.other_findings or (link and link.clear))
        return (not flagged, -gap, r.rep)

    return sorted(out, key=urgency)


def diagnose_team(
    label: str,
    totals: dict[str, Any],
    funnel: list[dict[str, Any]],
    findings: list[Finding],
    positions: dict[str, float],
    rest_win_rate: float | None,
    symptoms: frozenset[str] = frozenset(),
) -> TeamDiagnosis:
    closed = int(totals["won"]) + int(totals["lost"])
    link = team_weakest(funnel)
    team_level = [f for f in findings if f.scope.kind in ("team", "segment")]
    inside, _ = _explaining(link, team_level, positions, symptoms)
    return TeamDiagnosis(
        label=label,
        deals=int(totals["deals"]),
        won=int(totals["won"]),
        lost=int(totals["lost"]),
        open=int(totals["open"]),
        open_amount=totals["open_amount"],
        win_rate=int(totals["won"]) / closed if closed else None,
        rest_win_rate=rest_win_rate,
        weakest_link=link,
        explained_by=inside,
    )


def _rate_sentence(team: TeamDiagnosis) -> str:
    closed = team.won + team.lost
    who = f"{team.label[:1].upper()}{team.label[1:]} wins"
    text = f"{who} {pct(team.win_rate)} of closed deals ({team.won:,} of {closed:,})"
    if team.rest_win_rate is not None:
        text += f", against {pct(team.rest_win_rate)} for the rest of the team"
    return text + "."


def _status_sentence(checks: list[CheckSummary]) -> str:
    counts = Counter(str(c.status) for c in checks)
    parts = [
        f"{plural(counts[s], 'check')} {words}"
        for s, words in (
            ("findings", "found something"),
            ("healthy", "judged healthy"),
            ("too_little_data", "had too little data"),
            ("skipped", "skipped for data your export lacks"),
            ("error", "failed"),
        )
        if counts[s]
    ]
    return "Of the checks, " + ", ".join(parts) + "." if parts else ""


def _listed(causes: list[RankedFinding]) -> str:
    """Titles joined in one sentence: "A", "A and B", "A; B; and C"."""
    titles = [c.title[:1].lower() + c.title[1:] if c.scope.kind != "rep" else c.title
              for c in causes]  # fmt: skip
    if len(titles) < 3:
        return " and ".join(titles)
    return "; ".join(titles[:-1]) + "; and " + titles[-1]


def summary_repeats_title(c: RankedFinding) -> bool:
    """Whether the summary opens with the title's subject (won-against-lost findings do), so
    a view shows the summary alone."""
    return c.summary.split()[:3] == c.title.split()[:3]


def _cause(c: RankedFinding) -> str:
    """A cause in a sentence with its proof: the title, then the summary, unless the summary
    already opens with the title's subject."""
    if summary_repeats_title(c):
        return c.summary
    return f"{c.title} — {c.summary}"


def headline(
    team: TeamDiagnosis,
    causes: list[RankedFinding],
    checks: list[CheckSummary],
    currency: str | None,
    money_note: str | None = None,
) -> tuple[str, list[str], list[str]]:
    """The answer in three parts, claiming no more than the checks judged: a headline (the win
    rate and what holds it back most), the top causes in a sentence each with the number that
    proves it, and notes (where lost deals stop, how money was valued, what the checks did)."""
    if team.deals == 0:
        if team.label != "the team":
            return f"{team.label[:1].upper()}{team.label[1:]} has no deals in this scope.", [], []
        return (
            "There are no deals to diagnose yet.",
            [],
            ["Import your CRM data (pipeline-doctor import ...) or run pipeline-doctor demo."],
        )
    rate = _rate_sentence(team)
    status = _status_sentence(checks)
    if not causes:
        judged = any(c.status == "healthy" for c in checks)
        head = (
            "No broken link stands out in what could be judged."
            if judged
            else "Too little data to judge any link of the sales process."
        )
        return f"{rate} {head}", [], [status]
    top = causes[:3]
    answer = [f"{_cause(c)} At stake: {impact_text(c.impact, currency)}." for c in top]
    notes = []
    w = team.weakest_link
    if w is not None and w.clear and w.lost_share is not None:
        notes.append(
            f"The most lost deals stop at {w.stage} ({pct(w.lost_share)} of them): "
            f"{pct(w.rate)} of deals there move on, against {pct(w.baseline)} across all stages."
        )
    if money_note:
        ranked = "expected wins" if "unknown" in money_note else "money at stake"
        notes.append(f"{money_note}; findings are ranked by {ranked}.")
    notes.append(status)
    links = [c for c in top if c.kind == "link"]
    if links:  # what holds the team back are the broken links; drivers are evidence
        return f"{rate} What holds it back most: {_listed(links)}.", answer, notes
    titles = _listed(top)
    return (
        f"{rate} No broken link stands out in what could be judged; what separates won from "
        f"lost deals most: {titles}.",
        answer,
        notes,
    )
